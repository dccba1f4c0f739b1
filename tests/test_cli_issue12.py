"""Issue 12 part B through the real command line: each rule as a curator meets it."""

import json
from datetime import date, timedelta

import pytest

TODAY = date.today()
TOMORROW = (TODAY + timedelta(days=1)).isoformat()


def ferda(ok) -> str:
    return ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")


def test_enrol_in_9999_is_refused_and_writes_nothing(ok, resoc):
    code = ferda(ok)
    for when in ("9999-12-31", TOMORROW):
        refused = resoc("enrol", code, "adult", "--date", when)
        assert refused.exit_code == 2, refused.stderr
        assert "date: lies in the future" in refused.stderr
    assert json.loads(ok("client", "show", code, "--json"))["enrolments"] == []
    assert resoc("enrol", code, "adult", "--date", "today").exit_code == 0
    assert resoc("agenda").exit_code == 0


def test_a_wrong_area_outcome_is_refused_naming_the_areas_outcomes_in_czech(ok, resoc):
    code = ferda(ok)
    goal = ok("plan", "goal", code, "housing", "Najít podnájem", "--date", "2026-10-01")
    refused = resoc("--lang", "cs", "plan", "done", code, goal, "--outcome", "prace-nalezena")
    assert refused.exit_code == 2
    assert "nepatří k cíli z oblasti „bydlení“" in refused.stderr
    assert "splněno, částečně splněno, nesplněno, bydlení nalezeno nebo bydlení udrženo" in (
        refused.stderr
    )
    assert json.loads(ok("plan", "show", code, "--json"))["goals"][0]["outcome"] is None
    ok("plan", "done", code, goal, "--outcome", "bydleni-nalezeno", "--date", "2026-11-01")
    assert json.loads(ok("plan", "show", code, "--json"))["goals"][0]["outcome"] == "housing-found"


def test_client_add_refuses_the_same_person_with_exit_4_unless_allowed(ok, resoc):
    ferda(ok)
    again = resoc("client", "add", "ferda MRAVENEC", "--born", "12.4.1988", "--sex", "m")
    assert again.exit_code == 4
    assert again.stderr == (
        "resoc: error: client: a client with the same name and birth date is already recorded"
        " as K0001 (--allow-duplicate adds another)\n"
    )
    assert len(json.loads(ok("client", "list", "--json"))) == 1
    assert ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m",
              "--allow-duplicate") == "K0002"  # fmt: skip


def test_import_clients_refuses_a_recorded_client_with_exit_4(ok, resoc, tmp_path):
    ferda(ok)
    path = tmp_path / "klienti.csv"
    path.write_text("name,born,sex\nFerda Mravenec,1988-04-12,m\n", encoding="utf-8")
    refused = resoc("import", "clients", str(path))
    assert refused.exit_code == 4
    assert "line 2: client: a client with the same name and birth date" in refused.stderr
    assert len(json.loads(ok("client", "list", "--json"))) == 1
    ok("import", "clients", str(path), "--allow-duplicate")
    assert len(json.loads(ok("client", "list", "--json"))) == 2


# --- 6. a read never creates a database ---------------------------------------------------


@pytest.mark.no_database
@pytest.mark.parametrize(
    "argv",
    [
        ("client", "list"),
        ("caseload",),
        ("agenda",),
        ("session", "list"),
        ("report", "year", "2026"),
        ("export", "sessions"),
        ("db",),
    ],
)
@pytest.mark.sqlite_only("a path where no database file exists yet")
def test_a_read_on_a_path_without_a_database_refuses_and_creates_nothing(resoc, private_db, argv):
    r = resoc(*argv)
    assert r.exit_code == 5, (argv, r.stderr)
    assert r.stderr == f"resoc: error: no database at {private_db}; resoc init creates one\n"
    assert not private_db.parent.exists()


@pytest.mark.no_database
@pytest.mark.parametrize("argv", [("hours", "K0001"), ("check", "K0001"), ("caseload", "--json")])
def test_the_quick_path_refuses_the_same_way(private_db, capsys, argv):
    from resoc_cli import main

    code = main.run(list(argv))
    err = capsys.readouterr().err
    assert code == 5
    assert err == f"resoc: error: no database at {private_db}; resoc init creates one\n"
    assert not private_db.parent.exists()


