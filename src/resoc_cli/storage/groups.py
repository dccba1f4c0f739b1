"""Groups (cohorts that meet together) and their memberships: the SQL."""

import sqlite3
from datetime import date

from resoc_cli.errors import Conflict, NotFound
from resoc_cli.i18n import _
from resoc_cli.storage import audit


def find_group(conn: sqlite3.Connection, code: str) -> sqlite3.Row:
    row = conn.execute(
        """SELECT g.id, g.code, g.name, g.programme_id, p.code AS programme,
                  p.name AS programme_name
           FROM groups g LEFT JOIN programmes p ON p.id = g.programme_id
           WHERE g.code = ? COLLATE NOCASE""",
        (code,),
    ).fetchone()
    if row is None:
        raise NotFound(
            _("group: no group with code {code!r} (see: resoc group list)").format(code=code)
        )
    return row


def insert_group(conn: sqlite3.Connection, code: str, name: str, programme_id: int | None) -> int:
    if conn.execute("SELECT 1 FROM groups WHERE code = ? COLLATE NOCASE", (code,)).fetchone():
        raise Conflict(_("group: a group with code {code!r} already exists").format(code=code))
    cur = conn.execute(
        "INSERT INTO groups (code, name, programme_id) VALUES (?, ?, ?)",
        (code, name, programme_id),
    )
    values = {"code": code, "name": name, "programme_id": programme_id}
    audit.append(conn, "add", "groups", str(cur.lastrowid), None, audit.added(values))
    return cur.lastrowid


def open_membership(conn: sqlite3.Connection, group_id: int, client_id: int):
    """The client's membership of the group that has not ended, else None."""
    return conn.execute(
        """SELECT id, start_date FROM group_members
           WHERE group_id = ? AND client_id = ? AND end_date IS NULL""",
        (group_id, client_id),
    ).fetchone()


def last_end(conn: sqlite3.Connection, group_id: int, client_id: int) -> str | None:
    """When the client last left the group (ISO), None if never."""
    return conn.execute(
        "SELECT max(end_date) FROM group_members WHERE group_id = ? AND client_id = ?",
        (group_id, client_id),
    ).fetchone()[0]


def insert_membership(conn: sqlite3.Connection, group_id: int, client_id: int, start: date) -> int:
    cur = conn.execute(
        "INSERT INTO group_members (group_id, client_id, start_date) VALUES (?, ?, ?)",
        (group_id, client_id, start.isoformat()),
    )
    values = {"group_id": group_id, "start_date": start.isoformat()}
    audit.append(conn, "add", "group_members", str(cur.lastrowid), client_id, audit.added(values))
    return cur.lastrowid


def end_membership(conn: sqlite3.Connection, membership_id: int, client_id: int, end: date):
    conn.execute(
        "UPDATE group_members SET end_date = ? WHERE id = ?", (end.isoformat(), membership_id)
    )
    changes = {"end_date": (None, end.isoformat())}
    audit.append(conn, "leave", "group_members", str(membership_id), client_id, changes)


def end_memberships_of(conn: sqlite3.Connection, client_id: int, end: date) -> int:
    """End every open membership of the client (closing the case); how many."""
    rows = conn.execute(
        """SELECT id, max(start_date, ?) FROM group_members
           WHERE client_id = ? AND end_date IS NULL""",
        (end.isoformat(), client_id),
    ).fetchall()
    for membership_id, day in rows:
        end_membership(conn, membership_id, client_id, date.fromisoformat(day))
    return len(rows)


def members_on(conn: sqlite3.Connection, group_id: int, on: date) -> list[sqlite3.Row]:
    """The clients in the group on ``on``: joined on or before it, not left by then (the day
    of leaving is the first day out of the group), by code."""
    return conn.execute(
        """SELECT DISTINCT c.id, c.code, c.name, c.closed_date FROM group_members m
           JOIN clients c ON c.id = m.client_id
           WHERE m.group_id = :g AND m.start_date <= :on
             AND (m.end_date IS NULL OR m.end_date > :on)
           ORDER BY c.code""",
        {"g": group_id, "on": on.isoformat()},
    ).fetchall()


def list_groups(conn: sqlite3.Connection, today: date) -> list[sqlite3.Row]:
    return conn.execute(
        """SELECT g.id, g.code, g.name, p.code AS programme,
                  (SELECT count(DISTINCT m.client_id) FROM group_members m
                    WHERE m.group_id = g.id AND m.start_date <= :today
                      AND (m.end_date IS NULL OR m.end_date > :today)) AS members,
                  (SELECT count(*) FROM meetings t WHERE t.group_id = g.id) AS meetings,
                  (SELECT max(t.date) FROM meetings t WHERE t.group_id = g.id) AS last_meeting
           FROM groups g LEFT JOIN programmes p ON p.id = g.programme_id
           ORDER BY g.code""",
        {"today": today.isoformat()},
    ).fetchall()


def memberships(conn: sqlite3.Connection, group_id: int) -> list[sqlite3.Row]:
    """Every membership of the group (past ones too), with the client's hours toward the
    enrolment that counts (the active one, else the last) and the group meetings attended."""
    return conn.execute(
        """SELECT m.client_id, c.code, c.name, m.start_date, m.end_date,
                  (SELECT p.code FROM enrolments e JOIN programmes p ON p.id = e.programme_id
                    WHERE e.client_id = c.id
                    ORDER BY e.state = 'active' DESC, e.start_date DESC, e.id DESC LIMIT 1)
                    AS programme,
                  (SELECT coalesce(sum(s.minutes), 0) FROM sessions s
                    WHERE s.attendance IN ('attended', 'late') AND s.enrolment_id =
                      (SELECT e.id FROM enrolments e WHERE e.client_id = c.id
                        ORDER BY e.state = 'active' DESC, e.start_date DESC, e.id DESC
                        LIMIT 1)) AS attended_minutes,
                  (SELECT count(*) FROM sessions s JOIN meetings t ON t.id = s.meeting_id
                    WHERE s.client_id = c.id AND t.group_id = m.group_id
                      AND s.attendance IN ('attended', 'late')) AS meetings_attended
           FROM group_members m JOIN clients c ON c.id = m.client_id
           WHERE m.group_id = ?
           ORDER BY m.end_date IS NOT NULL, c.code, m.start_date""",
        (group_id,),
    ).fetchall()
