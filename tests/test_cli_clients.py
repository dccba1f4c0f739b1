"""CLI contract: resoc client add | list | show | edit | close."""

import json

CZECH_ORDER = [
    "Cibulka Ferda",
    "Čermák Rumcajs",
    "Dvořák Cipísek",
    "Hrubý Křemílek",
    "Chalupa Vochomůrka",
    "Šťastná Manka",
    "Zelený Hejkal",
    "Žák Pohádkový",
]


def add(ok, name, *extra, born="1990-04-12", sex="m"):
    return ok("client", "add", name, "--born", born, "--sex", sex, *extra)


def listed(ok, *flags):
    return json.loads(ok("client", "list", "--json", *flags))


def shown(ok, code):
    return json.loads(ok("client", "show", code, "--json"))


def one_line_error(run):
    assert run.exit_code != 0
    assert run.exception is None, run.exception
    assert len(run.stderr.splitlines()) == 1, run.stderr
    assert "Traceback" not in run.stderr
    return run.stderr


def test_auto_codes_count_up_from_k0001(ok):
    codes = [add(ok, name) for name in ("Ferda Mravenec", "Brouk Pytlík", "Beruška Tečková")]
    assert codes == ["K0001", "K0002", "K0003"]
    # Beruška < Brouk < Ferda
    assert [c["code"] for c in listed(ok)] == ["K0003", "K0002", "K0001"]


def test_own_code_is_printed_and_used(ok):
    assert add(ok, "Rumcajs Loupežník", "--code", "RUM-1") == "RUM-1"
    assert shown(ok, "RUM-1")["name"] == "Rumcajs Loupežník"


def test_auto_code_never_collides_with_an_own_code(ok):
    assert add(ok, "Rumcajs Loupežník", "--code", "K0001") == "K0001"
    auto = add(ok, "Manka Loupežnická")
    assert auto != "K0001"
    assert auto.startswith("K")
    assert {c["code"] for c in listed(ok)} == {"K0001", auto}


def test_codes_are_case_insensitive(ok):
    add(ok, "Rumcajs Loupežník", "--code", "Rum1")
    for typed in ("rum1", "RUM1", "Rum1"):
        assert shown(ok, typed)["code"] == "Rum1"
    ok("client", "edit", "rUm1", "--status", "released")
    assert shown(ok, "RUM1")["status"] == "released"


def test_duplicate_code_is_refused_whatever_the_case(ok, resoc):
    add(ok, "Rumcajs Loupežník", "--code", "Rum1")
    run = resoc("client", "add", "Manka Loupežnická", "--born", "1992-02-02", "--sex", "f")
    assert run.exit_code == 0  # an auto code still works
    refused = resoc(
        "client", "add", "Cipísek Lesní", "--born", "2012-05-05", "--sex", "m", "--code", "rUM1"
    )
    assert "code" in one_line_error(refused)
    assert refused.stdout.strip() == ""
    names = [c["name"] for c in listed(ok)]
    assert "Cipísek Lesní" not in names
    assert shown(ok, "rum1")["name"] == "Rumcajs Loupežník"


def test_list_sorts_names_in_czech_order(ok):
    for name in reversed(CZECH_ORDER[::2] + CZECH_ORDER[1::2]):
        add(ok, name)
    assert [c["name"] for c in listed(ok)] == CZECH_ORDER
    table = ok("client", "list")
    positions = [table.index(name) for name in CZECH_ORDER]
    assert positions == sorted(positions)


def test_list_json_has_the_fixed_keys_and_values(ok):
    code = add(ok, "Manka Loupežnická", "--status", "released", born="1991-07-30", sex="f")
    (row,) = listed(ok)
    assert {"code", "name", "born", "sex", "status"} <= row.keys()
    assert row["code"] == code
    assert row["name"] == "Manka Loupežnická"
    assert row["born"] == "1991-07-30"
    assert row["sex"] == "f"
    assert row["status"] == "released"


def test_list_json_is_an_empty_list_without_clients(ok):
    assert listed(ok) == []


def test_closed_clients_only_with_all(ok):
    open_code = add(ok, "Ferda Mravenec")
    closed_code = add(ok, "Brouk Pytlík")
    out = ok("client", "close", closed_code, "--date", "2026-03-15", "--reason", "moved away")
    assert closed_code in out
    assert [c["code"] for c in listed(ok)] == [open_code]
    assert "Brouk Pytlík" not in ok("client", "list")
    everyone = {c["code"]: c for c in listed(ok, "--all")}
    assert set(everyone) == {open_code, closed_code}
    assert everyone[closed_code]["closed_date"] == "2026-03-15"
    assert "Brouk Pytlík" in ok("client", "list", "--all")
    detail = shown(ok, closed_code)
    assert detail["closed_date"] == "2026-03-15"
    assert detail["close_reason"] == "moved away"


