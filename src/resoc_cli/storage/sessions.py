"""Programme sessions (activities) and the family members who took part."""

import sqlite3
from datetime import date

from resoc_cli.errors import NotFound
from resoc_cli.i18n import _
from resoc_cli.storage import audit


def insert_session(
    conn: sqlite3.Connection, client_id: int, enrolment_id: int | None, s: dict
) -> int:
    values = {
        "enrolment_id": enrolment_id,
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
    old = conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if old is None:
        raise NotFound(_("session: no session with id {session}").format(session=session_id))
    conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
    old = dict(old)
    client_id = old.pop("client_id")
    del old["id"]
    audit.append(conn, "delete", "sessions", str(session_id), client_id, audit.removed(old))
