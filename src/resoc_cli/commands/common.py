"""What every command module shares: the database handle, today, options, client lookup."""

import sqlite3
from datetime import date
from typing import Annotated

import typer

_db_option: str | None = None
_conn: sqlite3.Connection | None = None


def set_db_option(value: str | None) -> None:
    """The ``--db`` of this run; a handle left open by an earlier run in the same process
    is closed (never dropped open: its WAL would be checkpointed at some later moment)."""
    global _db_option
    close()
    _db_option = value


def close() -> None:
    """Close the database, if a command opened it."""
    global _conn
    if _conn is not None:
        from resoc_cli import files

        _conn.close()
        _conn = None
        files.forget_protected()


def on_server() -> bool:
    """Whether --db or RESOC_DB names a PostgreSQL server (a team's caseload)."""
    from resoc_cli.storage.db import is_server

    return is_server(db_target())


def db_target():
    """What --db or RESOC_DB names, as given (a path, a PostgreSQL URL), None for the default."""
    from resoc_cli.storage.db import target

    return target(_db_option)


def db_label() -> str:
    """The database as a message names it: the file's path, or a server database's name
    (never its URL, which may hold a password)."""
    if on_server():
        from resoc_cli.storage.db import server_database

        return server_database(db_target())
    return str(db_path())


def db_path():
    from resoc_cli.storage.db import resolve_path

    return resolve_path(_db_option)


def _settings_path():
    from resoc_cli.config import config_path

    return config_path()


def db(*, create: bool = False) -> sqlite3.Connection:
    """The open database (migrated on first use). A read (the default) on a path that holds
    no database refuses (StorageError, exit 5) and creates nothing: a mistyped ``--db`` must
    not show an empty caseload. ``create``: a write, which creates a new database and says so
    on stderr."""
    global _conn
    if _conn is None and on_server():
        from resoc_cli.storage.db import connect_server

        _conn = connect_server(db_target(), command_path(), create=create)
    if _conn is None:
        from resoc_cli.storage.db import connect

        path = db_path()
        new = create and not path.exists()
        _conn = connect(path, create=create)
        from resoc_cli import files

        files.protect_database(path)  # no output of this command may replace them
        files.protect(_settings_path, "settings")  # found only if a file is written
        if new:
            from resoc_cli import render
            from resoc_cli.i18n import _

            render.note(_("new database created at {path}").format(path=path))
    return _conn


def write():
    """``with write() as conn:`` one command, one transaction, one change in the journal
    (creating the database when there is none yet)."""
    from resoc_cli.storage.db import change

    conn = db(create=True)
    conn.command = command_path()
    return change(conn, conn.command)


def command_path() -> str:
    """``client add`` for the running command (recorded in the audit trail)."""
    try:  # typer >= 0.26 carries its own click
        from typer.main import get_current_context
    except ImportError:  # pragma: no cover - older typer
        from click import get_current_context
    ctx = get_current_context(silent=True)
    if ctx is None:
        return "resoc"
    return ctx.command_path.removeprefix(ctx.find_root().info_name or "").strip() or "resoc"


def table_name(table: str) -> str:
    """A table as people call it (the table name in English in --json and the trail)."""
    from resoc_cli.i18n import _

    names = {
        "clients": _("clients"),
        "enrolments": _("enrolments"),
        "family_members": _("family_members"),
        "sessions": _("sessions"),
        "session_members": _("session_members"),
        "contacts": _("contacts"),
        "plan_goals": _("plan_goals"),
        "plan_reviews": _("plan_reviews"),
        "consents": _("consents"),
        "audit_values": _("audit_values"),
        "plans": _("plans"),
        "plan_needs": _("plan_needs"),
        "programmes": _("programmes"),
        "groups": _("groups"),
        "group_members": _("group_members"),
        "meetings": _("meetings"),
        "database": _("database"),
        "client_shares": _("client_shares"),
        "team": _("team"),
    }
    return names.get(table, table)


def plan_word(state: str | None) -> str:
    """A plan state (none, draft, agreed) for people; JSON keeps the English word."""
    from resoc_cli.i18n import _

    words = {"none": _("none"), "draft": _("draft"), "agreed": _("agreed")}
    return words.get(state, state) if state is not None else ""


def confirm_or_refuse(yes: bool, question: str) -> None:
    """Destructive commands: --yes, or a question in a terminal; scripts without --yes fail."""
    import sys

    from resoc_cli.errors import InvalidInput
    from resoc_cli.i18n import _

    if yes:
        return
    if not sys.stdin.isatty():
        raise InvalidInput(_("confirmation: add --yes to confirm"))
    if not typer.confirm(question, default=False, err=True):
        raise typer.Abort()


def today() -> date:
    return date.today()


def day(text: str | None, field: str, *, past: bool = False) -> date:
    """A typed date, defaulting to today; ``past`` refuses dates in the future."""
    from resoc_cli.domain.parse import parse_date, parse_past_date

    if text is None:
        return today()
    return (parse_past_date if past else parse_date)(text, field, today=today())


JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document to stdout.")]
ClientArg = Annotated[
    str, typer.Argument(metavar="CLIENT", help="The client: a code (K0001) or a part of the name.")
]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", metavar="DATE", help="YYYY-MM-DD, D.M.YYYY, today or yesterday."),
]


#: The period options of every listing and export, here (not in options.py) because every
#: command loads this module anyway; domain/period.py is their one rule.
MonthOpt = Annotated[
    str | None, typer.Option("--month", metavar="YYYY-MM", help="Only this month.")
]
YearOpt = Annotated[str | None, typer.Option("--year", metavar="YYYY", help="Only this year.")]
FromOpt = Annotated[str | None, typer.Option("--from", metavar="DATE", help="First day.")]
ToOpt = Annotated[str | None, typer.Option("--to", metavar="DATE", help="Last day (inclusive).")]
