"""Meetings: one event (a group's, or of clients named ad hoc) and a session of its own for
each participant, counted by the usual rules and correctable on its own."""

import sqlite3
from datetime import date

from resoc_cli.domain.errors import Conflict, InvalidInput
from resoc_cli.i18n import _
from resoc_cli.i18n import day as format_day
from resoc_cli.storage import meetings as store

#: The attendances a meeting can name, by the option that names them.
_NAMED = (("absent", "no-show"), ("excused", "excused"), ("late", "late"))


def _attendances(participants: list[str], named: dict[str, list[str]], resolve) -> dict:
    """Each participant's attendance: attended unless named as absent, excused or late (a
    client named must be a participant, and only once)."""
    out = dict.fromkeys(participants, "attended")
    seen: dict[str, str] = {}
    for option, attendance in _NAMED:
        for client in named.get(option) or ():
            code = resolve(client)
            if code not in out:
                raise InvalidInput(
                    _("{option}: {code} is not among the meeting's participants").format(
                        option=option, code=code
                    )
                )
            if code in seen:
                raise InvalidInput(
                    _("{option}: {code} is already named with --{other}").format(
                        option=option, code=code, other=seen[code]
                    )
                )
            seen[code] = option
            out[code] = attendance
    return out


def _participants(conn, group_row, clients: list[str], on: date) -> tuple[list, list[str]]:
    """The clients of the meeting (rows) and warnings: the group's members on ``on`` (a
    closed case left out, with a warning), or the clients named."""
    from resoc_cli.services.clients import open_client
    from resoc_cli.storage.groups import members_on

    if group_row is None:
        rows, codes = [], set()
        for client in clients:
            row = open_client(conn, client)
            if row["code"] in codes:
                raise InvalidInput(_("client: {code} is named twice").format(code=row["code"]))
            codes.add(row["code"])
            rows.append(row)
        return rows, []
    rows, warnings = [], []
    for row in members_on(conn, group_row["id"], on):
        if row["closed_date"]:
            warnings.append(
                _("{code}: the case is closed; left out of the meeting").format(code=row["code"])
            )
        else:
            rows.append(row)
    if not rows:
        raise InvalidInput(
            _("group: {group} has no members on {day} (see: resoc group join)").format(
                group=group_row["code"], day=format_day(on)
            )
        )
    return rows, warnings


def _record(conn, meeting_id: int, row, meeting, attendance: str) -> dict:
    """One participant's session of the meeting, by the rules of ``session add``."""
    from resoc_cli.services.sessions import add_session

    result = add_session(
        conn,
        row["code"],
        meeting_id=meeting_id,
        date=meeting.date,
        minutes=meeting.minutes,
        activity=meeting.activity,
        phase=meeting.phase,
        attendance=attendance,
    )
    return {"client": row["code"], "session_id": result["id"], "warnings": result["warnings"]}


def add_meeting(
    conn: sqlite3.Connection,
    group: str | None,
    clients: list[str],
    named: dict[str, list[str]],
    **values: object,
) -> dict:
    """Record a meeting of ``group`` (its members that day) or of the ``clients`` named, and
    a session for each participant: attended unless ``named`` (``absent``, ``excused``,
    ``late``: clients) says otherwise. ``show_meeting``'s document and ``warnings``."""
    from resoc_cli.domain.models import MeetingIn, validate
    from resoc_cli.storage.clients import find_client
    from resoc_cli.storage.groups import find_group

    if (group is None) == (not clients):
        raise InvalidInput(_("meeting: give a GROUP or --client CLIENT, not both or neither"))
    meeting = validate(MeetingIn, **values)
    group_row = find_group(conn, group) if group is not None else None
    rows, warnings = _participants(conn, group_row, clients, meeting.date)
    attendance = _attendances(
        [r["code"] for r in rows], named, lambda c: find_client(conn, c)["code"]
    )
    meeting_id = store.insert_meeting(
        conn, group_row["id"] if group_row is not None else None, meeting.dump()
    )
    for row in rows:
        recorded = _record(conn, meeting_id, row, meeting, attendance[row["code"]])
        warnings += [f"{recorded['client']}: {w}" for w in recorded["warnings"]]
    return {**show_meeting(conn, meeting_id), "warnings": warnings}


def show_meeting(conn: sqlite3.Connection, meeting_id: int) -> dict:
    """A meeting and its participants: each one's attendance, session, the fields in which
    that session differs from the meeting, and hours toward the enrolment it counts for."""
    m = store.meeting_of(conn, meeting_id)
    return {
        "id": m["id"],
        "date": m["date"],
        "minutes": m["minutes"],
        "activity": m["activity"],
        "phase": m["phase"],
        "group": m["group"],
        "note": m["note"],
        "participants": [
            {
                "client": p["client"],
                "name": p["name"],
                "attendance": p["attendance"],
                "session_id": p["session_id"],
                "minutes": p["minutes"],
                "programme": p["programme"],
                "attended_minutes": p["attended_minutes"] if p["enrolment_id"] else None,
                "differs": [f for f in store.SHARED if p[f] != m[f]],
            }
            for p in store.participants(conn, meeting_id)
        ],
    }


