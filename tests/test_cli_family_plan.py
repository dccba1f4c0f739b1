"""CLI contract: family members, contacts, sessions with family, the individual plan."""

import json


def client(ok, name="Rumcajs Loupežník", born="1984-06-01"):
    return ok("client", "add", name, "--born", born, "--sex", "m")


def member(ok, code, name, relation, *extra):
    return int(ok("family", "add", code, name, "--relation", relation, *extra))


#: Goals in these tests were set early in 2026, before they are closed.
SET = ("--date", "2026-01-15")


def as_json(ok, *args):
    return json.loads(ok(*args, "--json"))


def refused(run, field):
    assert run.exit_code != 0
    assert run.exception is None, run.exception
    assert len(run.stderr.splitlines()) == 1, run.stderr
    assert field in run.stderr
    assert run.stdout.strip() == ""


# --- family ----------------------------------------------------------------------------------


def test_family_add_prints_ids_and_list_shows_minors(ok):
    code = client(ok)
    son = member(ok, code, "Cipísek Lesní", "child", "--born", "2016-05-01")
    wife = member(ok, code, "Manka Loupežnická", "spouse", "--born", "1986-02-02")
    grown = member(ok, code, "Hubert Lesní", "child", "--born", "2001-01-01", "--note", "tesař")
    assert len({son, wife, grown}) == 3
    rows = {r["id"]: r for r in as_json(ok, "family", "list", code)}
    assert set(rows) == {son, wife, grown}
    assert rows[son]["name"] == "Cipísek Lesní"
    assert rows[son]["relation"] == "child"
    assert rows[son]["born"] == "2016-05-01"
    assert rows[son]["minor"] is True
    assert rows[wife]["minor"] is False
    assert rows[grown]["minor"] is False
    assert rows[grown]["note"] == "tesař"


def test_member_without_birth_date_is_not_called_a_minor(ok):
    code = client(ok)
    partner = member(ok, code, "Manka Loupežnická", "partner")
    (row,) = as_json(ok, "family", "list", code)
    assert row["id"] == partner and row["born"] is None and row["minor"] is False


def test_family_list_human_marks_the_minor(ok):
    code = client(ok)
    member(ok, code, "Cipísek Lesní", "child", "--born", "2016-05-01")
    member(ok, code, "Manka Loupežnická", "spouse", "--born", "1986-02-02")
    lines = ok("family", "list", code).splitlines()
    child_line = next(line for line in lines if "Cipísek Lesní" in line)
    spouse_line = next(line for line in lines if "Manka Loupežnická" in line)
    assert "minor" in child_line
    assert "minor" not in spouse_line


def test_family_is_per_client(ok):
    rumcajs = client(ok)
    ferda = client(ok, "Ferda Mravenec", "1990-01-01")
    member(ok, rumcajs, "Cipísek Lesní", "child", "--born", "2016-05-01")
    assert as_json(ok, "family", "list", ferda) == []
    assert as_json(ok, "client", "show", rumcajs)["family_members"] == 1


# --- contacts ------------------------------------------------------------------------------


def test_contact_add_and_list(ok):
    code = client(ok)
    son = member(ok, code, "Cipísek Lesní", "child", "--born", "2016-05-01")
    wife = member(ok, code, "Manka Loupežnická", "spouse")
    first = int(
        ok("contact", "add", code, "--member", str(son), "--date", "2026-03-10", "--kind",
           "prison-visit", "--minutes", "60", "--note", "přinesl obrázek")
    )  # fmt: skip
    second = int(
        ok("contact", "add", code, "--member", str(wife), "--date", "4.2.2026", "--kind", "phone")
    )
    rows = as_json(ok, "contact", "list", code)
    assert [r["id"] for r in rows] == [second, first]  # oldest first
    by_id = {r["id"]: r for r in rows}
    assert by_id[first]["member_id"] == son
    assert by_id[first]["date"] == "2026-03-10"
    assert by_id[first]["kind"] == "prison-visit"
    assert by_id[first]["minutes"] == 60
    assert by_id[first]["note"] == "přinesl obrázek"
    assert by_id[second]["date"] == "2026-02-04"
    assert by_id[second]["minutes"] is None
    family = {r["id"]: r for r in as_json(ok, "family", "list", code)}
    assert family[son]["contacts"] == 1 and family[son]["last_contact"] == "2026-03-10"
    assert "Cipísek Lesní" in ok("contact", "list", code)


def test_contact_with_another_clients_member_is_refused(ok, resoc):
    rumcajs = client(ok)
    ferda = client(ok, "Ferda Mravenec", "1990-01-01")
    beruska = member(ok, ferda, "Beruška Tečková", "partner")
    run = resoc(
        "contact", "add", rumcajs, "--member", str(beruska), "--date", "2026-03-10",
        "--kind", "phone",
    )  # fmt: skip
    refused(run, "member")
    assert as_json(ok, "contact", "list", rumcajs) == []
    assert as_json(ok, "contact", "list", ferda) == []


# --- sessions with family ------------------------------------------------------------------


