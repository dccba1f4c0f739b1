"""resoc export sessions | clients and resoc import clients | sessions."""

import sys
from functools import partial
from typing import Annotated

import typer

from resoc_cli import render
from resoc_cli.commands.common import (
    FromOpt,
    MonthOpt,
    ToOpt,
    YearOpt,
    db,
    on_server,
    today,
    write,
)
from resoc_cli.errors import InvalidInput, ResocError
from resoc_cli.i18n import _, ngettext

export_app = typer.Typer(no_args_is_help=True, help="Export sessions or clients.")
import_app = typer.Typer(no_args_is_help=True, help="Import clients or sessions from a file.")

FormatOpt = Annotated[
    str, typer.Option("--format", help="csv, json, jsonl or xlsx (xlsx needs --output).")
]
OutputOpt = Annotated[
    str | None, typer.Option("--output", "-o", metavar="FILE", help="Write here (atomically).")
]
ExcelOpt = Annotated[
    bool, typer.Option("--excel", help="CSV for Czech Excel: ';', UTF-8 with BOM, decimal comma.")
]
ForOpt = Annotated[
    str | None,
    typer.Option(
        "--for",
        metavar="RECIPIENT",
        help="Only the clients with a recorded consent to share with RECIPIENT.",
    ),
]
PseudoOpt = Annotated[
    bool,
    typer.Option("--pseudonymise", help="No names, birth dates or free text; stable pseudonyms."),
]


def _format(fmt: str, excel: bool, output: str | None) -> str:
    from resoc_cli.formats import EXPORT_FORMATS

    fmt = fmt.lower()
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(
            _("format: {value} is not one of {choices}").format(
                value=repr(fmt), choices=", ".join(EXPORT_FORMATS)
            )
        )
    if excel and fmt != "csv":
        raise InvalidInput(_("excel: only with --format csv"))
    if fmt == "xlsx" and output is None:
        raise InvalidInput(_("format: xlsx is a file, not a stream; add --output FILE.xlsx"))
    if output is not None and not on_server():  # checked before anything is written
        from pathlib import Path

        from resoc_cli.commands.common import db_path

        database = db_path().resolve()
        protected = {database, *(database.with_name(database.name + s) for s in ("-wal", "-shm"))}
        if Path(output).resolve() in protected:
            raise InvalidInput(_("output: that is the database itself; choose another file"))
    return fmt


def _export(export: dict, fmt, output, excel) -> None:
    """Stream an export's rows to stdout or ``output``; a progress bar on a terminal for long
    ones."""
    from resoc_cli import formats
    from resoc_cli.domain.exchange import DATE_COLUMNS, HOURS_COLUMNS, with_hours

    for warning in export["warnings"]:
        render.warn(warning)
    columns = export["columns"]
    rows = render.with_progress(export["rows"], export["count"], "export")
    if fmt == "xlsx":
        columns, rows = with_hours(columns, rows)
        n = formats.write_xlsx(output, columns, rows, DATE_COLUMNS, HOURS_COLUMNS)
    else:
        with formats.output(output, bom=excel) as out:
            n = formats.write_rows(out, columns, rows, fmt, excel=excel)
    left_out = export.get("left_out", lambda: None)()
    if left_out:
        render.warn(left_out)
    if output is not None:
        wrote = ngettext("wrote {n} row(s) to {path}", "wrote {n} row(s) to {path}", n)
        sys.stderr.write(f"resoc: {wrote.format(n=n, path=output)}\n")


@export_app.command("sessions")
def export_sessions(
    month: MonthOpt = None,
    year: YearOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    fmt: FormatOpt = "csv",
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    pseudonymise: PseudoOpt = False,
    recipient: ForOpt = None,
) -> None:
    """Sessions, one row each: session_id, date, client, programme, activity, minutes, ...

    \b
    Example: resoc export sessions --month 2026-06 --format xlsx -o cerven.xlsx"""
    from resoc_cli.services.exchange import period, session_export

    fmt = _format(fmt, excel, output)
    first, last = period(month, from_, to, year)
    _export(session_export(db(), first, last, recipient, pseudonymise), fmt, output, excel)


@export_app.command("clients")
def export_clients(
    month: MonthOpt = None,
    year: YearOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    fmt: FormatOpt = "csv",
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    pseudonymise: PseudoOpt = False,
    recipient: ForOpt = None,
) -> None:
    """Clients, one row each, with the current enrolment, hours, plan and completion state.

    With a period: only the clients served in it (an enrolment active or a session in it).

    \b
    Example: resoc export clients --from 2026-01-01 --to 2026-06-30 --pseudonymise"""
    from resoc_cli.services.exchange import client_export, period

    fmt = _format(fmt, excel, output)
    first, last = period(month, from_, to, year)
    _export(client_export(db(), first, last, recipient, pseudonymise), fmt, output, excel)


