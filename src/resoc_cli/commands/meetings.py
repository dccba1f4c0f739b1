"""resoc meeting add | list | show | edit | mark | join | delete"""

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
from resoc_cli.i18n import _, ngettext

app = typer.Typer(no_args_is_help=True, help="Meetings: one session for each participant.")

MeetingArg = Annotated[int, typer.Argument(metavar="ID", help="The meeting id.")]


def _clients(flag: str, help_: str):
    return Annotated[list[str] | None, typer.Option(flag, metavar="CLIENT", help=help_)]


@app.command("add")
def add(
    group: Annotated[
        str | None, typer.Argument(metavar="[GROUP]", help="The group (its members that day).")
    ] = None,
    date: HeldOpt = None,
    hours: HoursOpt = None,
    minutes: MinutesOpt = None,
    clients: _clients("--client", "A participant, for a meeting without a group.") = None,
    absent: _clients("--absent", "Did not come (no-show); repeatable.") = None,
    excused: _clients("--excused", "Excused absence; repeatable.") = None,
    late: _clients("--late", "Came late (counts as attended); repeatable.") = None,
    activity: ActivityOpt = Activity.social_training,
    phase: PhaseOpt = None,
    note: NoteOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Record a meeting and a session for each participant: attended unless named with
    --absent, --excused or --late. Prints the meeting id, then each participant's
    attendance and hours so far. Without a group: --client for each participant.

    \b
    Example: resoc meeting add SV-JARO --date 2026-03-09 --hours 2 --absent K0004"""
    from resoc_cli.services.meetings import add_meeting
    from resoc_cli.services.sessions import duration

    held = day(date, "date", past=True)
    with write() as conn:
        doc = add_meeting(
            conn,
            group,
            list(clients or ()),
            {"absent": absent, "excused": excused, "late": late},
            date=held,
            minutes=duration(hours, minutes),
            activity=activity,
            phase=phase,
            note=note,
        )
    for warning in doc.pop("warnings"):
        render.warn(warning)
    if json_:
        render.emit_json(doc)
        return
    render.line(str(doc["id"]))
    _participant_lines(doc["participants"])
    render.note(_("meeting {id} recorded on {day}").format(id=doc["id"], day=i18n.day(doc["date"])))


def _participant_lines(participants: list[dict]) -> None:
    """A row per participant: attendance, and hours so far toward the enrolment the session
    counts for ("not counted" when it counts for none)."""
    render.table(
        None,
        ["client", "name", "attendance", "programme", "hours so far"],
        [
            (
                p["client"],
                p["name"],
                code(p["attendance"]),
                p["programme"],
                i18n.hours(p["attended_minutes"])
                if p["attended_minutes"] is not None
                else _("not counted"),
            )
            for p in participants
        ],
        right={"hours so far"},
        empty="no participants",
    )


@app.command("list")
def list_(
    group: Annotated[
        str | None, typer.Option("--group", metavar="CODE", help="Only this group's.")
    ] = None,
    month: MonthOpt = None,
    year: YearOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    json_: JsonOpt = False,
) -> None:
    """List meetings, oldest first: participants and how many attended.

    \b
    Example: resoc meeting list --group SV-JARO --month 2026-03"""
    from resoc_cli.domain.period import period
    from resoc_cli.services.meetings import list_meetings

    first, last = period(month, year, from_, to)
    rows = list_meetings(db(), group, first, last)
    if json_:
        render.emit_json(rows)
        return
    render.table(
        None,
        ["id", "date", "group", "hours", "activity", "phase", "participants", "attended", "note"],
        [
            (
                r["id"],
                r["date"],
                r["group"],
                i18n.hours(r["minutes"]),
                code(r["activity"]),
                r["phase"],
                r["participants"],
                r["attended"],
                r["note"],
            )
            for r in rows
        ],
        right={"id", "hours", "phase", "participants", "attended"},
        empty="no meetings",
    )


@app.command("show")
def show(meeting_id: MeetingArg, json_: JsonOpt = False) -> None:
    """A meeting and who was there.

    \b
    Example: resoc meeting show 12"""
    from resoc_cli.services.meetings import show_meeting

    doc = show_meeting(db(), meeting_id)
    if json_:
        render.emit_json(doc)
        return
    render.fields(
        _("meeting {id}").format(id=doc["id"]),
        [
            (_("date"), i18n.day(doc["date"])),
            (_("group"), doc["group"]),
            (_("hours"), i18n.hours(doc["minutes"])),
            (_("activity"), code(doc["activity"])),
            (_("phase"), doc["phase"]),
            (_("note"), doc["note"]),
        ],
    )
    _participant_lines(doc["participants"])
    for p in doc["participants"]:
        if p["differs"]:
            render.aside(
                _("{client}: session {id} differs from the meeting ({fields})").format(
                    client=p["client"], id=p["session_id"], fields=", ".join(p["differs"])
                )
            )


@app.command("edit")
def edit(
    meeting_id: MeetingArg,
    date: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="When it took place.")
    ] = None,
    hours: HoursOpt = None,
    minutes: MinutesOpt = None,
    activity: ActivityEditOpt = None,
    phase: PhaseOpt = None,
    note: NoteOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Correct a meeting and, with it, every participant's session (a session corrected on
    its own keeps its own value).

    \b
    Example: resoc meeting edit 12 --hours 2.5"""
    from resoc_cli.services.meetings import edit_meeting
    from resoc_cli.services.sessions import duration

    with write() as conn:
        result = edit_meeting(
            conn,
            meeting_id,
            date=day(date, "date", past=True) if date is not None else None,
            minutes=duration(hours, minutes, required=False),
            activity=activity,
            phase=phase,
            note=note,
        )
    if json_:
        render.emit_json(result)
        return
    for warning in result["warnings"]:
        render.warn(warning)
    for kept in result["kept"]:
        render.note(
            _("{client}: keeps the value of its own session ({fields})").format(
                client=kept["client"], fields=", ".join(kept["fields"])
            )
        )
    n = result["sessions_changed"]
    render.line(
        ngettext(
            "meeting {id} changed, and {n} participant's session with it",
            "meeting {id} changed, and {n} participants' sessions with it",
            n,
        ).format(id=meeting_id, n=n)
    )


@app.command("mark")
def mark(
    meeting_id: MeetingArg,
    client: ClientArg,
    attendance: AttendanceEditOpt = None,
    hours: HoursOpt = None,
    minutes: MinutesOpt = None,
) -> None:
    """Correct one participant's attendance (or their hours, for one who left early).

    \b
    Example: resoc meeting mark 12 K0004 --attendance excused"""
    from resoc_cli.services.meetings import mark as mark_one
    from resoc_cli.services.sessions import duration

    with write() as conn:
        result = mark_one(
            conn, meeting_id, client, attendance, duration(hours, minutes, required=False)
        )
    for warning in result["warnings"]:
        render.warn(warning)
    render.line(_("meeting {id}: {client} changed").format(id=meeting_id, client=result["client"]))


@app.command("join")
def join(
    meeting_id: MeetingArg,
    client: ClientArg,
    attendance: AttendanceOpt = Attendance.attended,
) -> None:
    """Add a participant who was forgotten (a session with the meeting's values).

    \b
    Example: resoc meeting join 12 K0007"""
    from resoc_cli.services.meetings import join_meeting

    with write() as conn:
        result = join_meeting(conn, meeting_id, client, attendance)
    for warning in result["warnings"]:
        render.warn(warning)
    render.line(
        _("meeting {id}: {client} added (session {session})").format(
            id=meeting_id, client=result["client"], session=result["session_id"]
        )
    )


@app.command("delete")
def delete(meeting_id: MeetingArg, yes: YesOpt = False) -> None:
    """Delete a meeting recorded by mistake, with every participant's session.

    \b
    Example: resoc meeting delete 12 --yes"""
    from resoc_cli.services.meetings import delete_meeting

    confirm_or_refuse(yes, _("Delete meeting {id} and its sessions?").format(id=meeting_id))
    with write() as conn:
        result = delete_meeting(conn, meeting_id)
    n = result["sessions_deleted"]
    render.line(
        ngettext(
            "meeting {id} deleted with {n} session",
            "meeting {id} deleted with {n} sessions",
            n,
        ).format(id=meeting_id, n=n)
    )
