"""Programmes and the enrolment life cycle: define a programme, enrol, complete, drop."""

import sqlite3
from datetime import date

from resoc_cli.domain.errors import Conflict, InvalidInput, RuleNotMet
from resoc_cli.domain.models import ProgrammeIn, validate, validate_text
from resoc_cli.domain.parse import hours_to_minutes, parse_hours_total
from resoc_cli.domain.rules import audience_warning
from resoc_cli.i18n import _, day
from resoc_cli.services.clients import open_client, refuse_before_birth
from resoc_cli.services.status import active_facts, evaluate
from resoc_cli.storage import programmes as store


def list_programmes(conn: sqlite3.Connection) -> list[dict]:
    return [
        {
            "code": r["code"],
            "name": r["name"],
            "min_minutes": r["min_minutes"],
            "sessions": r["sessions"],
            "session_minutes": r["session_minutes"],
            "phases": r["phases"],
            "audience": r["audience"],
            "plan_required": bool(r["plan_required"]),
            "builtin": bool(r["builtin"]),
        }
        for r in store.list_programmes(conn)
    ]


def add_programme(
    conn: sqlite3.Connection,
    code: str,
    *,
    name: str,
    min_hours: str,
    sessions: int | None = None,
    session_hours: str | None = None,
    phases: int | None = None,
    audience: str = "any",
    plan_required: bool = True,
) -> dict:
    """A programme with its own numbers (hours as typed: ``20``, ``2,5``)."""
    programme = validate(
        ProgrammeIn,
        code=code,
        name=name,
        min_minutes=parse_hours_total(min_hours, "min-hours"),
        sessions=sessions,
        session_minutes=hours_to_minutes(session_hours, "session-hours") if session_hours else None,
        phases=phases,
        audience=audience,
        plan_required=plan_required,
    )
    store.insert_programme(conn, programme.dump(json=True))
    return {"code": programme.code}


def enrol(conn: sqlite3.Connection, client: str, programme: str, start: date) -> dict:
    """Enrol an open client (one active enrolment at a time); a warning when the programme is
    for another age group."""
    row = open_client(conn, client)
    refuse_before_birth(row, start)
    prog = store.find_programme(conn, programme)
    if store.active_enrolment(conn, row["id"]) is not None:
        raise Conflict(
            _("enrolment: the client already has an active enrolment (complete or drop it first)")
        )
    store.insert_enrolment(conn, row["id"], prog["id"], start)
    warning = audience_warning(prog["audience"], date.fromisoformat(row["born"]), start)
    return {
        "client": row["code"],
        "programme": prog["code"],
        "start_date": start.isoformat(),
        "warnings": [warning] if warning else [],
    }


def check_end(conn: sqlite3.Connection, facts, end: date) -> None:
    """An enrolment ends on a day that has happened (``refuse_before_birth``) and never
    before it began. ``facts``: the enrolment's check facts (client code, start date)."""
    from resoc_cli.services.clients import find

    refuse_before_birth(find(conn, facts["client"]), end)
    if end.isoformat() < facts["start_date"]:
        raise InvalidInput(
            _("date: before the enrolment began ({day})").format(day=day(facts["start_date"]))
        )


def complete(conn: sqlite3.Connection, client: str, end: date) -> dict:
    """Close the active enrolment as completed; refused (RuleNotMet) while the check fails."""
    facts = active_facts(conn, client)
    check_end(conn, facts, end)
    result = evaluate(facts)
    if not result.complete:
        raise RuleNotMet(
            _("{code} cannot complete: {unmet}").format(
                code=facts["client"], unmet="; ".join(result.unmet)
            )
        )
    store.end_enrolment(conn, facts["enrolment_id"], "completed", end, None)
    return {"client": facts["client"], "programme": facts["programme"], "end_date": end.isoformat()}


def drop(conn: sqlite3.Connection, client: str, end: date, reason: str | None) -> dict:
    """End the active enrolment as dropped out."""
    reason = validate_text(reason, "reason")
    facts = active_facts(conn, client)
    check_end(conn, facts, end)
    store.end_enrolment(conn, facts["enrolment_id"], "dropped", end, reason)
    return {"client": facts["client"], "programme": facts["programme"], "end_date": end.isoformat()}
