"""Programmes and the enrolment life cycle: define a programme, enrol, correct an enrolment,
complete, drop."""

import sqlite3
from datetime import date

from resoc_cli.domain.errors import Conflict, InvalidInput, NotFound, RuleNotMet
from resoc_cli.domain.models import ProgrammeIn, validate, validate_text
from resoc_cli.domain.parse import hours_to_minutes, parse_hours_total
from resoc_cli.domain.rules import audience_warning
from resoc_cli.i18n import _, day, ngettext
from resoc_cli.services.clients import open_client, refuse_before_birth
from resoc_cli.services.status import active_facts, evaluate
from resoc_cli.storage import programmes as store
from resoc_cli.storage.sessions import recount


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
    enrolment_id = store.insert_enrolment(conn, row["id"], prog["id"], start)
    counted, uncounted = recount(conn, row["id"], enrolment_id, start.isoformat(), None)
    warning = audience_warning(prog["audience"], date.fromisoformat(row["born"]), start)
    return {
        "client": row["code"],
        "programme": prog["code"],
        "programme_name": prog["name"],
        "start_date": start.isoformat(),
        "sessions_counted": counted,
        "sessions_uncounted": uncounted,
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
    return {
        "client": facts["client"],
        "programme": facts["programme"],
        "programme_name": facts["programme_name"],
        "end_date": end.isoformat(),
    }


def drop(conn: sqlite3.Connection, client: str, end: date, reason: str | None) -> dict:
    """End the active enrolment as dropped out."""
    reason = validate_text(reason, "reason")
    facts = active_facts(conn, client)
    check_end(conn, facts, end)
    store.end_enrolment(conn, facts["enrolment_id"], "dropped", end, reason)
    return {
        "client": facts["client"],
        "programme": facts["programme"],
        "programme_name": facts["programme_name"],
        "end_date": end.isoformat(),
    }


def edit_enrolment(
    conn: sqlite3.Connection,
    client: str,
    *,
    start: date | None = None,
    programme: str | None = None,
) -> dict:
    """Correct the client's active enrolment, else the last one: its start and/or its
    programme (a correction, not a drop-out and a new enrolment). The start stays within the
    enrolment's end and off the client's other enrolments. The sessions follow: those from the
    new start (to the end) that counted toward no enrolment count toward this one, those
    before it no longer do; a new programme keeps them."""
    from resoc_cli.services.clients import unerased

    if start is None and programme is None:
        raise InvalidInput(_("edit: nothing to change (give at least one option)"))
    row = unerased(conn, client)
    enrolment = store.current_enrolment(conn, row["id"])
    if enrolment is None:
        raise NotFound(
            _("enrolment: {client} has never been enrolled (resoc enrol {client} PROGRAMME)")
            .format(client=row["code"])
        )  # fmt: skip
    new: dict = {}
    if start is not None:
        refuse_before_birth(row, start)
        _refuse_overlap(conn, enrolment, start)
        new["start_date"] = start.isoformat()
    prog = store.find_programme(conn, programme or enrolment["programme"])
    if programme is not None:
        highest = store.highest_phase(conn, enrolment["id"])
        if prog["phases"] and highest and highest > prog["phases"]:
            raise InvalidInput(
                ngettext(
                    "phase: {programme} has {n} phases and a session counted here is in"
                    " phase {phase}",
                    "phase: {programme} has {n} phases and a session counted here is in"
                    " phase {phase}",
                    prog["phases"],
                ).format(programme=prog["code"], n=prog["phases"], phase=highest)
            )
        new["programme_id"] = prog["id"]
    changes = store.update_enrolment(conn, enrolment["id"], new)
    begins = new.get("start_date", enrolment["start_date"])
    counted, uncounted = recount(conn, row["id"], enrolment["id"], begins, enrolment["end_date"])
    warning = audience_warning(
        prog["audience"], date.fromisoformat(row["born"]), date.fromisoformat(begins)
    )
    return {
        "client": row["code"],
        "enrolment_id": enrolment["id"],
        "programme": prog["code"],
        "programme_name": prog["name"],
        "start_date": begins,
        "end_date": enrolment["end_date"],
        "state": enrolment["state"],
        "changed": sorted(changes),
        "sessions_counted": counted,
        "sessions_uncounted": uncounted,
        "warnings": [warning] if warning else [],
    }


def _refuse_overlap(conn: sqlite3.Connection, enrolment, start: date) -> None:
    """A start after the enrolment's own end, or inside another enrolment of the client's
    (from the day before an earlier one ended to after a later one began), is refused."""
    begins = start.isoformat()
    if enrolment["end_date"] is not None and begins > enrolment["end_date"]:
        raise InvalidInput(
            _("date: after the enrolment ended ({day})").format(day=day(enrolment["end_date"]))
        )
    for other in store.other_enrolments(conn, enrolment["id"]):
        if other["start_date"] <= enrolment["start_date"]:  # an earlier enrolment
            if other["end_date"] is None or begins < other["end_date"]:
                raise Conflict(
                    _("date: before the client's earlier enrolment ended ({day})").format(
                        day=day(other["end_date"] or other["start_date"])
                    )
                )
        elif begins > other["start_date"]:  # a later one
            raise Conflict(
                _("date: after the client's later enrolment began ({day})").format(
                    day=day(other["start_date"])
                )
            )
