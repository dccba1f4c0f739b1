"""The report queries: one set-based query per breakdown, over a period ``first``..``last``.

The definitions they implement are documented in ``resoc_cli.domain.report``.
"""

import sqlite3
from collections import Counter
from datetime import date

from resoc_cli.storage.views import COUNTING

_PERIOD = ":first AND :last"

# Clients served in the period: an enrolment active on some day of it, or a session held in it.
_SERVED = f"""
WITH served AS (
    SELECT c.id, c.born, c.sex, c.referral, c.status FROM clients c
    WHERE EXISTS (SELECT 1 FROM enrolments e WHERE e.client_id = c.id
                    AND e.start_date <= :last AND (e.end_date IS NULL OR e.end_date >= :first))
       OR EXISTS (SELECT 1 FROM sessions s WHERE s.client_id = c.id
                    AND s.date BETWEEN {_PERIOD} AND s.attendance IN {COUNTING}))
"""

# One row per served client: what the breakdowns by person count (aggregated in Python, so
# the served set is computed once, not once per breakdown).
_SERVED_ROWS = (
    _SERVED
    + """SELECT v.sex, v.born, coalesce(v.referral, 'unknown'), coalesce(v.status, 'unknown'),
              (SELECT min(e.start_date) FROM enrolments e WHERE e.client_id = v.id)
       FROM served v"""
)

# name -> query returning (code, count...) rows, largest first.
_BREAKDOWNS = {
    "by_attendance": f"SELECT attendance, count(*) FROM sessions WHERE date BETWEEN {_PERIOD}"
    " GROUP BY attendance",
    "activities": f"""SELECT activity, count(*) AS n, sum(minutes) AS minutes FROM sessions
        WHERE date BETWEEN {_PERIOD} AND attendance IN {COUNTING}
        GROUP BY activity ORDER BY minutes DESC, activity""",
    "enrolments_ended": f"""SELECT state, count(*) FROM enrolments
        WHERE end_date BETWEEN {_PERIOD} AND state IN ('completed', 'dropped') GROUP BY state""",
    "family_contacts_by_kind": f"""SELECT kind, count(*) AS n FROM contacts
        WHERE date BETWEEN {_PERIOD} GROUP BY kind ORDER BY n DESC, kind""",
    "goals_set_by_area": f"""SELECT area, count(*) AS n FROM plan_goals
        WHERE set_date BETWEEN {_PERIOD} GROUP BY area ORDER BY n DESC, area""",
    "goals_achieved_by_area": f"""SELECT area, count(*) AS n FROM plan_goals
        WHERE done_date BETWEEN {_PERIOD} AND coalesce(outcome, '') <> 'not-achieved'
        GROUP BY area ORDER BY n DESC, area""",
    "outcomes": f"""SELECT coalesce(outcome, 'unknown') AS code, count(*) AS n FROM plan_goals
        WHERE done_date BETWEEN {_PERIOD} GROUP BY code ORDER BY n DESC, code""",
}

# session_members is small next to sessions: it drives the join (CROSS JOIN keeps that order).
_FAMILY_INVOLVED = f"""SELECT count(*) FROM (
    SELECT member_id FROM contacts WHERE date BETWEEN {_PERIOD}
    UNION
    SELECT sm.member_id FROM session_members sm CROSS JOIN sessions s ON s.id = sm.session_id
    WHERE s.date BETWEEN {_PERIOD} AND s.attendance IN {COUNTING}) AS involved"""

# Meetings held in the period (a meeting someone attended or came late to, counted once) and
# their attendances (one per participant who attended or came late).
_MEETINGS = f"""SELECT count(*), coalesce(sum(n), 0) FROM (
    SELECT (SELECT count(*) FROM sessions s
             WHERE s.meeting_id = t.id AND s.attendance IN {COUNTING}) AS n
    FROM meetings t WHERE t.date BETWEEN {_PERIOD}) AS held WHERE n > 0"""

#: Every statement ``year_facts`` runs, in order (the benchmark's floor runs exactly these).
YEAR_SQL = (_SERVED_ROWS, *_BREAKDOWNS.values(), _FAMILY_INVOLVED, _MEETINGS)


def _period(first: date, last: date) -> dict[str, str]:
    return {"first": first.isoformat(), "last": last.isoformat()}


def year_facts(conn: sqlite3.Connection, first: date, last: date) -> dict:
    """Every breakdown as a list of tuples and every count as an int, for ``first``..``last``."""
    params = _period(first, last)
    facts: dict = {
        name: [tuple(r) for r in conn.execute(sql, params)] for name, sql in _BREAKDOWNS.items()
    }
    sex, born, referral, status = Counter(), Counter(), Counter(), Counter()
    new_clients = 0
    for r in conn.execute(_SERVED_ROWS, params):
        sex[r[0]] += 1
        born[r[1]] += 1
        referral[r[2]] += 1
        status[r[3]] += 1
        new_clients += r[4] is not None and params["first"] <= r[4] <= params["last"]
    facts["by_sex"] = list(sex.items())
    facts["by_born"] = list(born.items())
    facts["by_referral"] = _largest_first(referral)
    facts["by_status"] = _largest_first(status)
    facts["new_clients"] = new_clients
    facts["family_members_involved"] = conn.execute(_FAMILY_INVOLVED, params).fetchone()[0]
    facts["meetings"], facts["attendances"] = meeting_counts(conn, first, last)
    return facts


