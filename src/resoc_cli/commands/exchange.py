"""resoc export sessions | clients and resoc import clients | sessions."""

import sys
from functools import partial
from typing import Annotated

import typer

from resoc_cli import render
from resoc_cli.commands.common import db, today, write
from resoc_cli.errors import InvalidInput, ResocError
from resoc_cli.i18n import _, ngettext

export_app = typer.Typer(no_args_is_help=True, help="Export sessions or clients.")
import_app = typer.Typer(no_args_is_help=True, help="Import clients or sessions from a file.")

MonthOpt = Annotated[
    str | None, typer.Option("--month", metavar="YYYY-MM", help="Only this month.")
]
FromOpt = Annotated[str | None, typer.Option("--from", metavar="DATE", help="First day.")]
ToOpt = Annotated[str | None, typer.Option("--to", metavar="DATE", help="Last day (inclusive).")]
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
        help="Leave out every client whose consent to share with RECIPIENT is withdrawn.",
    ),
]
PseudoOpt = Annotated[
    bool,
    typer.Option("--pseudonymise", help="No names, birth dates or free text; stable pseudonyms."),
]


def _period(month, first, last):
    from resoc_cli.domain.parse import parse_date, parse_month

    if month and (first or last):
        raise InvalidInput(_("period: give --month or --from/--to, not both"))
    if month:
        return parse_month(month)
    if first or last:
        if not (first and last):
            raise InvalidInput(_("period: give both --from and --to"))
        a, b = parse_date(first, "from"), parse_date(last, "to")
        if b < a:
            raise InvalidInput(_("to: before --from"))
        return a, b
    return None, None


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
    return fmt


def _refused(conn, recipient: str | None) -> set[str]:
    """Codes of clients who withdrew consent to share with ``recipient`` (left out)."""
    if recipient is None:
        return set()
    from resoc_cli.commands.privacy import PARTY
    from resoc_cli.storage.privacy import known_parties, withdrawn_for

    party = recipient.strip().lower()
    if not PARTY.match(party):
        raise InvalidInput(_("for: use a party name as recorded with resoc client consent"))
    if party not in known_parties(conn):
        render.warn(
            _("no consent was ever recorded for {party}: check the spelling").format(
                party=repr(party)
            )
        )
    return withdrawn_for(conn, party)


def _export(columns, rows, count, fmt, output, excel) -> None:
    """Stream ``rows`` to stdout or ``output``; a progress bar on a terminal for long ones."""
    from resoc_cli import formats
    from resoc_cli.domain.exchange import DATE_COLUMNS

    if output is not None:
        from pathlib import Path

        from resoc_cli.commands.common import db_path

        database = db_path().resolve()
        protected = {database, *(database.with_name(database.name + s) for s in ("-wal", "-shm"))}
        if Path(output).resolve() in protected:
            raise InvalidInput(_("output: that is the database itself; choose another file"))
    rows = render.with_progress(rows, count, "export")
    if fmt == "xlsx":
        n = formats.write_xlsx(output, columns, rows, DATE_COLUMNS)
    else:
        with formats.output(output, bom=excel) as out:
            n = formats.write_rows(out, columns, rows, fmt, excel=excel)
    if output is not None:
        wrote = ngettext("wrote {n} row(s) to {path}", "wrote {n} row(s) to {path}", n)
        sys.stderr.write(f"resoc: {wrote.format(n=n, path=output)}\n")


