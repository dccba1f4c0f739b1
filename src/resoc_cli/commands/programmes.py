"""resoc programme list | add, and the enrolment life cycle: enrol, complete, drop."""

from typing import Annotated

import typer

from resoc_cli import i18n, render
from resoc_cli.commands.common import (
    ClientArg,
    DateOpt,
    JsonOpt,
    day,
    db,
    refuse_before_birth,
    write,
)
from resoc_cli.domain.codes import Audience
from resoc_cli.i18n import _

app = typer.Typer(no_args_is_help=True, help="Programmes and their completion rules.")


def _hours(minutes: int | None) -> str:
    from resoc_cli.i18n import hours as format_hours

    return "" if minutes is None else format_hours(minutes)


@app.command("list")
def list_(json_: JsonOpt = False) -> None:
    """The programmes with their rules.

    \b
    Example: resoc programme list"""
    from resoc_cli.storage.programmes import list_programmes

    rows = list_programmes(db())
    if json_:
        render.emit_json(
            [
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
                for r in rows
            ]
        )
        return
    render.table(
        None,
        ["code", "name", "minimum", "sessions", "per session", "phases", "audience", "plan"],
        [
            (
                r["code"],
                r["name"],
                _hours(r["min_minutes"]),
                r["sessions"],
                _hours(r["session_minutes"]),
                r["phases"],
                i18n.code(r["audience"]),
                _("required") if r["plan_required"] else "-",
            )
            for r in rows
        ],
        right={"minimum", "sessions", "per session", "phases"},
    )


@app.command("add")
def add(
    code: Annotated[str, typer.Argument(help="Short code, e.g. fathers.")],
    name: Annotated[str, typer.Option("--name", help="Full name of the programme.")],
    min_hours: Annotated[str, typer.Option("--min-hours", metavar="H", help="Minimum in total.")],
    sessions: Annotated[int | None, typer.Option("--sessions", help="Expected sessions.")] = None,
    session_hours: Annotated[
        str | None, typer.Option("--session-hours", metavar="H", help="Minimum per session.")
    ] = None,
    phases: Annotated[int | None, typer.Option("--phases", help="Number of phases.")] = None,
    audience: Annotated[
        Audience, typer.Option("--audience", help="Who the programme is for.")
    ] = Audience.any,
    plan: Annotated[
        bool, typer.Option("--plan/--no-plan", help="Completion needs an agreed plan.")
    ] = True,
) -> None:
    """Define a programme with its own numbers.

    \b
    Example: resoc programme add fathers --name "Program pro otce" --min-hours 20 --no-plan"""
    from resoc_cli.domain.models import ProgrammeIn, validate
    from resoc_cli.domain.parse import hours_to_minutes, parse_hours_total
    from resoc_cli.storage.programmes import insert_programme

    programme = validate(
        ProgrammeIn,
        code=code,
        name=name,
        min_minutes=parse_hours_total(min_hours, "min-hours"),
        sessions=sessions,
        session_minutes=hours_to_minutes(session_hours, "session-hours") if session_hours else None,
        phases=phases,
        audience=audience.value,
        plan_required=plan,
    )
    with write() as conn:
        insert_programme(conn, programme.model_dump(mode="json"))
    render.line(programme.code)


def enrol(
    client: ClientArg,
    programme: Annotated[str, typer.Argument(metavar="PROGRAMME", help="Programme code.")],
    date: DateOpt = None,
) -> None:
    """Enrol a client in a programme (one active enrolment at a time).

    \b
    Example: resoc enrol K0006 adult --date 2026-11-02"""
    from datetime import date as Date

    from resoc_cli.domain.rules import audience_warning
    from resoc_cli.errors import Conflict
    from resoc_cli.storage.clients import find_client
    from resoc_cli.storage.programmes import find_programme, insert_enrolment

    start = day(date, "date")
    with write() as conn:
        row = find_client(conn, client)
        if row["closed_date"]:
            raise Conflict(
                _("client: {code} is closed (resoc client edit --reopen)").format(code=row["code"])
            )
        refuse_before_birth(row, start)
        prog = find_programme(conn, programme)
        insert_enrolment(conn, row["id"], prog["id"], start)
    warning = audience_warning(prog["audience"], Date.fromisoformat(row["born"]), start)
    if warning:
        render.warn(warning)
    render.line(
        _("{code}: enrolled in {programme} from {start}").format(
            code=row["code"], programme=prog["code"], start=i18n.day(start)
        )
    )


def complete(client: ClientArg, date: DateOpt = None) -> None:
    """Close the active enrolment as completed; refused while the check fails.

    \b
    Example: resoc complete K0001 --date 2026-05-18"""
    from resoc_cli.errors import RuleNotMet
    from resoc_cli.quick import evaluate
    from resoc_cli.storage.programmes import end_enrolment

    end = day(date, "date", past=True)
    with write() as conn:
        facts = _active_facts(conn, client)
        result = evaluate(facts)
        if not result.complete:
            raise RuleNotMet(
                _("{code} cannot complete: {unmet}").format(
                    code=facts["client"], unmet="; ".join(result.unmet)
                )
            )
        end_enrolment(conn, facts["enrolment_id"], "completed", end, None)
    render.line(
        _("{code}: {programme} completed on {day}").format(
            code=facts["client"], programme=facts["programme"], day=i18n.day(end)
        )
    )


def drop(
    client: ClientArg,
    date: DateOpt = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why the client left.")] = None,
) -> None:
    """End the active enrolment as dropped out.

    \b
    Example: resoc drop K0003 --date 2026-07-06 --reason "Přestala docházet"
    """
    from resoc_cli.domain.models import validate_text
    from resoc_cli.storage.programmes import end_enrolment

    end = day(date, "date", past=True)
    reason = validate_text(reason, "reason")
    with write() as conn:
        facts = _active_facts(conn, client)
        end_enrolment(conn, facts["enrolment_id"], "dropped", end, reason)
    render.line(
        _("{code}: {programme} dropped on {day}").format(
            code=facts["client"], programme=facts["programme"], day=i18n.day(end)
        )
    )


def _active_facts(conn, client: str):
    from resoc_cli.errors import Conflict
    from resoc_cli.storage.clients import find_client
    from resoc_cli.storage.views import check_facts

    rows = check_facts(conn, client)
    if not rows:
        find_client(conn, client)  # raises NotFound for an unknown code
    if not rows or rows[0]["state"] != "active":
        code = rows[0]["client"] if rows else client
        raise Conflict(_("enrolment: {code} has no active enrolment").format(code=code))
    return rows[0]


def register(root: typer.Typer) -> None:
    root.command("enrol")(enrol)
    root.command("complete")(complete)
    root.command("drop")(drop)
