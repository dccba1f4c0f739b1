"""The questions asked dozens of times a day: how many hours, is the programme complete, the
caseload. Standard library only below this module (no Typer, rich or pydantic): the quick path
answers with these at little more than Python's own start-up."""

import sqlite3
from datetime import date

from resoc_cli.domain.errors import Conflict, NotFound
from resoc_cli.i18n import _


def _split(text: str | None) -> frozenset[str]:
    return frozenset(text.split(",")) if text else frozenset()


def plan_facts(row):
    from resoc_cli.domain.rules import PlanFacts

    return PlanFacts(
        agreed=row["plan_agreed"] is not None,
        goal_areas=_split(row["goal_areas"]),
        need_areas=_split(row["need_areas"]),
    )


def evaluate(row):
    """The completion check for one row of ``storage.views.check_facts``."""
    from resoc_cli.domain.rules import ProgrammeRules, Progress, check_completion

    programme = ProgrammeRules(
        code=row["programme"],
        min_minutes=row["min_minutes"],
        sessions=row["programme_sessions"],
        session_minutes=row["session_minutes"],
        phases=row["phases"],
        audience=row["audience"],
        plan_required=bool(row["plan_required"]),
    )
    progress = Progress(
        attended_minutes=row["attended_minutes"],
        attended_sessions=row["attended_sessions"],
        short_sessions=row["short_sessions"],
        phases_covered=frozenset(int(p) for p in _split(row["phases_covered"])),
    )
    return check_completion(programme, progress, plan_facts(row))


def hours_document(conn: sqlite3.Connection, client: str) -> tuple[dict, int]:
    """``resoc hours`` as a JSON document, and the enrolment id it describes (the active
    enrolment, else the most recent)."""
    from resoc_cli.storage.views import hours as hours_query

    row = hours_query(conn, client)
    if row is None:  # not a code: a unique part of a name?
        from resoc_cli.storage.clients import client_by_name

        row = hours_query(conn, client_by_name(conn, client))
    if row["enrolment_id"] is None:
        raise NotFound(
            _("enrolment: {client} has never been enrolled (resoc enrol {client} PROGRAMME)")
            .format(client=row["client"])
        )  # fmt: skip
    done, required = row["attended_minutes"], row["required_minutes"]
    document = {
        "client": row["client"],
        "programme": row["programme"],
        "programme_name": row["programme_name"],
        "state": row["state"],
        "start_date": row["start_date"],
        "attended_minutes": done,
        "required_minutes": required,
        "remaining_minutes": max(0, required - done),
        "sessions": row["sessions"],
    }
    return document, row["enrolment_id"]


def hours_by(conn: sqlite3.Connection, enrolment_id: int, by: str) -> list[dict]:
    """Attended sessions and minutes of one enrolment per ``activity`` or ``month``."""
    from resoc_cli.storage.reports import hours_by as query

    return [dict(r) for r in query(conn, enrolment_id, by)]


def hours_breakdown(groups: list[dict], by: str) -> dict:
    """``hours --by``'s keys: ``by``, an object of minutes keyed by month or activity (as
    before), and the same as a list, ``months`` or ``activities``, of ``{"month"|"activity",
    "sessions", "minutes", "hours"}`` in order."""
    return {
        "by": {g["bucket"]: g["minutes"] for g in groups},
        {"month": "months", "activity": "activities"}[by]: [
            {by: g["bucket"], "sessions": g["sessions"], "minutes": g["minutes"],
             "hours": round(g["minutes"] / 60, 2)}
            for g in groups
        ],
    }  # fmt: skip


def check_answer(documents: list[dict], client: str | None):
    """``check --json``: a list over every active enrolment; for one client its document,
    with ``clients``, a list of that one document, the shape of the answer for all."""
    if client is None:
        return documents
    return {**documents[0], "clients": [documents[0]]}