@export_app.command("sessions")
def export_sessions(
    month: MonthOpt = None,
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
    Example: resoc export sessions --month 2026-06 --format xlsx -o setkani-2026-06.xlsx"""
    from resoc_cli.domain.exchange import SESSION_COLUMNS, pseudonym
    from resoc_cli.storage.exchange import pseudonym_key, session_count, session_rows

    fmt = _format(fmt, excel, output)
    first, last = _period(month, from_, to)
    conn = db()
    rows = session_rows(conn, first, last)
    refused = _refused(conn, recipient)
    if refused:
        rows = (r for r in rows if r[2].upper() not in refused)
    if pseudonymise:
        key = pseudonym_key(conn)
        rows = ((*r[:2], pseudonym(key, r[2]), *r[3:8], None) for r in rows)
    count = partial(session_count, conn, first, last)
    _export(SESSION_COLUMNS, rows, count, fmt, output, excel)


@export_app.command("clients")
def export_clients(
    month: MonthOpt = None,
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
    from resoc_cli.domain.exchange import CLIENT_COLUMNS, CLIENT_PRIVATE, pseudonym
    from resoc_cli.domain.rules import plan_state
    from resoc_cli.quick import evaluate, plan_facts
    from resoc_cli.storage.exchange import client_count, client_rows, pseudonym_key

    fmt = _format(fmt, excel, output)
    first, last = _period(month, from_, to)
    conn = db()
    key = pseudonym_key(conn) if pseudonymise else None
    refused = _refused(conn, recipient)

    def rows():
        for r in client_rows(conn, first, last):
            if r["code"].upper() in refused:
                continue
            enrolled = r["enrolment_id"] is not None
            row = {
                "code": r["code"],
                "name": r["name"],
                "born": r["born"],
                "sex": r["sex"],
                "referral": r["referral"],
                "status": r["status"],
                "release": r["release_date"],
                "contract": r["contract_date"],
                "note": r["note"],
                "programme": r["programme"],
                "start_date": r["start_date"],
                "end_date": r["end_date"],
                "enrolment_state": r["state"],
                "attended_minutes": r["attended_minutes"] if enrolled else None,
                "required_minutes": r["min_minutes"],
                "plan": plan_state(plan_facts(r)) if enrolled else None,
                "complete": evaluate(r).complete if enrolled else None,
            }
            if key is not None:
                row.update({c: None for c in CLIENT_PRIVATE}, code=pseudonym(key, r["code"]))
            yield [row[c] for c in CLIENT_COLUMNS]

    count = partial(client_count, conn, first, last)
    _export(CLIENT_COLUMNS, rows(), count, fmt, output, excel)


FileArg = Annotated[str, typer.Argument(metavar="FILE", help="csv, json or jsonl.")]
EncodingOpt = Annotated[
    str | None, typer.Option("--encoding", help="e.g. cp1250 for older Czech spreadsheets.")
]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Validate and report; write nothing.")]
InFormatOpt = Annotated[
    str | None, typer.Option("--format", help="csv, json or jsonl (default: from the name).")
]


def _lines(path: str) -> int:
    """Rows of a file, roughly (its line count): the progress bar's total."""
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


def _import(file, encoding, fmt, dry_run, what, columns, required, validate, insert) -> None:
    """Read, check the columns, validate every row, then insert all of them or none.

    ``validate(records, conn)`` returns ``(rows, problems)``; ``insert(conn, rows)`` writes."""
    from resoc_cli.formats import read_records
    from resoc_cli.importing import check_columns

    found, records = read_records(file, encoding, fmt)
    records = render.with_progress(records, partial(_lines, file), "import")
    check_columns(found, columns, required)
    with write() as conn:
        rows, problems = validate(records, conn)
        if problems:
            for problem in problems:
                sys.stderr.write(f"{problem}\n")
            raise ResocError(_import_text(what, "problems", len(problems)))
        if not dry_run:
            insert(conn, rows)
    render.line(_import_text(what, "checked" if dry_run else "done", len(rows)))


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
) -> None:
    """Import clients (and their current enrolment); all rows or none.

    \b
    Example: resoc import clients klienti.csv --encoding cp1250 --dry-run"""
    from resoc_cli.domain.exchange import CLIENT_COLUMNS, CLIENT_REQUIRED
    from resoc_cli.importing import validate_clients
    from resoc_cli.storage.clients import next_code
    from resoc_cli.storage.exchange import client_codes, insert_clients, programme_ids

    def validate(records, conn):
        first_auto = int(next_code(conn)[1:])
        return validate_clients(records, client_codes(conn), programme_ids(conn), first_auto)

    _import(
        file,
        encoding,
        fmt,
        dry_run,
        "clients",
        CLIENT_COLUMNS,
        CLIENT_REQUIRED,
        validate,
        lambda conn, rows: insert_clients(conn, rows, today()),
    )


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
    from resoc_cli.importing import validate_sessions
    from resoc_cli.storage.exchange import (
        client_births,
        client_codes,
        enrolment_spans,
        insert_sessions,
    )

    def validate(records, conn):
        spans, births = enrolment_spans(conn), client_births(conn)
        return validate_sessions(records, client_codes(conn), spans, births)

    _import(
        file,
        encoding,
        fmt,
        dry_run,
        "sessions",
        SESSION_COLUMNS,
        SESSION_REQUIRED,
        validate,
        insert_sessions,
    )
