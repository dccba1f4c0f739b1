"""CLI contract: programmes, enrolment, sessions, hours, check, complete, drop, caseload,
housekeeping; and the completion boundary cases end to end."""

import json
from datetime import date, timedelta
from importlib.metadata import version

import pytest

START = "2026-01-05"  # enrolment date used throughout; sessions follow it weekly


def client(ok, name="Ferda Mravenec", born="1988-03-14"):
    return ok("client", "add", name, "--born", born, "--sex", "m")


def enrolled(ok, programme="adult", name="Ferda Mravenec", born="1988-03-14"):
    code = client(ok, name, born)
    ok("enrol", code, programme, "--date", START)
    return code


def add_sessions(ok, code, n, *, minutes=120, first=date(2026, 1, 6), **options):
    """``n`` weekly sessions of ``minutes``; options become ``--key value``."""
    extra = [x for key, value in options.items() for x in (f"--{key}", str(value))]
    ids = []
    for week in range(n):
        day = (first + timedelta(weeks=week)).isoformat()
        ids.append(
            int(ok("session", "add", code, "--date", day, "--minutes", str(minutes), *extra))
        )
    return ids


def agreed_plan(ok, code):
    ok("plan", "goal", code, "work", "Find a job at the sawmill")
    ok("plan", "agree", code, "--date", START)


def as_json(ok, *args):
    return json.loads(ok(*args, "--json"))


def check(resoc, code=None):
    run = resoc("check", *([code] if code else []), "--json")
    assert run.exception is None, run.exception
    return run.exit_code, json.loads(run.stdout)


# --- programmes --------------------------------------------------------------------------


def test_builtin_programmes(ok):
    programmes = {p["code"]: p for p in as_json(ok, "programme", "list")}
    adult, juvenile = programmes["adult"], programmes["juvenile"]
    assert adult["min_minutes"] == 1800
    assert adult["sessions"] == 15
    assert adult["session_minutes"] == 120
    assert adult["phases"] == 3
    assert adult["audience"] == "adult"
    assert adult["plan_required"] is True
    assert juvenile["min_minutes"] == 2100
    assert juvenile["sessions"] == 14
    assert juvenile["session_minutes"] == 150
    assert juvenile["audience"] == "juvenile"
    assert juvenile["plan_required"] is True
    table = ok("programme", "list")
    assert "adult" in table and "juvenile" in table and "30 h" in table and "35 h" in table


def test_programme_add_stores_its_numbers(ok):
    out = ok(
        "programme", "add", "otcove", "--name", "Otcové z Pohádkova", "--min-hours", "10,5",
        "--sessions", "6", "--session-hours", "1.5", "--phases", "2", "--audience", "any",
        "--no-plan",
    )  # fmt: skip
    assert out == "otcove"
    programmes = {p["code"]: p for p in as_json(ok, "programme", "list")}
    assert programmes["otcove"] == {
        **programmes["otcove"],
        "name": "Otcové z Pohádkova",
        "min_minutes": 630,
        "sessions": 6,
        "session_minutes": 90,
        "phases": 2,
        "audience": "any",
        "plan_required": False,
    }
    assert {"adult", "juvenile", "otcove"} <= programmes.keys()


def test_own_programme_without_plan_completes_on_hours_alone(ok, resoc):
    ok("programme", "add", "kratky", "--name", "Krátký kurz", "--min-hours", "4", "--no-plan")
    code = enrolled(ok, "kratky")
    add_sessions(ok, code, 1, minutes=239)
    assert check(resoc, code)[0] == 1
    add_sessions(ok, code, 1, minutes=1, first=date(2026, 2, 2))
    status, doc = check(resoc, code)
    assert status == 0 and doc["complete"] is True and doc["unmet"] == []


def test_programme_code_taken_is_refused(ok, resoc):
    run = resoc("programme", "add", "ADULT", "--name", "Druhý dospělý", "--min-hours", "5")
    assert run.exit_code != 0 and len(run.stderr.splitlines()) == 1
    assert [p["code"] for p in as_json(ok, "programme", "list")].count("adult") == 1


# --- enrolment ---------------------------------------------------------------------------


def test_enrol_prints_the_programme_and_date(ok):
    code = client(ok)
    out = ok("enrol", code.lower(), "ADULT", "--date", "12.1.2026")
    assert code in out and "adult" in out and "2026-01-12" in out
    hours = as_json(ok, "hours", code)
    assert hours["programme"] == "adult"


