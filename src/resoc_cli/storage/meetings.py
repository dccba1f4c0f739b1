"""Meetings (one event, a session per participant): the SQL."""

import sqlite3
from datetime import date

from resoc_cli.errors import NotFound
from resoc_cli.i18n import _
from resoc_cli.storage import audit

#: The columns a meeting shares with each participant's session.
SHARED = ("date", "minutes", "activity", "phase")


def insert_meeting(conn: sqlite3.Connection, group_id: int | None, m: dict) -> int:
    values = {
        "group_id": group_id,
        "date": m["date"].isoformat(),
        "minutes": m["minutes"],
        "activity": m["activity"],
        "phase": m["phase"],
        "note": m["note"],
    }
    cur = conn.execute(
        f"""INSERT INTO meetings ({", ".join(values)})
            VALUES ({", ".join(":" + k for k in values)})""",
        values,
    )
    audit.append(conn, "add", "meetings", str(cur.lastrowid), None, audit.added(values))
    return cur.lastrowid


def meeting_of(conn: sqlite3.Connection, meeting_id: int) -> sqlite3.Row:
    row = conn.execute(
        """SELECT t.id, t.group_id, g.code AS "group", g.name AS group_name, t.date, t.minutes,
                  t.activity, t.phase, t.note
           FROM meetings t LEFT JOIN groups g ON g.id = t.group_id WHERE t.id = ?""",
        (meeting_id,),
    ).fetchone()
    if row is None:
        raise NotFound(_("meeting: no meeting with id {id}").format(id=meeting_id))
    return row


def participants(conn: sqlite3.Connection, meeting_id: int) -> list[sqlite3.Row]:
    """Each participant's session, by client code, with the columns it shares with the
    meeting and the hours toward the enrolment it counts for (None when it counts for none)."""
    return conn.execute(
        """SELECT s.id AS session_id, s.client_id, c.code AS client, c.name, s.attendance,
                  s.date, s.minutes, s.activity, s.phase, s.enrolment_id,
                  p.code AS programme,
                  (SELECT coalesce(sum(x.minutes), 0) FROM sessions x
                    WHERE x.enrolment_id = s.enrolment_id
                      AND x.attendance IN ('attended', 'late')) AS attended_minutes
           FROM sessions s JOIN clients c ON c.id = s.client_id
           LEFT JOIN enrolments e ON e.id = s.enrolment_id
           LEFT JOIN programmes p ON p.id = e.programme_id
           WHERE s.meeting_id = ? ORDER BY c.code""",
        (meeting_id,),
    ).fetchall()


def list_meetings(
    conn: sqlite3.Connection,
    group_id: int | None = None,
    first: date | None = None,
    last: date | None = None,
) -> list[sqlite3.Row]:
    where, params = [], []
    if group_id is not None:
        where.append("t.group_id = ?")
        params.append(group_id)
    if first is not None:
        where.append("t.date >= ?")
        params.append(first.isoformat())
    if last is not None:
        where.append("t.date <= ?")
        params.append(last.isoformat())
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return conn.execute(
        f"""SELECT t.id, t.date, g.code AS "group", t.minutes, t.activity, t.phase, t.note,
                   (SELECT count(*) FROM sessions s WHERE s.meeting_id = t.id) AS participants,
                   (SELECT count(*) FROM sessions s WHERE s.meeting_id = t.id
                     AND s.attendance IN ('attended', 'late')) AS attended
            FROM meetings t LEFT JOIN groups g ON g.id = t.group_id
            {clause}
            ORDER BY t.date, t.id""",
        params,
    ).fetchall()


def update_meeting(conn: sqlite3.Connection, meeting_id: int, new: dict) -> dict:
    """Write ``new`` (column: value) over the meeting; an audit row of what changed."""
    old = dict(conn.execute("SELECT * FROM meetings WHERE id = ?", (meeting_id,)).fetchone())
    changes = audit.changes_between(old, new)
    if changes:
        written = conn.execute(
            f"UPDATE meetings SET {', '.join(f'{c} = ?' for c in new)} WHERE id = ?",
            (*new.values(), meeting_id),
        )
        _whole(written, meeting_id)
        audit.append(conn, "edit", "meetings", str(meeting_id), None, changes)
    return changes


def delete_meeting(conn: sqlite3.Connection, meeting_id: int) -> None:
    """Delete the meeting (its sessions must be gone already); an audit row."""
    old = dict(conn.execute("SELECT * FROM meetings WHERE id = ?", (meeting_id,)).fetchone())
    _whole(conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,)), meeting_id)
    del old["id"]
    audit.append(conn, "delete", "meetings", str(meeting_id), None, audit.removed(old))


def _whole(written, meeting_id: int) -> None:
    """A team's worker changes only a meeting whose every participant they see (the server's
    row security left the row untouched): refused, so that nothing of it is written."""
    if written.rowcount != 1:
        from resoc_cli.errors import StorageError

        raise StorageError(
            _("meeting {id}: it has participants this login does not see; their worker or a"
              " lead may change it; nothing was changed").format(id=meeting_id)
        )  # fmt: skip


def session_ids(conn: sqlite3.Connection, meeting_id: int) -> list[int]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT id FROM sessions WHERE meeting_id = ? ORDER BY id", (meeting_id,)
        )
    ]


def minutes_toward(conn: sqlite3.Connection, enrolment_id: int | None) -> int | None:
    """Attended minutes toward the enrolment (None for none)."""
    if enrolment_id is None:
        return None
    return conn.execute(
        """SELECT coalesce(sum(minutes), 0) FROM sessions
           WHERE enrolment_id = ? AND attendance IN ('attended', 'late')""",
        (enrolment_id,),
    ).fetchone()[0]