FileArg = Annotated[str, typer.Argument(metavar="FILE", help="csv, json or jsonl.")]
EncodingOpt = Annotated[
    str | None, typer.Option("--encoding", help="e.g. cp1250 for older Czech spreadsheets.")
]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Validate and report; write nothing.")]
AllowDuplicateOpt = Annotated[
    bool,
    typer.Option(
        "--allow-duplicate", help="Add a client with the same name and birth date as another."
    ),
]
InFormatOpt = Annotated[
    str | None, typer.Option("--format", help="csv, json or jsonl (default: from the name).")
]


def _lines(path: str) -> int:
    """Rows of a file, roughly (its line count): the progress bar's total."""
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


def _import(file, encoding, fmt, dry_run, what, columns, required, service) -> None:
    """Read, check the columns, then let ``service(conn, records, dry_run, write)`` validate
    every row and insert all of them or none."""
    from resoc_cli.formats import read_records
    from resoc_cli.importing import check_columns

    found, records = read_records(file, encoding, fmt)
    records = render.with_progress(records, partial(_lines, file), "import")
    check_columns(found, columns, required)
    if what == "clients":
        from resoc_cli.domain.exchange import CLIENT_TWINS, with_twins

        records = with_twins(records, CLIENT_TWINS)
    # validated before the write lock is taken (``write``): others may write meanwhile
    result = service(db(create=True), records, dry_run, write)
    if result["problems"]:
        for problem in result["problems"]:
            sys.stderr.write(f"{problem}\n")
        n = len(result["problems"])
        if result.get("duplicates") == n:  # only clients recorded already: as client add
            from resoc_cli.errors import Conflict

            raise Conflict(_import_text(what, "problems", n))
        raise ResocError(_import_text(what, "problems", n))
    render.line(_import_text(what, "checked" if dry_run else "done", result["rows"]))


def _import_text(what: str, event: str, n: int) -> str:
    """The messages of an import of ``what`` (clients, sessions): problems found, rows that
    would be imported (--dry-run), rows imported. English keeps its "(s)" in every count."""
    texts = {
        ("clients", "problems"): ngettext(
            "import: {n} problem(s) in the clients file; nothing was written",
            "import: {n} problem(s) in the clients file; nothing was written",
            n,
        ),
        ("sessions", "problems"): ngettext(
            "import: {n} problem(s) in the sessions file; nothing was written",
            "import: {n} problem(s) in the sessions file; nothing was written",
            n,
        ),
        ("clients", "checked"): ngettext(
            "would import {n} client(s)", "would import {n} client(s)", n
        ),
        ("sessions", "checked"): ngettext(
            "would import {n} session(s)", "would import {n} session(s)", n
        ),
        ("clients", "done"): ngettext("imported {n} client(s)", "imported {n} client(s)", n),
        ("sessions", "done"): ngettext("imported {n} session(s)", "imported {n} session(s)", n),
    }
    return texts[what, event].format(n=n)


@import_app.command("clients")
def import_clients(
    file: FileArg,
    encoding: EncodingOpt = None,
    fmt: InFormatOpt = None,
    dry_run: DryRunOpt = False,
    allow_duplicate: AllowDuplicateOpt = False,
) -> None:
    """Import clients (and their current enrolment); all rows or none.

    \b
    Example: resoc import clients klienti.csv --encoding cp1250 --dry-run"""
    from resoc_cli.domain.exchange import CLIENT_COLUMNS, CLIENT_REQUIRED
    from resoc_cli.services.exchange import import_clients as service

    def run(conn, records, dry_run, write):
        return service(conn, records, today(), dry_run, allow_duplicate, write)

    _import(file, encoding, fmt, dry_run, "clients", CLIENT_COLUMNS, CLIENT_REQUIRED, run)


@import_app.command("sessions")
def import_sessions(
    file: FileArg,
    encoding: EncodingOpt = None,
    fmt: InFormatOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Import sessions of existing clients; all rows or none.

    \b
    Example: resoc import sessions setkani.csv --dry-run"""
    from resoc_cli.domain.exchange import SESSION_COLUMNS, SESSION_REQUIRED
    from resoc_cli.services.exchange import import_sessions as service

    _import(file, encoding, fmt, dry_run, "sessions", SESSION_COLUMNS, SESSION_REQUIRED, service)