def test_second_active_enrolment_is_refused(ok, resoc):
    code = enrolled(ok)
    run = resoc("enrol", code, "juvenile", "--date", "2026-02-01")
    assert run.exit_code != 0
    assert "enrolment" in run.stderr
    assert as_json(ok, "hours", code)["programme"] == "adult"
    (enrolment,) = as_json(ok, "client", "show", code)["enrolments"]
    assert enrolment["programme"] == "adult"


def test_audience_warning_for_a_17_year_old_in_adult(resoc, ok):
    code = client(ok, "Cipísek Lesní", "2008-03-02")  # 17 on 2026-03-01, 18 the next day
    run = resoc("enrol", code, "adult", "--date", "2026-03-01")
    assert run.exit_code == 0
    assert "audience" in run.stderr and "17" in run.stderr
    assert "adult" in run.stdout  # the enrolment went through
    assert as_json(ok, "hours", code)["programme"] == "adult"


def test_no_audience_warning_on_the_18th_birthday(resoc, ok):
    code = client(ok, "Cipísek Lesní", "2008-03-01")  # exactly 18 on 2026-03-01
    run = resoc("enrol", code, "adult", "--date", "2026-03-01")
    assert run.exit_code == 0
    assert run.stderr == ""


def test_audience_warning_for_an_adult_in_juvenile(resoc, ok):
    code = client(ok, "Rumcajs Loupežník", "1984-06-01")
    run = resoc("enrol", code, "juvenile", "--date", "2026-03-01")
    assert run.exit_code == 0
    assert "audience" in run.stderr and "41" in run.stderr
    assert as_json(ok, "hours", code)["programme"] == "juvenile"


def test_no_audience_warning_for_a_juvenile_in_juvenile(resoc, ok):
    code = client(ok, "Cipísek Lesní", "2009-09-09")
    run = resoc("enrol", code, "juvenile", "--date", "2026-03-01")
    assert run.exit_code == 0 and run.stderr == ""


# --- sessions ----------------------------------------------------------------------------


def test_session_add_prints_the_id_and_accepts_both_decimal_marks(ok):
    code = enrolled(ok)
    ids = [
        int(ok("session", "add", code, "--date", "2026-01-06", "--hours", "2,5")),
        int(ok("session", "add", code, "--date", "2026-01-13", "--hours", "2.5")),
        int(ok("session", "add", code, "--date", "2026-01-20", "--minutes", "95")),
        int(ok("session", "add", code, "--date", "27.1.2026", "--hours", "12")),
    ]
    rows = as_json(ok, "session", "list", code)
    assert [r["id"] for r in rows] == ids
    assert [r["minutes"] for r in rows] == [150, 150, 95, 720]
    assert [r["date"] for r in rows] == ["2026-01-06", "2026-01-13", "2026-01-20", "2026-01-27"]
    assert {r["programme"] for r in rows} == {"adult"}
    assert {r["client"] for r in rows} == {code}
    assert as_json(ok, "hours", code)["attended_minutes"] == 150 + 150 + 95 + 720


def test_session_dates_today_and_yesterday(ok):
    code = client(ok)
    ok("enrol", code, "adult", "--date", "2026-01-05")
    ok("session", "add", code, "--date", "yesterday", "--hours", "1")
    ok("session", "add", code, "--date", "today", "--hours", "1")
    dates = [r["date"] for r in as_json(ok, "session", "list", code)]
    assert dates == [(date.today() - timedelta(days=1)).isoformat(), date.today().isoformat()]


def test_session_add_stores_activity_phase_attendance_note(ok):
    code = enrolled(ok)
    ok(
        "session", "add", code, "--date", "2026-02-03", "--hours", "1", "--activity",
        "legal-counselling", "--phase", "2", "--attendance", "late", "--note", "o dluzích",
    )  # fmt: skip
    (row,) = as_json(ok, "session", "list")
    assert row["activity"] == "legal-counselling"
    assert row["phase"] == 2
    assert row["attendance"] == "late"
    assert row["note"] == "o dluzích"


def test_session_default_activity_is_social_training(ok):
    code = enrolled(ok)
    add_sessions(ok, code, 1)
    assert as_json(ok, "session", "list")[0]["activity"] == "social-training"