def meeting_counts(conn: sqlite3.Connection, first: date, last: date) -> tuple[int, int]:
    """(meetings held, attendances at them) in ``first``..``last``."""
    held, attendances = conn.execute(_MEETINGS, _period(first, last)).fetchone()
    return int(held), int(attendances)


def _largest_first(counts: Counter) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


# --- the month ---------------------------------------------------------------------------

_HELD = f"s.attendance IN {COUNTING}"

_MONTH_BY_CLIENT = f"""
SELECT c.code AS client, c.name,
       sum({_HELD}) AS sessions,
       coalesce(sum(CASE WHEN {_HELD} THEN s.minutes END), 0) AS minutes,
       sum(NOT {_HELD}) AS sessions_missed
FROM sessions s JOIN clients c ON c.id = s.client_id
WHERE s.date BETWEEN {_PERIOD}
GROUP BY c.id ORDER BY c.code"""

_MONTH_BY_ACTIVITY = f"""
SELECT s.activity,
       sum({_HELD}) AS sessions,
       coalesce(sum(CASE WHEN {_HELD} THEN s.minutes END), 0) AS minutes,
       sum(NOT {_HELD}) AS sessions_missed
FROM sessions s
WHERE s.date BETWEEN {_PERIOD}
GROUP BY s.activity ORDER BY minutes DESC, s.activity"""

# Clients with an enrolment active on some day of the month (the latest such one is shown)
# and no session held in the month.
_MONTH_WITHOUT_SESSION = f"""
SELECT c.code AS client, c.name, p.code AS programme, e.start_date, e.state,
       (SELECT max(s.date) FROM sessions s
         WHERE s.client_id = c.id AND {_HELD} AND s.date < :first) AS last_session
FROM clients c
JOIN enrolments e ON e.id = (
    SELECT e2.id FROM enrolments e2 WHERE e2.client_id = c.id
       AND e2.start_date <= :last AND (e2.end_date IS NULL OR e2.end_date >= :first)
     ORDER BY e2.start_date DESC, e2.id DESC LIMIT 1)
JOIN programmes p ON p.id = e.programme_id
WHERE NOT EXISTS (SELECT 1 FROM sessions s
                   WHERE s.client_id = c.id AND s.date BETWEEN {_PERIOD} AND {_HELD})
ORDER BY c.code"""

_MONTH_ENDED = f"""
SELECT c.code AS client, c.name, p.code AS programme, e.state, e.start_date, e.end_date,
       (SELECT coalesce(sum(s.minutes), 0) FROM sessions s
         WHERE s.enrolment_id = e.id AND {_HELD}) AS attended_minutes
FROM enrolments e
JOIN clients c ON c.id = e.client_id
JOIN programmes p ON p.id = e.programme_id
WHERE e.state IN ('completed', 'dropped') AND e.end_date BETWEEN {_PERIOD}
ORDER BY e.end_date, c.code"""


def month_facts(conn: sqlite3.Connection, first: date, last: date) -> dict:
    """The month's rows: per client, per activity, clients without a session, ended
    enrolments; and the meetings held with their attendances."""
    params = _period(first, last)

    def rows(sql: str) -> list[dict]:
        return [dict(r) for r in conn.execute(sql, params)]

    return {
        "by_client": rows(_MONTH_BY_CLIENT),
        "by_activity": rows(_MONTH_BY_ACTIVITY),
        "clients_without_session": rows(_MONTH_WITHOUT_SESSION),
        "ended": rows(_MONTH_ENDED),
        "meetings": meeting_counts(conn, first, last),
    }


# --- hours of one enrolment, broken down --------------------------------------------------

_GROUPS = {"activity": "s.activity", "month": "substr(s.date, 1, 7)"}


def hours_by(conn: sqlite3.Connection, enrolment_id: int, by: str) -> list[sqlite3.Row]:
    """``(bucket, sessions, minutes)`` of the enrolment's held sessions by activity or YYYY-MM."""
    key = _GROUPS[by]
    return conn.execute(
        f"""SELECT {key} AS bucket, count(*) AS sessions, sum(s.minutes) AS minutes
            FROM sessions s WHERE s.enrolment_id = ? AND {_HELD}
            GROUP BY bucket ORDER BY {"minutes DESC, bucket" if by == "activity" else "bucket"}""",
        (enrolment_id,),
    ).fetchall()
