"""Issue 12 part A through the real command line: the edits, their one-line refusals and the
figures that follow them (hours, check, the yearly report)."""

import json

import pytest


def as_json(ok, *args):
    return json.loads(ok(*args, "--json"))


def refused(run, code, text):
    assert run.exception is None, run.exception
    assert run.exit_code == code, (run.exit_code, run.stderr)
    assert len(run.stderr.splitlines()) == 1, run.stderr
    assert text in run.stderr, run.stderr
    assert run.stdout.strip() == ""


@pytest.fixture
def two(ok):
    """K0001 Pokusný Klient and K0002 Testová Tereza, both in the adult programme from
    2026-01-05; K0001 has session 1 (2026-01-06, 2 h)."""
    ok("client", "add", "Pokusný Klient", "--born", "1980-01-01", "--sex", "m")
    ok("client", "add", "Testová Tereza", "--born", "1985-01-01", "--sex", "f")
    ok("enrol", "K0001", "adult", "--date", "2026-01-05")
    ok("enrol", "K0002", "adult", "--date", "2026-01-05")
    assert ok("session", "add", "K0001", "--date", "2026-01-06", "--hours", "2") == "1"


def minutes(ok, client):
    return as_json(ok, "hours", client)["attended_minutes"]


def test_session_edit_2_h_to_2_5_h_and_hours_and_check_follow(ok, resoc, two):
    assert minutes(ok, "K0001") == 120
    assert ok("session", "edit", "1", "--hours", "2,5") == "session 1 changed"
    assert minutes(ok, "K0001") == 150
    check = resoc("check", "K0001")
    assert check.exit_code == 1 and "27.5 h short of 30 h (2.5 h attended)" in check.stdout
    assert "2.5 h" in ok("hours", "K0001")
    log = ok("log", "K0001")
    assert "session edit" in log and "120 -> 150" in log


def test_session_edit_moves_a_session_to_another_client_and_both_hours_change(ok, two):
    document = as_json(ok, "session", "edit", "1", "--client", "Tereza")
    assert document["client"] == "K0002" and document["warnings"] == []
    assert (minutes(ok, "K0001"), minutes(ok, "K0002")) == (0, 120)
    (row,) = as_json(ok, "session", "list", "K0002")
    assert row["id"] == 1


def test_session_edit_with_replaces_the_members_who_must_be_the_clients(ok, resoc, two):
    mother = ok("family", "add", "K0001", "Pokusná Máma", "--relation", "parent")
    father = ok("family", "add", "K0001", "Pokusný Táta", "--relation", "parent")
    ok("session", "edit", "1", "--with", mother, "--with", father)
    ok("session", "edit", "1", "--with", father)
    assert as_json(ok, "session", "list", "K0001")[0]["members"] == [int(father)]
    sister = ok("family", "add", "K0002", "Testová Sestra", "--relation", "sibling")
    refused(resoc("session", "edit", "1", "--with", sister), 3, "no family member")
    refused(resoc("session", "edit", "1", "--client", "K0002"), 3, "no family member")
    assert minutes(ok, "K0001") == 120  # nothing was written


def test_session_edit_refuses_bad_input_in_one_line_and_writes_nothing(ok, resoc, two):
    refused(resoc("session", "edit", "1", "--hours", "2", "--minutes", "5"), 2, "not both")
    refused(resoc("session", "edit", "1", "--phase", "4"), 2, "adult has 3 phases, not 4")
    refused(resoc("session", "edit", "1", "--date", "2999-01-01"), 2, "future")
    refused(resoc("session", "edit", "1"), 2, "nothing to change")
    refused(resoc("session", "edit", "9", "--hours", "1"), 3, "no session with id 9")
    assert minutes(ok, "K0001") == 120


def test_a_session_edited_to_before_the_enrolment_warns_and_stops_counting(ok, resoc, two):
    run = resoc("session", "edit", "1", "--date", "2026-01-04")
    assert run.exit_code == 0 and "before the enrolment" in run.stderr
    assert minutes(ok, "K0001") == 0


