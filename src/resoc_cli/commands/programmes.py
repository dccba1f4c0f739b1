"""resoc programme list | add, and the enrolment life cycle: enrol, enrolment edit, complete,
drop."""

from typing import Annotated

import typer

from resoc_cli import i18n, render
from resoc_cli.commands.common import (
    ClientArg,
    DateOpt,
    JsonOpt,
    day,
    db,
    write,
)
from resoc_cli.domain.codes import Audience, label
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
    from resoc_cli.services.programmes import list_programmes

    rows = list_programmes(db())
    if json_:
        render.emit_json(rows)
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
                label(r["audience"]),
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
    Example: resoc programme add otcove --name "Program pro otce" --min-hours 20"""
    from resoc_cli.services.programmes import add_programme

    with write() as conn:
        result = add_programme(
            conn,
            code,
            name=name,
            min_hours=min_hours,
            sessions=sessions,
            session_hours=session_hours,
            phases=phases,
            audience=audience.value,
            plan_required=plan,
        )
    render.line(result["code"])


def enrol(
    client: ClientArg,
    programme: Annotated[str, typer.Argument(metavar="PROGRAMME", help="Programme code.")],
    date: DateOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Enrol a client in a programme (one active enrolment at a time).

    \b
    Example: resoc enrol K0006 adult --date 2026-11-02"""
    from resoc_cli.services.programmes import enrol as enrol_client

    start = day(date, "date")
    with write() as conn:
        result = enrol_client(conn, client, programme, start)
    if json_:
        render.emit_json(result)
        return
    for warning in result["warnings"]:
        render.warn(warning)
    render.line(
        _("{code}: enrolled in {programme} from {start}").format(
            code=result["client"],
            programme=i18n.programme_of(result),
            start=i18n.day(start),
        )
    )
    _sessions_moved(result)


def _sessions_moved(result: dict) -> None:
    """Say how many sessions began or stopped counting toward the enrolment."""
    from resoc_cli.i18n import ngettext

    counted, uncounted = result["sessions_counted"], result["sessions_uncounted"]
    name = result["programme_name"]
    if counted:
        text = ngettext(
            "{n} earlier session now counts toward {programme}",
            "{n} earlier sessions now count toward {programme}",
            counted,
        )
        render.line(text.format(n=counted, programme=name))
    if uncounted:
        text = ngettext(
            "{n} session before {start} no longer counts toward {programme}",
            "{n} sessions before {start} no longer count toward {programme}",
            uncounted,
        )
        start = i18n.day(result["start_date"])
        render.line(text.format(n=uncounted, start=start, programme=name))


enrolment_app = typer.Typer(no_args_is_help=True, help="Correct a client's enrolment.")


@enrolment_app.callback()
def _enrolment() -> None:
    """Correct a client's enrolment."""


@enrolment_app.command("edit")
def edit_enrolment(
    client: ClientArg,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="START", help="The day the enrolment began."),
    ] = None,
    programme: Annotated[
        str | None,
        typer.Option("--programme", metavar="PROGRAMME", help="The programme (its code)."),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Correct the active (else the last) enrolment: its start or its programme. Sessions
    from the new start count toward it, sessions before it no longer do.

    \b
    Example: resoc enrolment edit K0006 --date 2026-10-26"""
    from resoc_cli.services.programmes import edit_enrolment as edit

    start = day(date, "date") if date is not None else None
    with write() as conn:
        result = edit(conn, client, start=start, programme=programme)
    if json_:
        render.emit_json(result)
        return
    for warning in result["warnings"]:
        render.warn(warning)
    render.line(
        _("{code}: enrolment in {programme} from {start} corrected").format(
            code=result["client"],
            programme=i18n.programme_of(result),
            start=i18n.day(result["start_date"]),
        )
    )
    _sessions_moved(result)


def complete(client: ClientArg, date: DateOpt = None) -> None:
    """Close the active enrolment as completed; refused while the check fails.

    \b
    Example: resoc complete K0001 --date 2026-05-18"""
    from resoc_cli.services.programmes import complete as complete_enrolment

    end = day(date, "date", past=True)
    with write() as conn:
        result = complete_enrolment(conn, client, end)
    render.line(
        _("{code}: {programme} completed on {day}").format(
            code=result["client"], programme=i18n.programme_of(result), day=i18n.day(end)
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
    from resoc_cli.services.programmes import drop as drop_enrolment

    end = day(date, "date", past=True)
    with write() as conn:
        result = drop_enrolment(conn, client, end, reason)
    render.line(
        _("{code}: {programme} dropped on {day}").format(
            code=result["client"], programme=i18n.programme_of(result), day=i18n.day(end)
        )
    )
