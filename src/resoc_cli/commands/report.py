"""resoc report year | month — the funder's yearly report and the monthly overview."""

import typer

app = typer.Typer(no_args_is_help=True, help="Yearly and monthly reports.")
