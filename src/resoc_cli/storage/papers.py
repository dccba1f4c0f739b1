"""SQL for the printed papers: the facts of one enrolment that a certificate states."""

import sqlite3

from resoc_cli.storage.views import COUNTING


def enrolment_facts(conn: sqlite3.Connection, enrolment_id: int) -> sqlite3.Row:
    """The enrolment, its programme's rules, its held sessions (count, minutes, first and
    last date) and the date the client's plan was agreed."""
    return conn.execute(
        f"""SELECT e.id, e.start_date, e.end_date, e.state, p.code AS programme,
                   p.name AS programme_name, p.min_minutes, p.sessions AS required_sessions,
                   p.session_minutes, p.phases, p.plan_required,
                   count(s.id) AS sessions, coalesce(sum(s.minutes), 0) AS minutes,
                   min(s.date) AS first_session, max(s.date) AS last_session,
                   (SELECT agreed_date FROM plans WHERE client_id = e.client_id) AS agreed
            FROM enrolments e JOIN programmes p ON p.id = e.programme_id
            LEFT JOIN sessions s ON s.enrolment_id = e.id AND s.attendance IN {COUNTING}
            WHERE e.id = ? GROUP BY e.id, p.id""",
        (enrolment_id,),
    ).fetchone()
