"""Read models: each quick question answered by one SQL query."""

import sqlite3

COUNTING = "('attended', 'late')"

#: One event, one record: every contact with a family member, as (client_id, member_id, date),
#: whether logged with ``contact add`` or as a member taking part in a session held with the
#: client (``session add --with``; attended or late, as sessions count). UNION, not UNION ALL:
#: a contact and a session with the same member on the same day are one contact that day.
FAMILY_CONTACTS = f"""
    SELECT client_id, member_id, date FROM contacts
    UNION
    SELECT s.client_id, sm.member_id, s.date
    FROM session_members sm JOIN sessions s ON s.id = sm.session_id
    WHERE s.attendance IN {COUNTING}"""


def last_family_contact(client: str = "c.id") -> str:
    """SQL for the day (ISO) of the latest family contact of client ``client`` (a column),
    counted as ``FAMILY_CONTACTS`` counts them, NULL when none; two indexed maxima rather than
    a scan of the union (the caseload asks it once per open client)."""
    return f"""nullif(max(
        coalesce((SELECT max(k.date) FROM contacts k WHERE k.client_id = {client}), ''),
        coalesce((SELECT max(s.date) FROM sessions s
                  WHERE s.client_id = {client} AND s.attendance IN {COUNTING}
                    AND EXISTS (SELECT 1 FROM session_members sm WHERE sm.session_id = s.id)),
                 '')), '')"""


# The enrolment a lookup reports: the active one, else the most recent.
_CURRENT_ENROLMENT = """
    SELECT e2.id FROM enrolments e2 WHERE e2.client_id = c.id
    ORDER BY e2.state = 'active' DESC, e2.start_date DESC, e2.id DESC LIMIT 1"""

_HOURS = f"""
SELECT c.id AS client_id, c.code AS client, e.id AS enrolment_id, e.state, e.start_date,
       e.end_date, p.code AS programme, p.name AS programme_name,
       p.min_minutes AS required_minutes,
       (SELECT coalesce(sum(s.minutes), 0) FROM sessions s
         WHERE s.enrolment_id = e.id AND s.attendance IN {COUNTING}) AS attended_minutes,
       (SELECT count(*) FROM sessions s
         WHERE s.enrolment_id = e.id AND s.attendance IN {COUNTING}) AS sessions
FROM clients c
LEFT JOIN enrolments e ON e.id = ({_CURRENT_ENROLMENT})
LEFT JOIN programmes p ON p.id = e.programme_id
WHERE c.code = ? COLLATE NOCASE"""


def hours(conn: sqlite3.Connection, code: str) -> sqlite3.Row | None:
    """None when no client has that code; enrolment columns NULL when it has no enrolment."""
    return conn.execute(_HOURS, (code,)).fetchone()


#: The completion facts of enrolment ``e`` (programme ``p``) of client ``c``.
CHECK_COLUMNS = f"""
       p.code AS programme, p.name AS programme_name, p.min_minutes,
       p.sessions AS programme_sessions, p.session_minutes,
       p.phases, p.audience, p.plan_required,
       (SELECT coalesce(sum(s.minutes), 0) FROM sessions s
         WHERE s.enrolment_id = e.id AND s.attendance IN {COUNTING}) AS attended_minutes,
       (SELECT count(*) FROM sessions s
         WHERE s.enrolment_id = e.id AND s.attendance IN {COUNTING}) AS attended_sessions,
       (SELECT count(*) FROM sessions s
         WHERE s.enrolment_id = e.id AND s.attendance IN {COUNTING}
           AND s.minutes < p.session_minutes) AS short_sessions,
       (SELECT group_concat(DISTINCT s.phase) FROM sessions s
         WHERE s.enrolment_id = e.id AND s.attendance IN {COUNTING}) AS phases_covered,
       (SELECT agreed_date FROM plans pl WHERE pl.client_id = c.id) AS plan_agreed,
       (SELECT group_concat(DISTINCT g.area) FROM plan_goals g WHERE g.client_id = c.id)
         AS goal_areas,
       (SELECT group_concat(n.area) FROM plan_needs n WHERE n.client_id = c.id) AS need_areas"""

#: The enrolment a lookup reports, as a join condition on ``e``.
CURRENT_ENROLMENT = f"e.id = ({_CURRENT_ENROLMENT})"

_CHECK = f"""
SELECT c.id AS client_id, c.code AS client, c.name, e.id AS enrolment_id, e.state, e.start_date,
       {CHECK_COLUMNS}
FROM clients c
JOIN enrolments e ON {{enrolment}}
JOIN programmes p ON p.id = e.programme_id
{{where}}"""


def check_facts(conn: sqlite3.Connection, code: str | None = None) -> list[sqlite3.Row]:
    """Facts for the completion check: one client's current enrolment, or every active one."""
    if code is None:
        sql = _CHECK.format(
            enrolment="e.client_id = c.id AND e.state = 'active'", where="ORDER BY c.code"
        )
        return conn.execute(sql).fetchall()
    sql = _CHECK.format(enrolment=CURRENT_ENROLMENT, where="WHERE c.code = ? COLLATE NOCASE")
    return conn.execute(sql, (code,)).fetchall()


#: The columns of a caseload row that are its document as they are, in order (then the facts
#: for the plan state and the days since the last family contact).
CASELOAD_DOCUMENT = (
    "code",
    "name",
    "status",
    "programme",
    "start_date",
    "attended_minutes",
    "required_minutes",
    "sessions",
    "last_session",
)

_CASELOAD = f"""
SELECT c.code, c.name, c.status, p.code AS programme, e.start_date,
       CASE WHEN e.id IS NOT NULL THEN coalesce(agg.minutes, 0) END AS attended_minutes,
       p.min_minutes AS required_minutes,
       CASE WHEN e.id IS NOT NULL THEN coalesce(agg.n, 0) END AS sessions,
       agg.last_date AS last_session,
       {last_family_contact()} AS last_contact,
       (SELECT agreed_date FROM plans pl WHERE pl.client_id = c.id) AS plan_agreed,
       (SELECT group_concat(DISTINCT g.area) FROM plan_goals g WHERE g.client_id = c.id)
         AS goal_areas,
       (SELECT group_concat(n.area) FROM plan_needs n WHERE n.client_id = c.id) AS need_areas
FROM clients c
LEFT JOIN enrolments e ON e.client_id = c.id AND e.state = 'active'
LEFT JOIN programmes p ON p.id = e.programme_id
LEFT JOIN (SELECT s.enrolment_id, sum(s.minutes) AS minutes, count(*) AS n,
                  max(s.date) AS last_date
           FROM sessions s
           WHERE s.enrolment_id IN (SELECT id FROM enrolments WHERE state = 'active')
             AND s.attendance IN {COUNTING}
           GROUP BY s.enrolment_id) agg ON agg.enrolment_id = e.id
WHERE c.closed_date IS NULL
ORDER BY c.id"""


def caseload(conn: sqlite3.Connection, *, plain: bool = False) -> list:
    """One row per open client with the progress of the active enrolment: the
    ``CASELOAD_DOCUMENT`` columns, then last_contact, plan_agreed, goal_areas, need_areas.
    ``plain``: tuples rather than ``sqlite3.Row`` (cheaper, for thousands of rows)."""
    cursor = conn.cursor()
    if plain:
        cursor.row_factory = None
    return cursor.execute(_CASELOAD).fetchall()


TABLES = (
    "clients",
    "programmes",
    "enrolments",
    "sessions",
    "family_members",
    "contacts",
    "plan_needs",
    "plan_goals",
    "plan_reviews",
)


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]
