"""A curator's day of typing mistakes and their repair, through the command line; after each
step hours, check, agenda and the yearly report say what the curator would expect."""

import json


def test_a_day_of_mistakes_and_their_repair(ok, resoc):
    def hours(code):
        return json.loads(ok("hours", code, "--json"))["attended_minutes"]

    def outcomes():
        return json.loads(ok("report", "year", "2026", "--json"))["outcomes"]

    def agenda_runs():
        assert resoc("agenda").exit_code == 0

    ok("client", "add", "Pokusný Klient", "--born", "1980-01-01", "--sex", "m")
    ok("client", "add", "Testová Tereza", "--born", "1985-05-05", "--sex", "f")
    ok("enrol", "K0001", "adult", "--date", "2026-11-02")

    # 2 h typed for a meeting of 2.5 h: edited, the same id.
    first = ok("session", "add", "K0001", "--date", "2026-11-03", "--hours", "2")
    assert hours("K0001") == 120
    ok("session", "edit", first, "--hours", "2.5")
    assert hours("K0001") == 150
    agenda_runs()

    # A session typed under the wrong client: moved to the right one.
    wrong = ok("session", "add", "K0001", "--date", "2026-11-04", "--hours", "2")
    assert hours("K0001") == 270
    ok("session", "edit", wrong, "--client", "K0002")
    assert hours("K0001") == 150

    # K0002 enrolled with the wrong date: her session of 4 Nov does not count until the
    # enrolment's start is corrected, and the command says so.
    ok("enrol", "K0002", "adult", "--date", "2026-11-10")
    assert hours("K0002") == 0
    said = ok("enrolment", "edit", "K0002", "--date", "2026-11-01")
    assert "1" in said and "count" in said
    assert hours("K0002") == 120
    check = resoc("check", "K0002", "--json")
    assert check.exit_code == 1  # not complete yet
    assert "hours: 28 h short of 30 h (2 h attended)" in json.loads(check.stdout)["unmet"]
    agenda_runs()

    # A goal closed with the wrong outcome: reopened, closed again with the right one.
    goal = ok("plan", "goal", "K0001", "debts", "Splátkový kalendář")
    ok("plan", "done", "K0001", goal, "--outcome", "not-achieved")
    assert outcomes() == {"not-achieved": 1}
    ok("plan", "reopen", "K0001", goal)
    assert outcomes() == {}
    ok("plan", "done", "K0001", goal, "--outcome", "payment-schedule-kept")
    assert outcomes() == {"payment-schedule-kept": 1}

    # A session deleted by mistake comes back with undo, and with it the hours.
    ok("session", "delete", first, "--yes")
    assert hours("K0001") == 0
    assert "session delete" in ok("undo", "--dry-run")
    assert hours("K0001") == 0  # a dry run changes nothing
    ok("undo", "--yes")
    assert hours("K0001") == 150
    listed = json.loads(ok("session", "list", "K0001", "--json"))
    assert [s["id"] for s in listed] == [int(first)]
    agenda_runs()

    # The audit trail holds every step and verifies.
    doctor = resoc("doctor", "--json")
    checks = {c["check"]: c["status"] for c in json.loads(doctor.stdout)["checks"]}
    assert checks["audit trail"] == "ok"
