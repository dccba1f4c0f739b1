"""Programme sessions (activities) and the family members who took part."""

import sqlite3
from datetime import date

from resoc_cli.errors import NotFound


def insert_session(
    conn: sqlite3.Connection, client_id: int, enrolment_id: int | None, s: dict
) -> int:
    cur = conn.execute(
        """INSERT INTO sessions
           (client_id, enrolment_id, date, minutes, activity, phase, attendance, note)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            client_id,
            enrolment_id,
            s["date"].isoformat(),
            s["minutes"],
            s["activity"],
            s["phase"],
            s["attendance"],
            s["note"],
        ),
    )
    session_id = cur.lastrowid
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
        where.append("s.date BETWEEN ? AND ?")
        params += [first.isoformat(), last.isoformat()]
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return conn.execute(
        f"""SELECT s.id, s.date, c.code AS client, c.name, p.code AS programme, s.activity,
                   s.minutes, s.attendance, s.phase, s.note,
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
    cur = conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
    if cur.rowcount == 0:
        raise NotFound(f"session: no session with id {session_id}")
