"""The facts behind resoc agenda: one set-based query per rule, open clients only."""

import sqlite3

from resoc_cli.storage.views import COUNTING, last_family_contact

_OPEN = "c.closed_date IS NULL AND c.erased_date IS NULL"


def release_facts(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute(
        f"""SELECT c.code, c.name, c.release_date,
                   EXISTS (SELECT 1 FROM plan_goals g
                           WHERE g.client_id = c.id AND g.area = 'housing') AS has_housing
            FROM clients c WHERE {_OPEN} AND c.release_date IS NOT NULL"""
    ).fetchall()


def review_facts(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute(
        f"""SELECT c.code, c.name, pl.agreed_date,
                   (SELECT max(r.date) FROM plan_reviews r WHERE r.client_id = c.id)
            FROM plans pl JOIN clients c ON c.id = pl.client_id
            WHERE {_OPEN} AND pl.agreed_date IS NOT NULL"""
    ).fetchall()


def session_facts(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute(
        f"""SELECT c.code, c.name, p.code, e.start_date,
                   (SELECT max(s.date) FROM sessions s
                     WHERE s.enrolment_id = e.id AND s.attendance IN {COUNTING})
            FROM enrolments e JOIN clients c ON c.id = e.client_id
            JOIN programmes p ON p.id = e.programme_id
            WHERE e.state = 'active' AND {_OPEN}"""
    ).fetchall()


def family_facts(conn: sqlite3.Connection) -> list[tuple]:
    """(code, name, [child birth dates], last family contact) of open clients in prison; a
    session with a family member is a contact with them (``views.FAMILY_CONTACTS``)."""
    rows = conn.execute(
        f"""SELECT c.code, c.name, m.born,
                   {last_family_contact()}
            FROM clients c JOIN family_members m ON m.client_id = c.id AND m.relation = 'child'
            WHERE {_OPEN} AND c.status = 'in-prison'
            ORDER BY c.code"""
    ).fetchall()
    grouped: dict[str, list] = {}
    for code, name, born, last in rows:
        grouped.setdefault(code, [code, name, [], last])[2].append(born)
    return [tuple(v) for v in grouped.values()]