def test_session_without_enrolment_is_kept_but_not_counted(ok, resoc):
    code = client(ok)
    run = resoc("session", "add", code, "--date", "2025-12-01", "--hours", "2")
    assert run.exit_code == 0 and run.stdout.strip().isdigit()
    assert "enrolment" in run.stderr  # a warning, not an error
    ok("enrol", code, "adult", "--date", START)
    add_sessions(ok, code, 1)
    rows = as_json(ok, "session", "list", code)
    assert [r["programme"] for r in rows] == [None, "adult"]
    assert as_json(ok, "hours", code)["attended_minutes"] == 120


def test_session_list_month_filter(ok):
    ferda = enrolled(ok)
    rumcajs = enrolled(ok, name="Rumcajs Loupežník", born="1980-01-01")
    ok("session", "add", ferda, "--date", "2026-02-27", "--hours", "2")
    march = [
        ok("session", "add", ferda, "--date", "2026-03-01", "--hours", "2"),
        ok("session", "add", rumcajs, "--date", "2026-03-31", "--hours", "2"),
    ]
    ok("session", "add", rumcajs, "--date", "2026-04-01", "--hours", "2")
    rows = as_json(ok, "session", "list", "--month", "2026-03")
    assert [str(r["id"]) for r in rows] == march
    only_ferda = as_json(ok, "session", "list", ferda, "--month", "2026-03")
    assert [str(r["id"]) for r in only_ferda] == march[:1]
    assert len(as_json(ok, "session", "list")) == 4
    assert as_json(ok, "session", "list", "--month", "2025-03") == []


def test_session_list_human_table(ok):
    code = enrolled(ok)
    ok("session", "add", code, "--date", "2026-02-03", "--hours", "2,5")
    out = ok("session", "list")
    assert "2026-02-03" in out and code in out and "2.5 h" in out


def test_session_delete_with_yes(ok):
    code = enrolled(ok)
    keep, gone = add_sessions(ok, code, 2)
    assert str(gone) in ok("session", "delete", str(gone), "--yes")
    assert [r["id"] for r in as_json(ok, "session", "list")] == [keep]
    assert as_json(ok, "hours", code)["attended_minutes"] == 120


def test_session_delete_without_yes_is_refused_outside_a_terminal(ok, resoc):
    code = enrolled(ok)
    (session_id,) = add_sessions(ok, code, 1)
    run = resoc("session", "delete", str(session_id), input="y\n")
    assert run.exit_code != 0
    assert run.exception is None
    assert len(run.stderr.splitlines()) == 1 and "--yes" in run.stderr
    assert [r["id"] for r in as_json(ok, "session", "list")] == [session_id]


def test_session_delete_unknown_id(ok, resoc):
    run = resoc("session", "delete", "4242", "--yes")
    assert run.exit_code != 0 and "session" in run.stderr


# --- hours -------------------------------------------------------------------------------


def test_hours_json(ok):
    code = enrolled(ok)
    add_sessions(ok, code, 3, minutes=150)
    add_sessions(ok, code, 1, first=date(2026, 3, 3), attendance="no-show")
    doc = as_json(ok, "hours", code.lower())
    assert doc["client"] == code
    assert doc["programme"] == "adult"
    assert doc["attended_minutes"] == 450
    assert doc["required_minutes"] == 1800
    assert doc["remaining_minutes"] == 1350
    assert doc["sessions"] == 3


def test_hours_remaining_never_negative(ok):
    code = enrolled(ok)
    add_sessions(ok, code, 16)
    doc = as_json(ok, "hours", code)
    assert doc["attended_minutes"] == 1920 and doc["remaining_minutes"] == 0


def test_hours_human_line(ok):
    code = enrolled(ok)
    add_sessions(ok, code, 3, minutes=150)
    out = ok("hours", code)
    assert "7.5 h" in out and "30 h" in out and "22.5 h" in out


def test_hours_reports_the_most_recent_enrolment_when_none_is_active(ok):
    code = enrolled(ok)
    add_sessions(ok, code, 2)
    ok("drop", code, "--date", "2026-02-20")
    doc = as_json(ok, "hours", code)
    assert doc["programme"] == "adult"
    assert doc["attended_minutes"] == 240
    assert doc["state"] == "dropped"


