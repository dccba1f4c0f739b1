"""resoc session add | list | delete"""

from typing import Annotated

import typer

from resoc_cli import i18n, render
from resoc_cli.commands.common import ClientArg, JsonOpt, confirm_or_refuse, day, db, write
from resoc_cli.commands.options import (
    ActivityEditOpt,
    ActivityOpt,
    AttendanceEditOpt,
    AttendanceOpt,
    FromOpt,
    HeldOpt,
    HoursOpt,
    MinutesOpt,
    MonthOpt,
    NoteOpt,
    PhaseOpt,
    ToOpt,
    YearOpt,
    YesOpt,
)
from resoc_cli.domain.codes import Activity, Attendance
from resoc_cli.domain.codes import label as code
from resoc_cli.i18n import _

app = typer.Typer(no_args_is_help=True, help="Programme sessions (activities).")


@app.command("add")
def add(
    client: ClientArg,
    date: HeldOpt = None,
    hours: HoursOpt = None,
    minutes: MinutesOpt = None,
    activity: ActivityOpt = Activity.social_training,
    phase: PhaseOpt = None,
    attendance: AttendanceOpt = Attendance.attended,
    with_: Annotated[
        list[int] | None,
        typer.Option("--with", metavar="MEMBER_ID", help="A family member who took part."),
    ] = None,
    note: NoteOpt = None,
) -> None:
    """Record a session; prints its id. Counts toward the enrolment that covers its date.

    \b
    Example: resoc session add K0001 --date 2026-03-05 --hours 2"""
    from resoc_cli.services.sessions import add_session, duration

    held = day(date, "date", past=True)
    with write() as conn:
        result = add_session(
            conn,
            client,
            date=held,
            minutes=duration(hours, minutes),
            activity=activity,
            phase=phase,
            attendance=attendance,
            members=tuple(with_ or ()),
            note=note,
        )
    for warning in result["warnings"]:
        render.warn(warning)
    render.line(str(result["id"]))
    render.note(
        _("{code}: session {id} recorded on {day}").format(
            code=result["client"], id=result["id"], day=i18n.day(held)
        )
    )


@app.command("list")
def list_(
    client: Annotated[
        str | None, typer.Argument(metavar="[CLIENT]", help="Only this client.")
    ] = None,
    month: MonthOpt = None,
    year: YearOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    json_: JsonOpt = False,
) -> None:
    """List sessions, oldest first.

    \b
    Example: resoc session list K0002 --month 2026-06"""
    from resoc_cli.domain.period import period
    from resoc_cli.i18n import hours as format_hours
    from resoc_cli.services.sessions import list_sessions

    first, last = period(month, year, from_, to)
    rows = list_sessions(db(), client, first, last)
    if json_:
        render.emit_json(rows)
        return
    render.table(
        None,
        [
            "id",
            "date",
            "client",
            "programme",
            "activity",
            "hours",
            "attendance",
            "phase",
            "meeting",
            "note",
        ],
        [
            (
                r["id"],
                r["date"],
                r["client"],
                r["programme"],
                code(r["activity"]),
                format_hours(r["minutes"]),
                code(r["attendance"]),
                r["phase"],
                r["meeting_id"],
                r["note"],
            )
            for r in rows
        ],
        right={"id", "hours", "phase", "meeting"},
        empty="no sessions",
    )


@app.command("delete")
def delete(
    session_id: Annotated[int, typer.Argument(metavar="ID", help="The session id.")],
    yes: YesOpt = False,
) -> None:
    """Delete a session recorded by mistake.

    \b
    Example: resoc session delete 31"""
    from resoc_cli.services.sessions import delete_session

    confirm_or_refuse(yes, _("Delete session {id}?").format(id=session_id))
    with write() as conn:
        delete_session(conn, session_id)
    render.line(_("session {id} deleted").format(id=session_id))


@app.command("edit")
def edit(
    session_id: Annotated[int, typer.Argument(metavar="ID", help="The session id.")],
    date: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="When it took place.")
    ] = None,
    hours: HoursOpt = None,
    minutes: MinutesOpt = None,
    activity: ActivityEditOpt = None,
    phase: PhaseOpt = None,
    attendance: AttendanceEditOpt = None,
    with_: Annotated[
        list[int] | None,
        typer.Option(
            "--with",
            metavar="MEMBER_ID",
            help="A family member who took part (replaces the list; repeatable).",
        ),
    ] = None,
    note: NoteOpt = None,
    client: Annotated[
        str | None,
        typer.Option("--client", metavar="CLIENT", help="Move the session to this client."),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Correct a session; only the options given change. It counts again toward the
    enrolment that covers its date.

    \b
    Example: resoc session edit 31 --hours 2.5"""
    from resoc_cli.services.sessions import duration, edit_session

    with write() as conn:
        result = edit_session(
            conn,
            session_id,
            client,
            date=day(date, "date", past=True) if date is not None else None,
            minutes=duration(hours, minutes, required=False),
            activity=activity,
            phase=phase,
            attendance=attendance,
            members=tuple(with_) if with_ is not None else None,
            note=note,
        )
    if json_:
        render.emit_json(result)
        return
    for warning in result["warnings"]:
        render.warn(warning)
    render.line(_("session {id} changed").format(id=session_id))
