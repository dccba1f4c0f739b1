"""resoc export sessions | clients and resoc import clients | sessions."""

import typer

export_app = typer.Typer(no_args_is_help=True, help="Export sessions or clients (csv, json, jsonl).")
import_app = typer.Typer(no_args_is_help=True, help="Import clients or sessions from a file.")