def test_hours_without_any_enrolment_is_a_clear_error(ok, resoc):
    code = client(ok)
    run = resoc("hours", code, "--json")
    assert run.exit_code != 0
    assert run.stdout == ""
    assert len(run.stderr.splitlines()) == 1 and "enrol" in run.stderr


# --- check, complete, drop -----------------------------------------------------------------


def test_check_json_for_one_complete_client(ok, resoc):
    code = enrolled(ok)
    agreed_plan(ok, code)
    add_sessions(ok, code, 15, phase=1)
    status, doc = check(resoc, code)
    assert status == 0
    assert {"client", "programme", "complete", "unmet", "warnings"} <= doc.keys()
    assert doc["client"] == code and doc["programme"] == "adult"
    assert doc["complete"] is True and doc["unmet"] == []
    assert any("phase" in w for w in doc["warnings"])  # phases 2 and 3 not covered


def test_check_json_for_an_incomplete_client(ok, resoc):
    code = enrolled(ok)
    add_sessions(ok, code, 3)
    status, doc = check(resoc, code)
    assert status == 1
    assert doc["complete"] is False
    assert any("24 h short of 30 h" in item for item in doc["unmet"])
    assert any("agreed" in item for item in doc["unmet"])
    assert any("goal" in item for item in doc["unmet"])


def test_check_human_output_lists_the_reasons(ok, resoc):
    code = enrolled(ok)
    add_sessions(ok, code, 3)
    run = resoc("check", code)
    assert run.exit_code == 1
    assert "24 h short of 30 h" in run.stdout and "NOT complete" in run.stdout


def test_check_without_client_lists_every_active_enrolment(ok, resoc):
    done = enrolled(ok)
    agreed_plan(ok, done)
    add_sessions(ok, done, 15)
    short = enrolled(ok, name="Rumcajs Loupežník", born="1980-01-01")
    add_sessions(ok, short, 1)
    idle = client(ok, "Manka Loupežnická", "1982-02-02")  # not enrolled: not listed
    status, docs = check(resoc)
    assert status == 1
    assert isinstance(docs, list)
    by_code = {d["client"]: d for d in docs}
    assert set(by_code) == {done, short}
    assert idle not in by_code
    assert by_code[done]["complete"] is True
    assert by_code[short]["complete"] is False


def test_check_without_client_exits_0_when_all_are_complete(ok, resoc):
    code = enrolled(ok)
    agreed_plan(ok, code)
    add_sessions(ok, code, 15)
    status, docs = check(resoc)
    assert status == 0 and [d["client"] for d in docs] == [code]


def test_check_without_any_enrolment_is_an_empty_list(resoc):
    assert check(resoc) == (0, [])


def test_complete_is_refused_with_the_unmet_reasons(ok, resoc):
    code = enrolled(ok)
    add_sessions(ok, code, 14)
    run = resoc("complete", code, "--date", "2026-05-01")
    assert run.exit_code == 1
    assert run.exception is None
    assert len(run.stderr.splitlines()) == 1
    assert "2 h short of 30 h" in run.stderr
    assert "agreed" in run.stderr
    assert as_json(ok, "hours", code)["state"] == "active"


def test_complete_when_the_check_passes(ok, resoc):
    code = enrolled(ok)
    agreed_plan(ok, code)
    add_sessions(ok, code, 15)
    out = ok("complete", code, "--date", "2026-05-01")
    assert code in out and "completed" in out
    assert as_json(ok, "hours", code)["state"] == "completed"
    (enrolment,) = as_json(ok, "client", "show", code)["enrolments"]
    assert enrolment["state"] == "completed" and enrolment["end_date"] == "2026-05-01"
    assert check(resoc) == (0, [])  # no longer active
    ok("enrol", code, "juvenile", "--date", "2026-05-02")  # a new enrolment is now possible


def test_complete_without_an_active_enrolment_is_refused(ok, resoc):
    code = client(ok)
    run = resoc("complete", code)
    assert run.exit_code != 0 and "enrolment" in run.stderr