def test_show_json_carries_the_details_and_enrolments(ok):
    code = add(
        ok,
        "Rumcajs Loupežník",
        "--referral",
        "court",
        "--status",
        "alternative-sentence",
        "--release",
        "2027-01-31",
        "--contract",
        "2026-01-10",
        "--note",
        "lives in the Řáholec forest",
        born="1985-09-01",
    )
    ok("enrol", code, "adult", "--date", "2026-01-12")
    doc = shown(ok, code)
    assert doc["code"] == code
    assert doc["name"] == "Rumcajs Loupežník"
    assert doc["born"] == "1985-09-01"
    assert doc["sex"] == "m"
    assert doc["referral"] == "court"
    assert doc["status"] == "alternative-sentence"
    assert doc["release_date"] == "2027-01-31"
    assert doc["contract_date"] == "2026-01-10"
    assert doc["note"] == "lives in the Řáholec forest"
    (enrolment,) = doc["enrolments"]
    assert enrolment["programme"] == "adult"
    assert enrolment["state"] == "active"
    assert enrolment["start_date"] == "2026-01-12"


def test_show_human_output_names_the_client(ok):
    code = add(ok, "Cipísek Lesní", born="2010-06-01")
    out = ok("client", "show", code)
    assert code in out and "Cipísek Lesní" in out and "2010-06-01" in out


def test_czech_dates_are_accepted_on_add(ok):
    code = add(ok, "Ferda Mravenec", born="5.3.1990")
    assert shown(ok, code)["born"] == "1990-03-05"


def test_edit_changes_only_the_given_fields(ok):
    code = add(ok, "Ferda Mravenec", "--status", "in-prison", "--note", "keep me")
    ok("client", "edit", code, "--name", "Ferda Mravenčí", "--status", "released")
    doc = shown(ok, code)
    assert doc["name"] == "Ferda Mravenčí"
    assert doc["status"] == "released"
    assert doc["born"] == "1990-04-12"
    assert doc["note"] == "keep me"


def test_edit_with_nothing_to_change_is_refused(ok, resoc):
    code = add(ok, "Ferda Mravenec")
    one_line_error(resoc("client", "edit", code))


def test_edit_reopens_a_closed_client(ok):
    code = add(ok, "Brouk Pytlík")
    ok("client", "close", code, "--date", "2026-02-01")
    assert listed(ok) == []
    ok("client", "edit", code, "--reopen")
    assert [c["code"] for c in listed(ok)] == [code]
    assert shown(ok, code)["closed_date"] is None


def test_close_is_refused_with_an_active_enrolment(ok, resoc):
    code = add(ok, "Rumcajs Loupežník")
    ok("enrol", code, "adult", "--date", "2026-01-05")
    err = one_line_error(resoc("client", "close", code, "--date", "2026-03-01"))
    assert "enrol" in err
    assert [c["code"] for c in listed(ok)] == [code]
    assert shown(ok, code)["closed_date"] is None
    ok("drop", code, "--date", "2026-02-20")
    ok("client", "close", code, "--date", "2026-03-01")
    assert listed(ok) == []


def test_closing_twice_is_refused(ok, resoc):
    code = add(ok, "Brouk Pytlík")
    ok("client", "close", code, "--date", "2026-02-01")
    one_line_error(resoc("client", "close", code, "--date", "2026-02-02"))
    assert shown(ok, code)["closed_date"] == "2026-02-01"


def test_diacritics_are_kept_everywhere(ok):
    name = "Žofie Šťastná-Řeřichová Ůdolní"
    code = add(ok, name, sex="f")
    assert listed(ok)[0]["name"] == name
    assert shown(ok, code)["name"] == name
    assert name in ok("client", "list")
    shown_text = ok("client", "show", code)
    assert all(word in shown_text for word in name.split())
    ok("enrol", code, "adult", "--date", "2026-01-05")
    assert json.loads(ok("caseload", "--json"))[0]["name"] == name


def test_show_keeps_a_long_name_on_one_line(ok):
    name = "Žofie Šťastná-Řeřichová Ůdolní"
    code = add(ok, name, sex="f")
    assert name in ok("client", "show", code)