def test_session_with_family_members(ok):
    code = client(ok)
    ok("enrol", code, "adult", "--date", "2026-01-05")
    son = member(ok, code, "Cipísek Lesní", "child", "--born", "2016-05-01")
    wife = member(ok, code, "Manka Loupežnická", "spouse")
    session = ok(
        "session", "add", code, "--date", "2026-02-03", "--hours", "1,5", "--activity",
        "therapy-family", "--with", str(son), "--with", str(wife),
    )  # fmt: skip
    (row,) = as_json(ok, "session", "list", code)
    assert str(row["id"]) == session
    assert sorted(row["members"]) == sorted([son, wife])
    assert row["activity"] == "therapy-family"


def test_session_with_another_clients_member_is_refused(ok, resoc):
    rumcajs = client(ok)
    ferda = client(ok, "Ferda Mravenec", "1990-01-01")
    own = member(ok, rumcajs, "Cipísek Lesní", "child", "--born", "2016-05-01")
    foreign = member(ok, ferda, "Beruška Tečková", "partner")
    run = resoc(
        "session", "add", rumcajs, "--date", "2026-02-03", "--hours", "2",
        "--with", str(own), "--with", str(foreign),
    )  # fmt: skip
    refused(run, "member")
    assert as_json(ok, "session", "list") == []


# --- individual plan -----------------------------------------------------------------------


def test_plan_show_of_a_new_client_is_empty(ok):
    code = client(ok)
    doc = as_json(ok, "plan", "show", code)
    assert doc["client"] == code
    assert doc["state"] == "none"
    assert doc["agreed"] is None
    assert doc["needs"] == [] and doc["goals"] == [] and doc["reviews"] == []


def test_plan_need_goal_done_agree_review(ok):
    code = client(ok)
    assert "debts" in ok("plan", "need", code, "debts")
    ok("plan", "need", code, "housing")
    goal = int(ok("plan", "goal", code, "debts", "Splátkový kalendář", "--due", "2026-12-31", *SET))
    doc = as_json(ok, "plan", "show", code)
    assert doc["state"] == "draft"
    assert [n["area"] for n in doc["needs"]] == ["debts", "housing"]
    assert any("housing" in gap for gap in doc["gaps"])
    assert any("agreed" in gap for gap in doc["gaps"])

    house = int(ok("plan", "goal", code, "housing", "Najít podnájem", *SET))
    outcome = ("--outcome", "payment-schedule-kept")
    ok("plan", "done", code, str(goal), *outcome, "--date", "2026-06-30")
    ok("plan", "agree", code, "--date", "15.2.2026")
    ok("plan", "review", code, "--date", "2026-05-20", "--note", "jde to")
    doc = as_json(ok, "plan", "show", code)
    assert doc["state"] == "agreed"
    assert doc["agreed"] == "2026-02-15"
    assert doc["gaps"] == []
    goals = {g["id"]: g for g in doc["goals"]}
    assert set(goals) == {goal, house}
    assert goals[goal]["area"] == "debts"
    assert goals[goal]["text"] == "Splátkový kalendář"
    assert goals[goal]["due"] == "2026-12-31"
    assert goals[goal]["done_date"] == "2026-06-30"
    assert goals[goal]["outcome"] == "payment-schedule-kept"
    assert goals[house]["done_date"] is None and goals[house]["outcome"] is None
    (review,) = doc["reviews"]
    assert review["date"] == "2026-05-20" and review["note"] == "jde to"


def test_plan_done_defaults_to_achieved(ok):
    code = client(ok)
    goal = ok("plan", "goal", code, "work", "Práce na pile", *SET)
    ok("plan", "done", code, goal, "--date", "2026-04-01")
    (row,) = as_json(ok, "plan", "show", code)["goals"]
    assert row["outcome"] == "achieved" and row["done_date"] == "2026-04-01"


def test_plan_need_twice_is_recorded_once(ok):
    code = client(ok)
    ok("plan", "need", code, "debts")
    assert "already" in ok("plan", "need", code, "debts")
    assert len(as_json(ok, "plan", "show", code)["needs"]) == 1


def test_goal_closed_twice_is_refused(ok, resoc):
    code = client(ok)
    goal = ok("plan", "goal", code, "work", "Práce na pile", *SET)
    ok("plan", "done", code, goal, "--date", "2026-04-01")
    refused(resoc("plan", "done", code, goal, "--date", "2026-04-02"), "goal")
    assert as_json(ok, "plan", "show", code)["goals"][0]["done_date"] == "2026-04-01"


def test_goal_of_another_client_cannot_be_closed(ok, resoc):
    rumcajs = client(ok)
    ferda = client(ok, "Ferda Mravenec", "1990-01-01")
    goal = ok("plan", "goal", ferda, "work", "Práce v mraveništi", *SET)
    refused(resoc("plan", "done", rumcajs, goal, "--date", "2026-04-01"), "goal")
    assert as_json(ok, "plan", "show", ferda)["goals"][0]["done_date"] is None