def test_drop_ends_the_enrolment(ok, resoc):
    code = enrolled(ok)
    out = ok("drop", code, "--date", "2026-02-10", "--reason", "moved to the forest")
    assert "dropped" in out
    (enrolment,) = as_json(ok, "client", "show", code)["enrolments"]
    assert enrolment["state"] == "dropped"
    assert enrolment["end_date"] == "2026-02-10"
    assert enrolment["end_reason"] == "moved to the forest"
    assert resoc("drop", code).exit_code != 0  # nothing left to drop
    ok("enrol", code, "adult", "--date", "2026-03-01")
    assert as_json(ok, "hours", code)["state"] == "active"


def test_sessions_after_a_new_enrolment_count_only_toward_it(ok):
    code = enrolled(ok)
    add_sessions(ok, code, 2)
    ok("drop", code, "--date", "2026-02-10")
    ok("enrol", code, "adult", "--date", "2026-03-01")
    add_sessions(ok, code, 1, first=date(2026, 3, 3))
    doc = as_json(ok, "hours", code)
    assert doc["attended_minutes"] == 120 and doc["sessions"] == 1


# --- completion boundaries through the CLI ---------------------------------------------------


def test_adult_29_9_hours_is_not_complete(ok, resoc):
    code = enrolled(ok)
    agreed_plan(ok, code)
    add_sessions(ok, code, 14)
    add_sessions(ok, code, 1, minutes=114, first=date(2026, 5, 1))
    assert as_json(ok, "hours", code)["attended_minutes"] == 1794
    status, doc = check(resoc, code)
    assert status == 1 and doc["complete"] is False
    assert len(doc["unmet"]) == 1
    assert "0.1 h short of 30 h" in doc["unmet"][0]


def test_adult_15_times_2_hours_is_complete(ok, resoc):
    code = enrolled(ok)
    agreed_plan(ok, code)
    add_sessions(ok, code, 15)
    status, doc = check(resoc, code)
    assert status == 0 and doc["complete"] is True and doc["unmet"] == []


def test_juvenile_15_times_2_hours_is_not_enough(ok, resoc):
    code = enrolled(ok, "juvenile", "Cipísek Lesní", "2010-04-04")
    agreed_plan(ok, code)
    add_sessions(ok, code, 15)
    status, doc = check(resoc, code)
    assert status == 1 and doc["complete"] is False
    assert len(doc["unmet"]) == 1 and "5 h short of 35 h" in doc["unmet"][0]
    assert any("shorter than 2.5 h" in w for w in doc["warnings"])
    add_sessions(ok, code, 2, minutes=150, first=date(2026, 6, 1))
    assert check(resoc, code)[0] == 0


def test_30_hours_without_an_agreed_plan_is_not_complete(ok, resoc):
    code = enrolled(ok)
    ok("plan", "goal", code, "housing", "Move out of the ant hill")
    add_sessions(ok, code, 15)
    status, doc = check(resoc, code)
    assert status == 1 and doc["complete"] is False
    assert len(doc["unmet"]) == 1 and "agreed" in doc["unmet"][0]
    ok("plan", "agree", code, "--date", "2026-02-01")
    assert check(resoc, code)[0] == 0


def test_30_hours_with_an_agreed_plan_but_no_goal_is_not_complete(ok, resoc):
    code = enrolled(ok)
    ok("plan", "agree", code, "--date", "2026-02-01")
    add_sessions(ok, code, 15)
    status, doc = check(resoc, code)
    assert status == 1
    assert len(doc["unmet"]) == 1 and "goal" in doc["unmet"][0]


def test_a_need_without_a_goal_in_its_area_is_not_complete(ok, resoc):
    code = enrolled(ok)
    ok("plan", "need", code, "debts")
    agreed_plan(ok, code)  # a goal in work, not in debts
    add_sessions(ok, code, 15)
    status, doc = check(resoc, code)
    assert status == 1
    assert len(doc["unmet"]) == 1 and "debts" in doc["unmet"][0]
    ok("plan", "goal", code, "debts", "Agree a payment schedule")
    assert check(resoc, code)[0] == 0


def test_late_counts_as_attended(ok, resoc):
    code = enrolled(ok)
    agreed_plan(ok, code)
    add_sessions(ok, code, 14)
    add_sessions(ok, code, 1, first=date(2026, 5, 1), attendance="late")
    assert as_json(ok, "hours", code)["sessions"] == 15
    assert check(resoc, code)[0] == 0


