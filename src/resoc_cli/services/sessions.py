"""Sessions: record one, list them, delete one typed by mistake."""

import sqlite3
from datetime import date

from resoc_cli.domain.errors import InvalidInput
from resoc_cli.i18n import _
from resoc_cli.storage import sessions as store


def duration(hours: str | None, minutes: str | None, *, required: bool = True) -> int | None:
    """A duration given as hours or as minutes (exactly one when required), in whole minutes."""
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


def session_client(conn: sqlite3.Connection, client: str, on: date | None, *, row=None):
    """The client a session on ``on`` is recorded for, by the rules of ``session add`` (and
    of ``import sessions``): known, open (an erased client is closed too), and ``on`` a day
    that happened, not before the birth. ``row``: the client already found."""
    from resoc_cli.services.clients import open_client, refuse_before_birth

    if row is None:
        if not client:
            from resoc_cli.domain.errors import NotFound

            raise NotFound(_("client: no client with code {code!r}").format(code=client))
        row = open_client(conn, client)
    if on is not None:
        refuse_before_birth(row, on)
    return row


def add_session(
    conn: sqlite3.Connection, client: str, meeting_id: int | None = None, **values: object
) -> dict:
    """Record a session of an open client (``meeting_id``: as a participant of that meeting).
    It counts toward the enrolment whose period covers its date (the same rule as
    ``edit_session`` and ``enrol``); a session outside every enrolment is kept, not counted,
    with a warning. ``{"id", "client", "enrolment_id", "warnings"}``."""
    from resoc_cli.domain.models import SessionIn, validate
    from resoc_cli.domain.rules import counted_enrolment
    from resoc_cli.storage.family import check_members
    from resoc_cli.storage.programmes import enrolment_on

    session = validate(SessionIn, **values)
    row = session_client(conn, client, session.date)
    check_members(conn, row["id"], session.members)
    enrolment = enrolment_on(conn, row["id"], session.date)
    enrolment_id, warnings = counted_enrolment(enrolment, session.date, session.phase)
    session_id = store.insert_session(
        conn, row["id"], enrolment_id, session.dump(), meeting_id=meeting_id
    )
    return {
        "id": session_id,
        "client": row["code"],
        "enrolment_id": enrolment_id,
        "warnings": warnings,
    }


def list_sessions(
    conn: sqlite3.Connection, client: str | None, first: date | None, last: date | None
) -> list[dict]:
    """Sessions oldest first, of one client or all, within the dates given."""
    from resoc_cli.storage.clients import find_client

    client_id = find_client(conn, client)["id"] if client is not None else None
    return [
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
            "meeting_id": r["meeting_id"],
        }
        for r in store.list_sessions(conn, client_id, first, last)
    ]


def delete_session(conn: sqlite3.Connection, session_id: int) -> dict:
    store.delete_session(conn, session_id)
    return {"id": session_id}


#: The fields of a session that ``session edit`` can change (columns of the same names).
_SESSION_FIELDS = ("date", "minutes", "activity", "phase", "attendance", "note", "members")


def edit_session(
    conn: sqlite3.Connection, session_id: int, client: str | None = None, **values: object
) -> dict:
    """Change the fields given (``None``: leave as it is) of a session, moving it to
    ``client`` when given. The whole session is validated again by the rules of
    ``add_session`` and counted again toward the enrolment whose period covers its date
    (of its new client). ``{"id", "client", "enrolment_id", "changed", "warnings"}``."""
    from resoc_cli.domain.models import SessionIn, validate
    from resoc_cli.domain.rules import counted_enrolment
    from resoc_cli.services.clients import open_client, refuse_before_birth
    from resoc_cli.storage.clients import code_of
    from resoc_cli.storage.family import check_members
    from resoc_cli.storage.programmes import enrolment_on

    given = {k: v for k, v in values.items() if v is not None}
    if not given and client is None:
        raise InvalidInput(_("edit: nothing to change (give at least one option)"))
    old = store.session_of(conn, session_id)
    merged = {field: old[field] for field in _SESSION_FIELDS}
    merged["members"] = tuple(merged["members"])
    merged.update(given)
    session = validate(SessionIn, **merged)
    row = open_client(conn, client if client is not None else code_of(conn, old["client_id"]))
    if old["meeting_id"] is not None and row["id"] != old["client_id"]:
        _refuse_second_place(conn, old["meeting_id"], row)
    refuse_before_birth(row, session.date)
    check_members(conn, row["id"], session.members)
    enrolment = enrolment_on(conn, row["id"], session.date)
    enrolment_id, warnings = counted_enrolment(enrolment, session.date, session.phase)
    s = session.dump(json=True)
    new = {
        "client_id": row["id"],
        "enrolment_id": enrolment_id,
        **{field: s[field] for field in _SESSION_FIELDS},
    }
    new["members"] = list(s["members"])
    changes = store.update_session(conn, session_id, new)
    differs = _differs_from_meeting(conn, old["meeting_id"], s)
    if differs and set(differs) & set(changes):
        warnings.append(
            _("session {id} now differs from its meeting {meeting} ({fields})").format(
                id=session_id, meeting=old["meeting_id"], fields=", ".join(differs)
            )
        )
    return {
        "id": session_id,
        "client": row["code"],
        "enrolment_id": enrolment_id,
        "changed": sorted(changes),
        "meeting_id": old["meeting_id"],
        "differs_from_meeting": differs,
        "warnings": warnings,
    }


def _refuse_second_place(conn: sqlite3.Connection, meeting_id: int, row) -> None:
    """A client has one session of a meeting."""
    from resoc_cli.domain.errors import Conflict

    if store.session_in_meeting(conn, meeting_id, row["id"]) is not None:
        raise Conflict(
            _("client: {code} already has a session of meeting {meeting}").format(
                code=row["code"], meeting=meeting_id
            )
        )


def _differs_from_meeting(conn: sqlite3.Connection, meeting_id: int | None, s: dict) -> list:
    """The fields in which a meeting's session (``s``, as stored) differs from it."""
    if meeting_id is None:
        return []
    from resoc_cli.storage.meetings import SHARED, meeting_of

    meeting = meeting_of(conn, meeting_id)
    return [f for f in SHARED if s[f] != meeting[f]]
