"""Programme sessions (activities) and the family members who took part."""

import sqlite3
from datetime import date

from resoc_cli.errors import NotFound
from resoc_cli.i18n import _
from resoc_cli.storage import audit


def insert_session(
    conn: sqlite3.Connection,
    client_id: int,
    enrolment_id: int | None,
    s: dict,
    meeting_id: int | None = None,
) -> int:
    values = {
        "enrolment_id": enrolment_id,
        "meeting_id": meeting_id,
        "date": s["date"].isoformat(),
        "minutes": s["minutes"],
        "activity": s["activity"],
        "phase": s["phase"],
        "attendance": s["attendance"],
        "note": s["note"],
    }
    cur = conn.execute(
        f"""INSERT INTO sessions (client_id, {", ".join(values)})
            VALUES (:client_id, {", ".join(":" + k for k in values)})""",
        {**values, "client_id": client_id},
    )
    session_id = cur.lastrowid
    values["members"] = ",".join(map(str, s["members"])) or None
    audit.append(conn, "add", "sessions", str(session_id), client_id, audit.added(values))
    conn.executemany(
        "INSERT OR IGNORE INTO session_members (session_id, member_id) VALUES (?, ?)",
        [(session_id, m) for m in s["members"]],
    )
    return session_id


def list_sessions(
    conn: sqlite3.Connection,
    client_id: int | None = None,
    first: date | None = None,
    last: date | None = None,
) -> list[sqlite3.Row]:
    where, params = [], []
    if client_id is not None:
        where.append("s.client_id = ?")
        params.append(client_id)
    if first is not None:
        where.append("s.date >= ?")
        params.append(first.isoformat())
    if last is not None:
        where.append("s.date <= ?")
        params.append(last.isoformat())
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return conn.execute(
        f"""SELECT s.id, s.date, c.code AS client, c.name, p.code AS programme, s.activity,
                   s.minutes, s.attendance, s.phase, s.note, s.meeting_id,
                   (SELECT group_concat(sm.member_id) FROM session_members sm
                     WHERE sm.session_id = s.id) AS members
            FROM sessions s
            JOIN clients c ON c.id = s.client_id
            LEFT JOIN enrolments e ON e.id = s.enrolment_id
            LEFT JOIN programmes p ON p.id = e.programme_id
            {clause}
            ORDER BY s.date, s.id""",
        params,
    ).fetchall()


def delete_session(conn: sqlite3.Connection, session_id: int) -> None:
    old = conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if old is None:
        raise NotFound(_("session: no session with id {session}").format(session=session_id))
    # the family members who took part go first, by name rather than by the cascade: the
    # journal then lists them before their session, so undo puts the session back first
    # (PostgreSQL runs a cascade before the session's own trigger; SQLite after it)
    members = conn.execute(
        "SELECT member_id FROM session_members WHERE session_id = ? ORDER BY member_id",
        (session_id,),
    ).fetchall()
    for (member_id,) in members:  # one by one, in order: the journal reads the same anywhere
        conn.execute(
            "DELETE FROM session_members WHERE session_id = ? AND member_id = ?",
            (session_id, member_id),
        )
    conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
    old = dict(old)
    client_id = old.pop("client_id")
    del old["id"]
    audit.append(conn, "delete", "sessions", str(session_id), client_id, audit.removed(old))


def session_in_meeting(conn: sqlite3.Connection, meeting_id: int, client_id: int) -> int | None:
    """The client's session of the meeting (its id), None if there is none."""
    row = conn.execute(
        "SELECT id FROM sessions WHERE meeting_id = ? AND client_id = ?", (meeting_id, client_id)
    ).fetchone()
    return row[0] if row else None


def session_of(conn: sqlite3.Connection, session_id: int) -> dict:
    """One session with its columns and its members' ids (sorted); NotFound otherwise."""
    row = conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        raise NotFound(_("session: no session with id {session}").format(session=session_id))
    members = conn.execute(
        "SELECT member_id FROM session_members WHERE session_id = ? ORDER BY member_id",
        (session_id,),
    )
    return {**dict(row), "members": [m for (m,) in members]}


def update_session(conn: sqlite3.Connection, session_id: int, new: dict) -> dict:
    """Write ``new`` (the session's columns and ``members``, a list of ids) over the session;
    one audit row with the old and new value of every field that changed. The changes."""
    old = session_of(conn, session_id)
    columns = [k for k in new if k not in ("id", "members")]
    conn.execute(
        f"UPDATE sessions SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
        (*(new[c] for c in columns), session_id),
    )
    if "members" in new and sorted(new["members"]) != old["members"]:
        conn.execute("DELETE FROM session_members WHERE session_id = ?", (session_id,))
        conn.executemany(
            "INSERT OR IGNORE INTO session_members (session_id, member_id) VALUES (?, ?)",
            [(session_id, m) for m in new["members"]],
        )

    def shown(values: dict) -> dict:
        members = values.get("members")
        return {**values, "members": ",".join(map(str, sorted(members))) or None}

    changes = audit.changes_between(shown(old), shown({**old, **new}))
    client_id = new.get("client_id", old["client_id"])
    audit.append(conn, "edit", "sessions", str(session_id), client_id, changes)
    return changes


def recount(
    conn: sqlite3.Connection,
    client_id: int,
    enrolment_id: int,
    start: str,
    end: str | None,
) -> tuple[int, int]:
    """After an enrolment was made or its dates moved: the client's sessions from ``start``
    (to ``end``) that counted toward no enrolment count toward it, and its sessions before
    ``start`` no longer do. An audit row per session moved. ``(counted, uncounted)``."""
    gained = conn.execute(
        """SELECT id FROM sessions WHERE client_id = ? AND enrolment_id IS NULL
           AND date >= ? AND (? IS NULL OR date <= ?) ORDER BY date, id""",
        (client_id, start, end, end),
    ).fetchall()
    lost = conn.execute(
        "SELECT id FROM sessions WHERE enrolment_id = ? AND date < ? ORDER BY date, id",
        (enrolment_id, start),
    ).fetchall()
    for ids, old, new in ((gained, None, enrolment_id), (lost, enrolment_id, None)):
        for (session_id,) in ids:
            conn.execute("UPDATE sessions SET enrolment_id = ? WHERE id = ?", (new, session_id))
            changes = {"enrolment_id": (old, new)}
            audit.append(conn, "edit", "sessions", str(session_id), client_id, changes)
    return len(gained), len(lost)