def test_unknown_outcome_is_refused(ok, resoc):
    code = client(ok)
    goal = ok("plan", "goal", code, "work", "Práce na pile")
    refused(resoc("plan", "done", code, goal, "--outcome", "lucky-day"), "--outcome")
    assert as_json(ok, "plan", "show", code)["goals"][0]["outcome"] is None


def test_plan_show_human(ok):
    code = client(ok)
    ok("plan", "need", code, "addiction")
    ok("plan", "goal", code, "addiction", "Méně slivovice")
    out = ok("plan", "show", code)
    assert "Méně slivovice" in out and "addiction" in out
    assert "agreed" in out  # what is still missing


def test_plan_state_appears_in_the_caseload(ok):
    code = client(ok)
    assert as_json(ok, "caseload")[0]["plan"] == "none"
    ok("plan", "goal", code, "work", "Práce na pile")
    assert as_json(ok, "caseload")[0]["plan"] == "draft"
    ok("plan", "agree", code, "--date", "2026-02-01")
    assert as_json(ok, "caseload")[0]["plan"] == "agreed"


def test_goal_dates_at_their_boundaries(ok, resoc):
    code = client(ok)
    ok("plan", "need", code, "debts", "--date", "2026-01-10")
    assert as_json(ok, "plan", "show", code)["needs"][0]["noted"] == "2026-01-10"
    # due on the day the goal is set is fine; a day earlier is refused and nothing is written
    same = ok(
        "plan", "goal", code, "debts", "Kalendář", "--date", "2026-01-10", "--due", "10.1.2026"
    )
    refused(
        resoc("plan", "goal", code, "work", "Pila", "--date", "2026-01-10", "--due", "2026-01-09"),
        "due: before the goal was set (2026-01-10)",
    )
    refused(resoc("plan", "goal", code, "work", "Pila", "--date", "2999-01-01"), "date")
    (row,) = as_json(ok, "plan", "show", code)["goals"]
    assert (row["set_date"], row["due"]) == ("2026-01-10", "2026-01-10")
    # a goal closes on the day it was set at the earliest
    refused(resoc("plan", "done", code, same, "--date", "2026-01-09"), "before the goal was set")
    assert as_json(ok, "plan", "show", code)["goals"][0]["done_date"] is None
    ok("plan", "done", code, same, "--date", "2026-01-10")
    assert as_json(ok, "plan", "show", code)["goals"][0]["done_date"] == "2026-01-10"


def test_a_goal_set_today_by_default(ok):
    from datetime import date

    code = client(ok)
    ok("plan", "goal", code, "work", "Pila")
    assert as_json(ok, "plan", "show", code)["goals"][0]["set_date"] == date.today().isoformat()


def test_plan_dates_cannot_precede_the_clients_birth(ok, resoc):
    code = client(ok, born="1990-01-02")  # a mistyped year would put the plan before birth
    for args in (
        ("plan", "need", code, "debts", "--date", "1990-01-01"),
        ("plan", "goal", code, "work", "Pila", "--date", "1990-01-01"),
        ("plan", "agree", code, "--date", "1990-01-01"),
        ("plan", "review", code, "--date", "1990-01-01"),
    ):
        r = resoc(*args)
        refused(r, "date: before the client's birth date")
        assert "1990" not in r.stderr  # the birth date itself is never echoed
    plan = as_json(ok, "plan", "show", code)
    assert (plan["needs"], plan["goals"], plan["agreed"], plan["reviews"]) == ([], [], None, [])
    ok("plan", "need", code, "debts", "--date", "1990-01-02")  # the day of birth itself: allowed


def test_enrolments_and_sessions_cannot_precede_the_clients_birth(ok, resoc, tmp_path):
    code = client(ok, born="1990-01-02")
    refused(resoc("enrol", code, "adult", "--date", "1990-01-01"), "before the client's birth")
    ok("enrol", code, "adult", "--date", "1990-01-02")  # the day of birth itself
    r = resoc("session", "add", code, "--date", "1990-01-01", "--hours", "2")
    refused(r, "date: before the client's birth date")
    assert as_json(ok, "session", "list", code) == []
    f = tmp_path / "k.csv"
    f.write_text(
        "name,born,sex,programme,start_date\nFerda,1990-01-02,m,adult,1989-12-31\n", "utf-8"
    )
    r = resoc("import", "clients", str(f))
    assert r.exit_code != 0 and "line 2: start-date: before the client's birth date" in r.stderr


def test_imported_sessions_cannot_precede_the_clients_birth(ok, resoc, tmp_path):
    code = client(ok, born="1990-01-02")
    f = tmp_path / "s.csv"
    f.write_text(f"date,client,minutes\n1990-01-02,{code},60\n1990-01-01,{code},60\n", "utf-8")
    r = resoc("import", "sessions", str(f))
    assert r.exit_code != 0 and r.stderr.splitlines()[0] == (
        "line 3: date: before the client's birth date"
    )
    assert as_json(ok, "session", "list", code) == []  # all rows or none
    f.write_text(f"date,client,minutes\n1990-01-02,{code},60\n", "utf-8")
    assert ok("import", "sessions", str(f)) == "imported 1 session(s)"