def list_meetings(
    conn: sqlite3.Connection, group: str | None, first: date | None, last: date | None
) -> list[dict]:
    from resoc_cli.storage.groups import find_group

    group_id = find_group(conn, group)["id"] if group is not None else None
    return [
        {
            "id": r["id"],
            "date": r["date"],
            "group": r["group"],
            "minutes": r["minutes"],
            "activity": r["activity"],
            "phase": r["phase"],
            "participants": r["participants"],
            "attended": r["attended"],
            "note": r["note"],
        }
        for r in store.list_meetings(conn, group_id, first, last)
    ]


def edit_meeting(conn: sqlite3.Connection, meeting_id: int, **values: object) -> dict:
    """Change the meeting's fields given (None: as it is) and, with it, each participant's
    session that still had the meeting's value; a session corrected on its own keeps its
    value (``kept``). Each session is validated and counted again as ``session edit`` does.
    ``{"id", "changed", "sessions_changed", "kept", "warnings"}``."""
    from resoc_cli.domain.models import MeetingIn, validate
    from resoc_cli.services.sessions import edit_session

    given = {k: v for k, v in values.items() if v is not None}
    if not given:
        raise InvalidInput(_("edit: nothing to change (give at least one option)"))
    old = dict(store.meeting_of(conn, meeting_id))
    merged = {f: old[f] for f in ("date", "minutes", "activity", "phase", "note")}
    merged.update(given)
    meeting = validate(MeetingIn, **merged)
    new = meeting.dump(json=True)
    changed = store.update_meeting(conn, meeting_id, new)
    follow = [f for f in store.SHARED if f in changed]
    sessions_changed, kept, warnings = 0, [], []
    for p in store.participants(conn, meeting_id):
        own = [f for f in follow if p[f] != old[f]]
        fields = {f: getattr(meeting, f) for f in follow if f not in own}
        if own:
            kept.append({"client": p["client"], "fields": own})
        if fields:
            result = edit_session(conn, p["session_id"], **fields)
            sessions_changed += bool(result["changed"])
            warnings += [f"{p['client']}: {w}" for w in result["warnings"]]
    return {
        "id": meeting_id,
        "changed": sorted(changed),
        "sessions_changed": sessions_changed,
        "kept": kept,
        "warnings": warnings,
    }


def _participant(conn, meeting_id: int, client: str):
    from resoc_cli.storage.clients import find_client

    code = find_client(conn, client)["code"]
    for p in store.participants(conn, meeting_id):
        if p["client"] == code:
            return p
    raise Conflict(
        _("meeting: {code} is not a participant of meeting {id} (resoc meeting join)").format(
            code=code, id=meeting_id
        )
    )


def mark(
    conn: sqlite3.Connection,
    meeting_id: int,
    client: str,
    attendance: str | None,
    minutes: int | None = None,
) -> dict:
    """Correct one participant's attendance (and their minutes, for one who came late or
    left early). ``session edit``'s document."""
    from resoc_cli.services.sessions import edit_session

    store.meeting_of(conn, meeting_id)
    p = _participant(conn, meeting_id, client)
    return edit_session(conn, p["session_id"], attendance=attendance, minutes=minutes)


def join_meeting(
    conn: sqlite3.Connection, meeting_id: int, client: str, attendance: str = "attended"
) -> dict:
    """Add a participant who was forgotten: a session with the meeting's values.
    ``{"id", "client", "session_id", "warnings"}``."""
    from resoc_cli.domain.models import MeetingIn, validate
    from resoc_cli.services.clients import open_client

    m = store.meeting_of(conn, meeting_id)
    row = open_client(conn, client)
    if any(p["client"] == row["code"] for p in store.participants(conn, meeting_id)):
        raise Conflict(
            _("meeting: {code} is already a participant of meeting {id}").format(
                code=row["code"], id=meeting_id
            )
        )
    meeting = validate(MeetingIn, **{f: m[f] for f in ("date", "minutes", "activity", "phase")})
    recorded = _record(conn, meeting_id, row, meeting, attendance)
    return {"id": meeting_id, **recorded}


def delete_meeting(conn: sqlite3.Connection, meeting_id: int) -> dict:
    """Delete the meeting and every participant's session. ``{"id", "sessions_deleted"}``."""
    from resoc_cli.storage.sessions import delete_session

    store.meeting_of(conn, meeting_id)
    ids = store.session_ids(conn, meeting_id)
    for session_id in ids:
        delete_session(conn, session_id)
    store.delete_meeting(conn, meeting_id)
    return {"id": meeting_id, "sessions_deleted": len(ids)}