def test_contact_edit_and_delete(ok, resoc, two):
    mother = ok("family", "add", "K0001", "Pokusná Máma", "--relation", "parent")
    ok("contact", "add", "K0001", "--member", mother, "--date", "2026-01-07", "--kind", "phone")
    assert ok("contact", "edit", "1", "--minutes", "20", "--kind", "dopis") == "contact 1 changed"
    (row,) = as_json(ok, "contact", "list", "K0001")
    assert (row["minutes"], row["kind"]) == (20, "letter")
    refused(resoc("contact", "edit", "1", "--minutes", "0"), 2, "minutes")
    refused(resoc("contact", "delete", "1"), 2, "--yes")
    assert ok("contact", "delete", "1", "--yes") == "contact 1 deleted"
    assert as_json(ok, "contact", "list", "K0001") == []
    refused(resoc("contact", "delete", "1", "--yes"), 3, "no contact with id 1")


def test_family_delete_is_refused_while_referred_to(ok, resoc, two):
    mother = ok("family", "add", "K0001", "Pokusná Máma", "--relation", "parent")
    ok("contact", "add", "K0001", "--member", mother, "--date", "2026-01-07", "--kind", "phone")
    ok("contact", "add", "K0001", "--member", mother, "--date", "2026-01-08", "--kind", "phone")
    ok("session", "edit", "1", "--with", mother)
    refused(
        resoc("family", "delete", mother, "--yes"),
        4,
        f"family member {mother} is referred to by 2 contacts and 1 session;"
        " delete or edit those first",
    )
    ok("contact", "delete", "1", "--yes")
    ok("contact", "delete", "2", "--yes")
    refused(resoc("family", "delete", mother, "--yes"), 4, "referred to by 1 session;")
    ok("session", "delete", "1", "--yes")
    assert ok("family", "delete", mother, "--yes") == f"family member {mother} deleted"
    assert as_json(ok, "family", "list", "K0001") == []


def test_family_edit(ok, resoc, two):
    son = ok("family", "add", "K0001", "Pokusný Syn", "--relation", "child")
    assert ok("family", "edit", son, "--born", "2016-05-01") == f"family member {son} changed"
    (row,) = as_json(ok, "family", "list", "K0001")
    assert (row["born"], row["minor"], row["name"]) == ("2016-05-01", True, "Pokusný Syn")
    refused(resoc("family", "edit", son, "--born", "2999-01-01"), 2, "born")
    refused(resoc("family", "edit", son), 2, "nothing to change")


def test_plan_need_remove_edit_reopen_delete_and_the_yearly_report(ok, resoc, two):
    ok("plan", "need", "K0001", "housing", "--date", "2026-01-07")
    assert ok("plan", "need", "K0001", "housing", "--remove") == "K0001: need housing removed"
    refused(resoc("plan", "need", "K0001", "housing", "--remove"), 3, "no need recorded")
    goal = ok("plan", "goal", "K0001", "work", "Najít práci", "--date", "2026-01-07")
    ok("plan", "done", "K0001", goal, "--outcome", "job-found", "--date", "2026-02-01")
    assert as_json(ok, "report", "year", "2026")["outcomes"] == {"job-found": 1}
    refused(resoc("plan", "reopen", "K0002", goal), 3, "no goal")  # not her goal
    assert ok("plan", "reopen", "K0001", goal) == f"K0001: goal {goal} reopened"
    year = as_json(ok, "report", "year", "2026")
    assert year["outcomes"] == {} and year["goals_achieved_by_area"] == {}
    refused(resoc("plan", "reopen", "K0001", goal), 4, "is open")
    ok("plan", "edit", "K0001", goal, "--text", "Najít brigádu", "--area", "dluhy")
    (row,) = as_json(ok, "plan", "show", "K0001")["goals"]
    assert (row["text"], row["area"], row["done_date"]) == ("Najít brigádu", "debts", None)
    refused(resoc("plan", "edit", "K0001", goal, "--due", "2026-01-01"), 2, "due")
    assert ok("plan", "delete", "K0001", goal, "--yes") == f"K0001: goal {goal} deleted"
    assert as_json(ok, "plan", "show", "K0001")["goals"] == []


