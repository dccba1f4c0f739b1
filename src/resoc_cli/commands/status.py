"""The questions: hours, check, caseload; and housekeeping: init (resoc db: commands.database)."""

from enum import StrEnum
from typing import Annotated

import typer

from resoc_cli import render
from resoc_cli.commands.common import ClientArg, JsonOpt, db, db_path, plan_word, today
from resoc_cli.domain.codes import label as code
from resoc_cli.i18n import _, ngettext


class By(StrEnum):
    activity = "activity"
    month = "month"


def hours(
    client: ClientArg,
    by: Annotated[
        By | None, typer.Option("--by", help="Break the attended hours down by activity or month.")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """How many hours has this client done? (active enrolment, else the most recent)

    \b
    Example: resoc hours K0002 --by month"""
    from resoc_cli.answers import hours_parts, print_hours
    from resoc_cli.services.status import hours_breakdown, hours_by, hours_document

    conn = db()
    document, enrolment_id = hours_document(conn, client)
    groups = []
    if by is not None:
        groups = hours_by(conn, enrolment_id, by.value)
        document.update(hours_breakdown(groups, by.value))
    if json_:
        render.emit_json(document)
        return
    if by is None:
        print_hours(conn, document, enrolment_id)
        return
    render.parts(*hours_parts(document))
    if by is not None:
        from resoc_cli.i18n import hours as format_hours

        render.table(
            None,
            [by.value, "sessions", "hours"],
            [
                (
                    code(g["bucket"]) if by is By.activity else g["bucket"],
                    g["sessions"],
                    format_hours(g["minutes"]),
                )
                for g in groups
            ],
            right={"sessions", "hours"},
            empty="no attended sessions",
        )


def check(
    client: Annotated[
        str | None, typer.Argument(metavar="[CLIENT]", help="A client code; none: every active.")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Has the client completed the programme? Exit 0 when complete, 1 when not.

    \b
    Example: resoc check K0003"""
    from resoc_cli.answers import check_lines
    from resoc_cli.services.status import check_answer, check_documents

    documents = check_documents(db(), client)
    if json_:
        render.emit_json(check_answer(documents, client))
    else:
        for text in check_lines(documents):
            render.wrapped(text)
        if client is None and not documents:
            render.line(_("no active enrolments"))
    raise typer.Exit(0 if all(d["complete"] for d in documents) else 1)


def caseload(json_: JsonOpt = False) -> None:
    """One row per open client: programme, hours, sessions, plan, family contact.

    \b
    Example: resoc caseload"""
    from resoc_cli.answers import caseload_json
    from resoc_cli.services.status import caseload_documents

    if json_:
        render.machine(caseload_json(db(), today()))
        return
    documents = caseload_documents(db(), today())
    from resoc_cli.i18n import hours as format_hours

    render.table(
        None,
        [
            "code",
            "name",
            "programme",
            "hours",
            "progress",
            "sessions",
            "last session",
            "plan",
            "family contact",
        ],
        [
            (
                d["code"],
                d["name"],
                d["programme"] or "-",
                f"{format_hours(d['attended_minutes'])} / {format_hours(d['required_minutes'])}"
                if d["programme"]
                else "",
                render.progress_bar(d["attended_minutes"], d["required_minutes"], 10)
                if d["programme"]
                else "",
                d["sessions"],
                d["last_session"],
                plan_word(d["plan"]),
                _days_ago(d["days_since_family_contact"]),
            )
            for d in documents
        ],
        right={"hours", "sessions"},
        empty="no open clients",
    )


def _days_ago(days: int | None) -> str:
    if days is None:
        return ""
    return ngettext("{n} days ago", "{n} days ago", days).format(n=days)


def init() -> None:
    """Create the database (idempotent; a write creates it too, a read refuses without one).

    \b
    Example: resoc init"""
    from resoc_cli.commands.common import db_target
    from resoc_cli.services.status import database_info, init_server, on_server

    if on_server(db_target()):
        result = init_server(db_target())
        render.line(
            _("database ready: PostgreSQL database {name} (schema {version})").format(**result)
        )
        return
    version = database_info(db(create=True), db_path())["schema_version"]
    render.line(
        _("database ready: {path} (schema {version})").format(path=db_path(), version=version)
    )
