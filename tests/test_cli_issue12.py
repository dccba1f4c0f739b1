"""Issue 12 part B through the real command line: each rule as a curator meets it."""

import json
from datetime import date, timedelta

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
