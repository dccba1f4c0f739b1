"""resoc session add | list | delete"""

import sys
from typing import Annotated

import typer

from resoc_cli import render
from resoc_cli.commands.common import JsonOpt, db, refuse_before_birth, today, write
from resoc_cli.domain.codes import Activity, Attendance
from resoc_cli.errors import InvalidInput
from resoc_cli.i18n import _, code, day, ngettext

app = typer.Typer(no_args_is_help=True, help="Programme sessions (activities).")


def duration(hours: str | None, minutes: str | None, *, required: bool = True) -> int | None:
    """``--hours`` or ``--minutes`` (exactly one when required) to whole minutes."""
    from resoc_cli.domain.parse import hours_to_minutes, parse_minutes

    if hours is not None and minutes is not None:
        raise InvalidInput(_("duration: give --hours or --minutes, not both"))
    if hours is not None:
        return hours_to_minutes(hours, "hours")
    if minutes is not None:
        return parse_minutes(minutes, "minutes")
    if required:
        raise InvalidInput(_("duration: give --hours H or --minutes M"))
    return None


@app.command("add")
def add(
    client: Annotated[str, typer.Argument(metavar="CLIENT", help="The client's code.")],
    date: Annotated[str, typer.Option("--date", metavar="DATE", help="When it took place.")],
    hours: Annotated[
        str | None, typer.Option("--hours", metavar="H", help="Duration in hours (2.5 or 2,5).")
    ] = None,
    minutes: Annotated[
        str | None, typer.Option("--minutes", metavar="M", help="Duration in minutes.")
    ] = None,
    activity: Annotated[
        Activity,
        typer.Option(
            "--activity", help="Kind of session: a code, or its Czech name (socialni-vycvik)."
        ),
    ] = Activity.social_training,
    phase: Annotated[int | None, typer.Option("--phase", help="Programme phase.")] = None,
    attendance: Annotated[
        Attendance,
        typer.Option(
            "--attendance", help="late counts as attended; excused and no-show count nothing."
        ),
    ] = Attendance.attended,
    with_: Annotated[
        list[int] | None,
        typer.Option("--with", metavar="MEMBER_ID", help="A family member who took part."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Free-text note.")] = None,
) -> None:
    """Record a session; prints its id. Counts toward the active enrolment.

    \b
    Example: resoc session add K0001 --date 2026-03-05 --hours 2"""
    from resoc_cli.domain.models import SessionIn, validate
    from resoc_cli.domain.parse import parse_past_date
    from resoc_cli.errors import Conflict
    from resoc_cli.storage.clients import find_client
    from resoc_cli.storage.family import check_members
    from resoc_cli.storage.programmes import active_enrolment
    from resoc_cli.storage.sessions import insert_session

    session = validate(
        SessionIn,
        date=parse_past_date(date, "date", today=today()),
        minutes=duration(hours, minutes),
        activity=activity.value,
        phase=phase,
        attendance=attendance.value,
        members=tuple(with_ or ()),
        note=note,
    )
    warning = None
    with write() as conn:
        row = find_client(conn, client)
        if row["closed_date"]:
            raise Conflict(
                _("client: {code} is closed (resoc client edit --reopen)").format(code=row["code"])
            )
        refuse_before_birth(row, session.date)
        check_members(conn, row["id"], session.members)
        enrolment = active_enrolment(conn, row["id"])
        enrolment_id = None
        if enrolment is not None:
            if session.date.isoformat() < enrolment["start_date"]:
                warning = _(
                    "date: before the enrolment in {programme} began ({start});"
                    " not counted toward it"
                ).format(programme=enrolment["programme"], start=day(enrolment["start_date"]))
            else:
                enrolment_id = enrolment["id"]
                if session.phase and enrolment["phases"] and session.phase > enrolment["phases"]:
                    raise InvalidInput(
                        ngettext(
                            "phase: {programme} has {n} phases, not {phase}",
                            "phase: {programme} has {n} phases, not {phase}",
                            enrolment["phases"],
                        ).format(
                            programme=enrolment["programme"],
                            n=enrolment["phases"],
                            phase=session.phase,
                        )
                    )
        else:
            warning = _("enrolment: the client has no active enrolment; not counted toward one")
        session_id = insert_session(conn, row["id"], enrolment_id, session.model_dump())
    if warning:
        render.warn(warning)
    render.line(str(session_id))


@app.command("list")
def list_(
    client: Annotated[
        str | None, typer.Argument(metavar="[CLIENT]", help="Only this client.")
    ] = None,
    month: Annotated[
        str | None, typer.Option("--month", metavar="YYYY-MM", help="Only this month.")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """List sessions, oldest first.

    \b
    Example: resoc session list K0002 --month 2026-06"""
    from resoc_cli.domain.parse import parse_month
    from resoc_cli.i18n import hours as format_hours
    from resoc_cli.storage.clients import find_client
    from resoc_cli.storage.sessions import list_sessions

    first = last = None
    if month is not None:
        first, last = parse_month(month)
    conn = db()
    client_id = find_client(conn, client)["id"] if client is not None else None
    rows = list_sessions(conn, client_id, first, last)
    if json_:
        render.emit_json(
            [
                {
                    "id": r["id"],
                    "date": r["date"],
                    "client": r["client"],
                    "programme": r["programme"],
                    "activity": r["activity"],
                    "minutes": r["minutes"],
                    "attendance": r["attendance"],
                    "phase": r["phase"],
                    "members": [int(m) for m in r["members"].split(",")] if r["members"] else [],
                    "note": r["note"],
                }
                for r in rows
            ]
        )
        return
    render.table(
        None,
        ["id", "date", "client", "programme", "activity", "hours", "attendance", "phase", "note"],
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
                r["note"],
            )
            for r in rows
        ],
        right={"id", "hours", "phase"},
        empty="no sessions",
    )


def confirm_or_refuse(yes: bool, question: str) -> None:
    """Destructive commands: --yes, or a question in a terminal; scripts without --yes fail."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise InvalidInput(_("confirmation: add --yes to confirm"))
    if not typer.confirm(question, default=False, err=True):
        raise typer.Abort()


@app.command("delete")
def delete(
    session_id: Annotated[int, typer.Argument(metavar="ID", help="The session id.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask.")] = False,
) -> None:
    """Delete a session recorded by mistake.

    \b
    Example: resoc session delete 31"""
    from resoc_cli.storage.sessions import delete_session

    confirm_or_refuse(yes, _("Delete session {id}?").format(id=session_id))
    with write() as conn:
        delete_session(conn, session_id)
    render.line(_("session {id} deleted").format(id=session_id))