def test_excused_and_no_show_count_nothing(ok, resoc):
    code = enrolled(ok)
    agreed_plan(ok, code)
    add_sessions(ok, code, 14)
    add_sessions(ok, code, 1, minutes=180, first=date(2026, 5, 1), attendance="excused")
    add_sessions(ok, code, 1, minutes=180, first=date(2026, 5, 8), attendance="no-show")
    hours = as_json(ok, "hours", code)
    assert hours["attended_minutes"] == 1680 and hours["sessions"] == 14
    status, doc = check(resoc, code)
    assert status == 1
    assert "2 h short of 30 h" in doc["unmet"][0]


def test_few_long_or_many_short_sessions_only_warn(ok, resoc):
    few = enrolled(ok)
    agreed_plan(ok, few)
    add_sessions(ok, few, 10, minutes=180)
    status, doc = check(resoc, few)
    assert status == 0 and doc["complete"] is True
    assert any("10 of 15" in w for w in doc["warnings"])
    short = enrolled(ok, name="Rumcajs Loupežník", born="1980-01-01")
    agreed_plan(ok, short)
    add_sessions(ok, short, 20, minutes=90)
    status, doc = check(resoc, short)
    assert status == 0 and doc["complete"] is True
    assert any("shorter than 2 h" in w for w in doc["warnings"])


def test_all_phases_covered_gives_no_phase_warning(ok, resoc):
    code = enrolled(ok)
    agreed_plan(ok, code)
    for phase in (1, 2, 3):
        add_sessions(ok, code, 5, phase=phase, first=date(2026, 1, 6) + timedelta(days=phase))
    status, doc = check(resoc, code)
    assert status == 0 and doc["warnings"] == []


# --- caseload and housekeeping -------------------------------------------------------------


def test_caseload_json(ok):
    code = enrolled(ok)
    add_sessions(ok, code, 2, minutes=150)
    idle = client(ok, "Manka Loupežnická", "1982-02-02")
    gone = client(ok, "Brouk Pytlík", "1979-01-01")
    ok("client", "close", gone, "--date", "2026-01-31")
    rows = {r["code"]: r for r in as_json(ok, "caseload")}
    assert set(rows) == {code, idle}
    for row in rows.values():
        assert {"code", "name", "programme", "attended_minutes", "required_minutes"} <= row.keys()
    assert rows[code]["name"] == "Ferda Mravenec"
    assert rows[code]["programme"] == "adult"
    assert rows[code]["attended_minutes"] == 300
    assert rows[code]["required_minutes"] == 1800
    assert rows[idle]["programme"] is None
    table = ok("caseload")
    assert "Ferda Mravenec" in table and "Manka Loupežnická" in table
    assert "Brouk Pytlík" not in table


def test_caseload_is_in_czech_order(ok):
    for name in ("Žák Pohádkový", "Chalupa Vochomůrka", "Hrubý Křemílek", "Čermák Rumcajs"):
        client(ok, name)
    names = [r["name"] for r in as_json(ok, "caseload")]
    assert names == ["Čermák Rumcajs", "Hrubý Křemílek", "Chalupa Vochomůrka", "Žák Pohádkový"]


def test_db_json(ok, private_db):
    code = enrolled(ok)
    add_sessions(ok, code, 3)
    doc = as_json(ok, "db")
    server = str(private_db).startswith("postgresql://")
    assert doc["engine"] == ("postgresql" if server else "sqlite")
    assert doc["path"] == (None if server else str(private_db))  # a server's URL is never shown
    assert isinstance(doc["schema_version"], int) and doc["schema_version"] >= 1
    assert doc["size_bytes"] > 0
    counts = doc["counts"]
    assert counts["clients"] == 1
    assert counts["enrolments"] == 1
    assert counts["sessions"] == 3
    assert counts["programmes"] == 2
    assert (doc["database"] if server else str(private_db)) in ok("db")


@pytest.mark.sqlite_only("init names and makes the SQLite file")
def test_init_is_idempotent_and_keeps_data(ok, private_db):
    first = ok("init")
    assert private_db.exists() and str(private_db) in first
    code = enrolled(ok)
    add_sessions(ok, code, 2)
    before = as_json(ok, "db")["counts"]
    assert ok("init") == first
    assert as_json(ok, "db")["counts"] == before
    assert as_json(ok, "hours", code)["attended_minutes"] == 240


def test_version(ok):
    out = ok("--version")
    assert out == f"resoc {version('resoc')}"