def check_documents(conn: sqlite3.Connection, client: str | None) -> list[dict]:
    """``resoc check``: one document per checked enrolment (one client's, or every active)."""
    from resoc_cli.storage.views import check_facts

    rows = check_facts(conn, client)
    if client is not None and not rows:
        from resoc_cli.storage.clients import find_client

        row = find_client(conn, client)  # a name, or a client never enrolled
        rows = check_facts(conn, row["code"])
        if not rows:
            raise NotFound(
                _("enrolment: {client} has never been enrolled").format(client=row["code"])
            )
    documents = []
    for r in rows:
        result = evaluate(r)
        documents.append(
            {
                "client": r["client"],
                "programme": r["programme"],
                "programme_name": r["programme_name"],
                "state": r["state"],
                "complete": result.complete,
                "unmet": result.unmet,
                "warnings": result.warnings,
            }
        )
    return documents


def active_facts(conn: sqlite3.Connection, client: str):
    """The check facts of the client's active enrolment (by code or name); Conflict when the
    client has none."""
    from resoc_cli.storage.clients import find_client
    from resoc_cli.storage.views import check_facts

    code = find_client(conn, client)["code"]
    rows = check_facts(conn, code)
    if not rows or rows[0]["state"] != "active":
        raise Conflict(_("enrolment: {code} has no active enrolment").format(code=code))
    return rows[0]


def caseload_rows(conn: sqlite3.Connection, today: date) -> list[tuple]:
    """The caseload's rows as plain tuples in Czech alphabetical order of the names, each
    with its document's values first (``CASELOAD_KEYS``), then the plan state and the days
    since the last family contact."""
    from resoc_cli.domain.collation import czech_keys
    from resoc_cli.domain.plan import plan_state_of
    from resoc_cli.storage.views import caseload as caseload_query

    rows = caseload_query(conn, plain=True)
    keys = czech_keys([r[1] for r in rows])
    fromisoformat, split = date.fromisoformat, _split
    out = []
    append = out.append
    for i in sorted(range(len(rows)), key=keys.__getitem__):
        *document, last_contact, agreed, goals, needs = rows[i]
        plan = plan_state_of(agreed is not None, split(goals), split(needs))
        days = (today - fromisoformat(last_contact)).days if last_contact else None
        append((*document, plan, days, document[0]))
    return out


def caseload_keys() -> tuple[str, ...]:
    """The keys of a caseload document, in the order of ``caseload_rows``' values."""
    from resoc_cli.storage.views import CASELOAD_DOCUMENT

    return (*CASELOAD_DOCUMENT, "plan", "days_since_family_contact", "client")


def caseload_documents(conn: sqlite3.Connection, today: date) -> list[dict]:
    """``resoc caseload``: one document per open client, in Czech alphabetical order."""
    keys = caseload_keys()
    return [dict(zip(keys, row, strict=True)) for row in caseload_rows(conn, today)]


def on_server(target) -> bool:
    """Whether the database named (--db, RESOC_DB) is a PostgreSQL server's."""
    from resoc_cli.storage.db import is_server

    return is_server(target)


def init_server(url: str) -> dict:
    """``resoc init`` on a PostgreSQL server: the schema made (or found), in one transaction;
    the database's name and schema version (never the URL: it may hold a password)."""
    from resoc_cli.storage import postgres

    conn = postgres.connect(url)
    try:
        version = postgres.migrate(conn)
        return {"name": postgres.database_name_of(conn), "version": version}
    finally:
        conn.close()


def database_info(conn: sqlite3.Connection, path) -> dict:
    """``resoc db``: where the database is, its size, schema version and what it holds. On a
    server (``path`` None): its name, never its URL; ``path`` null; the size the server gives
    (``pg_database_size``)."""
    import os

    from resoc_cli.storage.views import counts, schema_version

    if getattr(conn, "engine", "sqlite") == "postgresql":
        from resoc_cli.storage import pg_maintenance

        return {
            "path": None,
            "database": pg_maintenance.name(conn),
            "engine": "postgresql",
            "size_bytes": pg_maintenance.size(conn),
            "schema_version": pg_maintenance.schema_version(conn),
            "counts": counts(conn),
        }
    size = sum(os.path.getsize(p) for p in (path, f"{path}-wal") if os.path.exists(p))
    return {
        "path": str(path),
        "database": str(path),
        "engine": "sqlite",
        "size_bytes": size,
        "schema_version": schema_version(conn),
        "counts": counts(conn),
    }