@pytest.mark.no_database
@pytest.mark.sqlite_only("a new database file made at a path")
def test_a_write_on_a_new_path_says_it_created_the_database(resoc, private_db):
    r = resoc("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    assert r.exit_code == 0 and r.stdout == "K0001\n"
    assert r.stderr == f"resoc: new database created at {private_db}\n"
    again = resoc("client", "add", "Manka Čertová", "--born", "1990-01-01", "--sex", "f")
    assert again.stderr == ""  # only once


# --- 7. --date defaults to today and the confirmation names it ------------------------------


def test_session_and_contact_add_default_to_today_and_say_so(ok, resoc):
    from resoc_cli.i18n import day

    code = ferda(ok)
    member = ok("family", "add", code, "Beruška Mravencová", "--relation", "child")
    session = resoc("session", "add", code, "--hours", "2", "--with", member)
    assert session.exit_code == 0, session.stderr
    assert session.stdout.strip().isdigit()
    assert f"{code}: session {session.stdout.strip()} recorded on {day(TODAY)}" in session.stderr
    contact = resoc("contact", "add", code, "--member", member, "--kind", "prison-visit")
    assert contact.exit_code == 0, contact.stderr
    assert f"contact {contact.stdout.strip()} with member {member} recorded on {day(TODAY)}" in (
        contact.stderr
    )
    listed = json.loads(ok("contact", "list", code, "--json"))
    assert [c["date"] for c in listed] == [TODAY.isoformat()]


# --- 2. plan agree with a need without a goal; one state at a time -------------------------


def test_agreeing_a_plan_with_a_need_without_a_goal_warns_and_the_state_is_one(ok, resoc):
    from resoc_cli.i18n import day

    code = ferda(ok)
    ok("plan", "need", code, "housing", "--date", "2026-11-01")
    ok("plan", "goal", code, "work", "Najít práci", "--date", "2026-11-01")
    agreed = resoc("plan", "agree", code, "--date", "2026-11-04")
    assert agreed.exit_code == 0
    assert "warning: plan: need housing has no goal" in agreed.stderr
    shown = ok("plan", "show", code).splitlines()[0]
    assert shown == f"{code}: plan draft (signed on {day('2026-11-04')}; missing below)"
    assert "agreed" not in shown
    ok("plan", "goal", code, "housing", "Najít podnájem", "--date", "2026-11-05")
    assert ok("plan", "show", code).splitlines()[0] == (
        f"{code}: plan agreed on {day('2026-11-04')}"
    )
    again = resoc("plan", "agree", code, "--date", "2026-11-06")
    assert again.exit_code == 0 and "warning" not in again.stderr


# --- 8. every command the agenda suggests runs as printed -----------------------------------


def test_every_command_the_agenda_suggests_runs_once_its_placeholders_are_filled(ok):
    import shlex

    def ago(days: int) -> str:
        return (TODAY - timedelta(days=days)).isoformat()

    release = (TODAY + timedelta(days=30)).isoformat()
    prison = ok("client", "add", "Rumcajs Loupežník", "--born", "1979-02-03", "--sex", "m",
                "--status", "in-prison", "--release", release)  # fmt: skip
    child = ok("family", "add", prison, "Cipísek Loupežník", "--relation", "child",
               "--born", ago(3000))  # fmt: skip
    idle = ok("client", "add", "Manka Čertová", "--born", "1990-01-01", "--sex", "f")
    ok("enrol", idle, "adult", "--date", ago(40))
    review = ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("plan", "goal", review, "work", "Najít práci", "--date", ago(100))
    ok("plan", "agree", review, "--date", ago(100))
    ready = ok("client", "add", "Šnek Pomalý", "--born", "1970-05-05", "--sex", "m")
    ok("programme", "add", "kratky", "--name", "Krátký program", "--min-hours", "2", "--no-plan")
    ok("enrol", ready, "kratky", "--date", ago(5))
    ok("session", "add", ready, "--date", ago(1), "--hours", "2")
    slow = ok("client", "add", "Beruška Pomalá", "--born", "1995-06-06", "--sex", "f")
    ok("enrol", slow, "adult", "--date", ago(100))
    ok("session", "add", slow, "--date", ago(90), "--hours", "1")

    items = json.loads(ok("agenda", "--json"))
    from resoc_cli.domain.agenda import KIND_ORDER

    assert {i["kind"] for i in items} == set(KIND_ORDER)  # every kind is triggered
    filled = {"ID": child, "DATE": TODAY.isoformat(), "H": "2", "...": "Doplněno"}
    for item in items:
        argv = shlex.split(item["command"])
        assert argv[0] == "resoc"
        argv = [filled.get(a, a) for a in argv[1:]]
        assert not [a for a in argv if a.isupper() and a not in (prison, idle, review, ready,
                                                                  slow)], item  # fmt: skip
        ok(*argv)  # exit 0, as printed
