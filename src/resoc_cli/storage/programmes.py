"""Programmes and enrolments."""

import sqlite3
from datetime import date

from resoc_cli.errors import Conflict, NotFound
from resoc_cli.i18n import _
from resoc_cli.storage import audit

PROGRAMME_COLUMNS = (
    "id, code, name, min_minutes, sessions, session_minutes, phases, audience,"
    " plan_required, builtin"
)
ENROLMENT_COLUMNS = (
    "e.id, e.client_id, e.start_date, e.end_date, e.state, e.end_reason,"
    " p.code AS programme, p.name AS programme_name, p.min_minutes"
)


def list_programmes(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute(
        f"SELECT {PROGRAMME_COLUMNS} FROM programmes ORDER BY builtin DESC, code"
    ).fetchall()


def find_programme(conn: sqlite3.Connection, code: str) -> sqlite3.Row:
    row = conn.execute(
        f"SELECT {PROGRAMME_COLUMNS} FROM programmes WHERE code = ? COLLATE NOCASE", (code,)
    ).fetchone()
    if row is None:
        raise NotFound(
            _("programme: no programme with code {code!r} (see: resoc programme list)").format(
                code=code
            )
        )
    return row


def insert_programme(conn: sqlite3.Connection, p: dict) -> None:
    exists = conn.execute(
        "SELECT 1 FROM programmes WHERE code = ? COLLATE NOCASE", (p["code"],)
    ).fetchone()
    if exists:
        raise Conflict(
            _("code: a programme with code {code!r} already exists").format(code=p["code"])
        )
    conn.execute(
        """INSERT INTO programmes
           (code, name, min_minutes, sessions, session_minutes, phases, audience, plan_required)
           VALUES (:code, :name, :min_minutes, :sessions, :session_minutes, :phases, :audience,
                   :plan_required)""",
        {**p, "plan_required": int(p["plan_required"])},
    )
    audit.append(conn, "add", "programmes", p["code"], None, audit.added(p))


def active_enrolment(conn: sqlite3.Connection, client_id: int) -> sqlite3.Row | None:
    return conn.execute(
        f"""SELECT {ENROLMENT_COLUMNS}, p.phases FROM enrolments e
            JOIN programmes p ON p.id = e.programme_id
            WHERE e.client_id = ? AND e.state = 'active'""",
        (client_id,),
    ).fetchone()


def enrolments_of(conn: sqlite3.Connection, client_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        f"""SELECT {ENROLMENT_COLUMNS},
                   (SELECT coalesce(sum(s.minutes), 0) FROM sessions s
                     WHERE s.enrolment_id = e.id AND s.attendance IN ('attended', 'late'))
                   AS attended_minutes
            FROM enrolments e JOIN programmes p ON p.id = e.programme_id
            WHERE e.client_id = ? ORDER BY e.start_date, e.id""",
        (client_id,),
    ).fetchall()


def last_enrolment_end(conn: sqlite3.Connection, client_id: int) -> str | None:
    """The latest end date (ISO) of the client's enrolments, None when none has ended."""
    return conn.execute(
        "SELECT max(end_date) FROM enrolments WHERE client_id = ?", (client_id,)
    ).fetchone()[0]


def insert_enrolment(conn: sqlite3.Connection, client_id: int, programme_id: int, start: date):
    cur = conn.execute(
        "INSERT INTO enrolments (client_id, programme_id, start_date) VALUES (?, ?, ?)",
        (client_id, programme_id, start.isoformat()),
    )
    values = {"programme_id": programme_id, "start_date": start.isoformat(), "state": "active"}
    audit.append(conn, "add", "enrolments", str(cur.lastrowid), client_id, audit.added(values))
    return cur.lastrowid


def end_enrolment(
    conn: sqlite3.Connection, enrolment_id: int, state: str, day: date, reason: str | None
) -> None:
    old = conn.execute(
        "SELECT client_id, state, end_date, end_reason FROM enrolments WHERE id = ?",
        (enrolment_id,),
    ).fetchone()
    new = {"state": state, "end_date": day.isoformat(), "end_reason": reason}
    conn.execute(
        "UPDATE enrolments SET state = ?, end_date = ?, end_reason = ? WHERE id = ?",
        (state, day.isoformat(), reason, enrolment_id),
    )
    changes = audit.changes_between(dict(old), new)
    audit.append(conn, state, "enrolments", str(enrolment_id), old["client_id"], changes)


def enrolment_on(conn: sqlite3.Connection, client_id: int, on: date) -> sqlite3.Row | None:
    """The client's enrolment whose period covers ``on`` (the active one first), else the
    active enrolment (which began after ``on``), else None."""
    return conn.execute(
        f"""SELECT {ENROLMENT_COLUMNS}, p.phases FROM enrolments e
            JOIN programmes p ON p.id = e.programme_id
            WHERE e.client_id = :client
              AND (e.state = 'active'
                   OR (e.start_date <= :on AND coalesce(e.end_date, :on) >= :on))
            ORDER BY e.start_date <= :on DESC, e.state = 'active' DESC, e.start_date DESC,
                     e.id DESC
            LIMIT 1""",
        {"client": client_id, "on": on.isoformat()},
    ).fetchone()


def current_enrolment(conn: sqlite3.Connection, client_id: int) -> sqlite3.Row | None:
    """The active enrolment, else the one that began last."""
    return conn.execute(
        f"""SELECT {ENROLMENT_COLUMNS}, p.phases, e.programme_id FROM enrolments e
            JOIN programmes p ON p.id = e.programme_id
            WHERE e.client_id = ?
            ORDER BY e.state = 'active' DESC, e.start_date DESC, e.id DESC LIMIT 1""",
        (client_id,),
    ).fetchone()


def other_enrolments(conn: sqlite3.Connection, enrolment_id: int) -> list[sqlite3.Row]:
    """The same client's other enrolments, oldest first."""
    return conn.execute(
        """SELECT o.id, o.start_date, o.end_date, o.state FROM enrolments o
           JOIN enrolments e ON e.client_id = o.client_id
           WHERE e.id = ? AND o.id <> e.id ORDER BY o.start_date, o.id""",
        (enrolment_id,),
    ).fetchall()


def highest_phase(conn: sqlite3.Connection, enrolment_id: int) -> int | None:
    """The highest phase of the sessions counted toward the enrolment."""
    row = conn.execute("SELECT max(phase) FROM sessions WHERE enrolment_id = ?", (enrolment_id,))
    return row.fetchone()[0]


def update_enrolment(conn: sqlite3.Connection, enrolment_id: int, new: dict) -> dict:
    """Change the enrolment's ``start_date`` and/or ``programme_id``; an audit row with the
    old and new values. The changes."""
    old = conn.execute(
        "SELECT client_id, start_date, programme_id FROM enrolments WHERE id = ?",
        (enrolment_id,),
    ).fetchone()
    sets = ", ".join(f"{column} = ?" for column in new)
    conn.execute(f"UPDATE enrolments SET {sets} WHERE id = ?", (*new.values(), enrolment_id))
    changes = audit.changes_between(dict(old), new)
    audit.append(conn, "edit", "enrolments", str(enrolment_id), old["client_id"], changes)
    return changes
