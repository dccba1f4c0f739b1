"""The hot queries use indexes: EXPLAIN QUERY PLAN on a generated database (ANALYZEd, as the
benchmarks use) never shows a full scan of sessions, and the one-client lookups scan nothing."""

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from resoc_cli.storage import reports, views
from resoc_cli.storage.db import connect

ROOT = Path(__file__).resolve().parents[1]
MONTH = {"first": "2026-03-01", "last": "2026-03-31"}
YEAR = {"first": "2025-01-01", "last": "2025-12-31"}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("plans") / "gen.db"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--clients", "400",
         "--sessions", "20000", "--db", str(path), "--seed", "7"],
        check=True, capture_output=True,
    )  # fmt: skip
    conn = connect(path)
    yield conn
    conn.close()


def plan(conn: sqlite3.Connection, sql: str, params=()) -> list[str]:
    return [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]


def full_scans(steps: list[str]) -> list[str]:
    """Plan steps that read a whole table (SCAN without an index)."""
    return [s for s in steps if re.fullmatch(r"SCAN \w+", s)]


def sessions_scans(steps: list[str]) -> list[str]:
    return [s for s in steps if re.match(r"SCAN (s|sessions)\b", s) and "INDEX" not in s]


def test_one_client_lookups_scan_nothing(db):
    hours = plan(db, views._HOURS, ("K0042",))
    one = views._CHECK.format(
        enrolment=views.CURRENT_ENROLMENT, where="WHERE c.code = ? COLLATE NOCASE"
    )
    check = plan(db, one, ("K0042",))
    for steps in (hours, check):
        assert full_scans(steps) == [], steps
        assert any("sessions_enrolment" in s for s in steps), steps
    assert any("COVERING INDEX sessions_enrolment" in s for s in hours), hours


def test_caseload_reads_sessions_through_the_covering_index(db):
    steps = plan(db, views._CASELOAD)
    assert sessions_scans(steps) == [], steps
    assert any("COVERING INDEX sessions_enrolment" in s for s in steps), steps


@pytest.mark.parametrize("index", range(len(reports.YEAR_SQL)))
def test_year_report_queries_never_scan_sessions(db, index):
    steps = plan(db, reports.YEAR_SQL[index], YEAR)
    assert sessions_scans(steps) == [], steps
    if "FROM sessions" in reports.YEAR_SQL[index] and "attendance" in reports.YEAR_SQL[index]:
        assert any("INDEX sessions_" in s for s in steps), steps


def test_period_breakdowns_are_index_only(db):
    for name in ("by_attendance", "activities"):
        steps = plan(db, reports._BREAKDOWNS[name], YEAR)
        assert any("COVERING INDEX sessions_date" in s for s in steps), (name, steps)


def test_month_export_and_month_report_use_a_sessions_index(db):
    from resoc_cli.storage.exchange import session_rows

    sql_steps = []
    original = db.execute

    class Spy:
        def execute(self, sql, params=()):
            sql_steps.append(plan(db, sql, params))
            return original(sql, params)

    from datetime import date

    session_rows(Spy(), date(2026, 3, 1), date(2026, 3, 31))
    for sql in (reports._MONTH_BY_CLIENT, reports._MONTH_BY_ACTIVITY):
        sql_steps.append(plan(db, sql, MONTH))
    for steps in sql_steps:
        assert sessions_scans(steps) == [], steps
        assert any("INDEX sessions_" in s for s in steps), steps