def test_enrol_and_enrolment_edit_count_and_uncount_sessions(ok, resoc):
    ok("client", "add", "Pokusný Klient", "--born", "1980-01-01", "--sex", "m")
    for day in ("2026-01-01", "2026-01-05", "2026-01-12"):
        resoc("session", "add", "K0001", "--date", day, "--hours", "2")
    out = ok("enrol", "K0001", "adult", "--date", "2026-01-05")
    assert "2 earlier sessions now count toward Resocializační program pro dospělé" in out
    assert minutes(ok, "K0001") == 240
    out = ok("enrolment", "edit", "K0001", "--date", "2026-01-01")
    assert "1 earlier session now counts toward" in out
    assert "6 h of 30 h in 3 sessions" in ok("hours", "K0001")
    document = as_json(ok, "enrolment", "edit", "K0001", "--date", "2026-01-06")
    assert (document["sessions_counted"], document["sessions_uncounted"]) == (0, 2)
    assert minutes(ok, "K0001") == 120
    out = ok("enrolment", "edit", "K0001", "--date", "2026-01-13")
    assert "1 session before 2026-01-13 no longer counts toward" in out
    assert minutes(ok, "K0001") == 0
    refused(resoc("enrolment", "edit", "K0001"), 2, "nothing to change")


def test_enrol_json_has_the_counts(ok, resoc):
    ok("client", "add", "Pokusný Klient", "--born", "1980-01-01", "--sex", "m")
    resoc("session", "add", "K0001", "--date", "2026-01-05", "--hours", "2")  # on the day
    document = as_json(ok, "enrol", "K0001", "adult", "--date", "2026-01-05")
    assert (document["sessions_counted"], document["sessions_uncounted"]) == (1, 0)


def test_enrolment_edit_refuses_an_overlap(ok, resoc):
    ok("client", "add", "Pokusný Klient", "--born", "1980-01-01", "--sex", "m")
    ok("enrol", "K0001", "adult", "--date", "2026-01-05")
    ok("drop", "K0001", "--date", "2026-02-01")
    ok("enrol", "K0001", "adult", "--date", "2026-03-01")
    refused(resoc("enrolment", "edit", "K0001", "--date", "2026-01-31"), 4, "earlier enrolment")
    ok("enrolment", "edit", "K0001", "--date", "2026-02-01")


def test_complete_and_drop_take_a_part_of_the_name_as_check_does(ok, resoc, two):
    """Reported: `complete NAME` / `drop NAME` said "has no active enrolment"."""
    run = resoc("complete", "pokusný")
    assert run.exit_code == 1 and "K0001 cannot complete" in run.stderr
    assert "K0001: adult dropped on" in ok("drop", "Pokusn", "--date", "2026-02-01")
    assert json.loads(resoc("check", "Pokus", "--json").stdout)["state"] == "dropped"
    refused(resoc("drop", "Tereza", "--date", "2026-13-01"), 2, "date")


def test_client_edit_clear_and_an_empty_release(ok, resoc):
    ok("client", "add", "Pokusný Klient", "--born", "1980-01-01", "--sex", "m",
       "--release", "2027-01-31", "--status", "in-prison", "--note", "poznámka")  # fmt: skip
    assert ok("client", "edit", "K0001", "--release", "") == "K0001: changed release"
    shown = as_json(ok, "client", "show", "K0001")
    assert shown["release_date"] is None and shown["status"] == "in-prison"
    ok("client", "edit", "K0001", "--clear", "status", "--clear", "note")
    shown = as_json(ok, "client", "show", "K0001")
    assert (shown["status"], shown["note"]) == (None, None)
    refused(resoc("client", "edit", "K0001", "--clear", "name"), 2, "these can: referral")
    refused(resoc("client", "edit", "K0001", "--clear", "sex", "--clear", "born"), 2, "sex, born")


def test_a_session_counts_toward_the_enrolment_its_date_falls_in_whether_added_or_edited(
    ferda_enrolled, ok
):
    """One rule for add and edit: a session typed late, dated in an earlier (dropped)
    enrolment's period, counts toward that enrolment; between two enrolments, toward none."""
    ok("drop", "K0001", "--date", "2026-03-01")
    ok("enrol", "K0001", "adult", "--date", "2026-06-01")
    ok("session", "add", "K0001", "--date", "2026-02-10", "--hours", "2")
    ok("session", "add", "K0001", "--date", "2026-04-10", "--hours", "1")

    def programmes():
        rows = json.loads(ok("session", "list", "--json"))
        return {row["date"]: row["programme"] for row in rows}

    assert programmes() == {"2026-01-06": "adult", "2026-02-10": "adult", "2026-04-10": None}
    feb = next(
        r["id"] for r in json.loads(ok("session", "list", "--json")) if r["date"] == "2026-02-10"
    )
    ok("session", "edit", str(feb), "--hours", "1.5")
    assert programmes()["2026-02-10"] == "adult"
