"""Czech names of codes: every code has one, every spelling leads to one code, tables show
them (and dates in date columns), JSON and CSV never do; options, prompts and imported files
take them as input."""

import json

import pytest


def test_every_code_has_a_czech_name_and_every_czech_spelling_is_accepted():
    from enum import StrEnum

    from resoc_cli.domain import codes

    vocabularies = [
        v for v in vars(codes).values() if isinstance(v, type) and issubclass(v, StrEnum)
    ]
    vocabularies.remove(StrEnum)
    assert set(vocabularies) == set(codes.CZECH)  # a new vocabulary needs its Czech names
    names_of: dict[str, set[str]] = {}
    for enum, names in codes.CZECH.items():
        assert set(names) == {m.value for m in enum}, enum.__name__
        for code, name in names.items():
            names_of.setdefault(code, set()).add(name)
            # the code, and the name with accents or without, any case, spaces or hyphens
            spellings = {code, name, name.upper(), codes.ascii_kebab(name)}
            spellings.add(codes.ascii_kebab(name).replace("-", " "))
            assert {codes.code_of(enum, s) for s in spellings} == {code}, name
    # a code that two vocabularies share reads the same in both ("other" is always "jiné")
    assert {c: n for c, n in names_of.items() if len(n) > 1} == {}


def test_ascii_kebab_folds_czech_accents_and_spaces():
    from resoc_cli.domain.codes import ascii_kebab

    assert ascii_kebab("sociální výcvik") == "socialni-vycvik"
    assert ascii_kebab("Žádost o podmíněné propuštění") == "zadost-o-podminene-propusteni"
    assert ascii_kebab("manžel/ka") == "manzel-ka"


def test_a_spelling_two_codes_would_share_is_not_accepted(monkeypatch):
    from resoc_cli.domain import codes

    names = dict(codes.CZECH[codes.Attendance], late="účast")  # same name as "attended"
    monkeypatch.setitem(codes.CZECH, codes.Attendance, names)
    accepted = codes.aliases(codes.Attendance)
    assert "ucast" not in accepted and accepted["late"] == "late"
    assert accepted["neomluvena-neucast"] == "no-show"


@pytest.mark.parametrize("lang", ["en", "cs"])
def test_czech_code_names_are_accepted_as_input_in_both_languages(ferda_enrolled, ok, resoc, lang):
    def add(day: str, *kind: str):
        return resoc(
            "--lang", lang, "session", "add", "K0001", "--date", day, "--hours", "1", *kind
        )

    assert (
        add(
            "2026-01-07", "--activity", "socialni-vycvik", "--attendance", "pozdni-prichod"
        ).exit_code
        == 0
    )
    assert add("2026-01-08", "--activity", "Právní poradenství").exit_code == 0
    sessions = json.loads(ok("session", "list", "K0001", "--json"))
    kinds = [(s["activity"], s["attendance"]) for s in sessions[-2:]]
    assert kinds == [("social-training", "late"), ("legal-counselling", "attended")]
    wrong = add("2026-01-09", "--activity", "soc")  # the beginning of two names: not enough
    assert wrong.exit_code == 2 and wrong.stdout == ""
    assert len(json.loads(ok("session", "list", "K0001", "--json"))) == len(sessions)
    assert add("2026-01-09", "--activity", "socialni").exit_code == 0  # of one: enough


def test_czech_code_names_and_dates_in_tables_but_never_in_json(ferda_enrolled, ok):
    table = ok("--lang", "cs", "session", "list", "K0001")
    assert "sociální výcvik" in table and "účast" in table and "6.\u00a01.\u00a02026" in table
    assert "social-training" not in table and "2026-01-06" not in table
    english = ok("session", "list", "K0001")
    assert "social-training" in english and "2026-01-06" in english
    document = ok("--lang", "cs", "session", "list", "K0001", "--json")
    assert '"social-training"' in document and '"2026-01-06"' in document


def test_imported_files_may_name_codes_in_czech(ok, resoc, tmp_path):
    """A Czech spreadsheet says ``žena`` and ``sociální výcvik``: they import as the codes."""
    clients = tmp_path / "k.csv"
    clients.write_text(
        "Name;Born;Sex;Status\nManka Loupežnická;17.1.1983;žena;ve výkonu trestu\n"
        "Rumcajs Loupežník;1979-09-30;muz;po propuštění\n",
        encoding="utf-8",
    )
    ok("import", "clients", str(clients))
    listed = json.loads(ok("client", "list", "--json"))
    assert [(c["sex"], c["status"]) for c in listed] == [("f", "in-prison"), ("m", "released")]
    ok("enrol", "K0001", "adult", "--date", "2026-01-05")
    sessions = tmp_path / "s.csv"
    sessions.write_text(
        "date,client,minutes,activity,attendance\n"
        "2026-01-06,K0001,60,Sociální výcvik,pozdní příchod\n"
        "2026-01-07,K0001,60,krizova-intervence,účast\n",
        encoding="utf-8",
    )
    ok("import", "sessions", str(sessions))
    stored = json.loads(ok("session", "list", "K0001", "--json"))
    assert [(s["activity"], s["attendance"]) for s in stored] == [
        ("social-training", "late"),
        ("crisis-intervention", "attended"),
    ]
    wrong = tmp_path / "w.csv"
    wrong.write_text("date,client,minutes,activity\n2026-01-08,K0001,60,výcvikář\n", "utf-8")
    r = resoc("import", "sessions", str(wrong))
    assert r.exit_code != 0 and "line 2: activity: must be one of" in r.stderr


def test_only_date_columns_show_czech_dates(ok):
    """A code or a note that looks like a date is data, shown as typed; dates are dates."""
    ferda = ("Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("client", "add", *ferda, "--code", "2026-01-05")
    table = ok("--lang", "cs", "client", "list")
    assert (
        "2026-01-05" in table
        and "12.\u00a04.\u00a01988" in table
        and "5.\u00a01.\u00a02026" not in table
    )
    ok("enrol", "2026-01-05", "adult", "--date", "2026-01-05")
    ok(
        "session",
        "add",
        "2026-01-05",
        "--date",
        "2026-01-06",
        "--hours",
        "1",
        "--note",
        "2026-02-02",
    )
    sessions = ok("--lang", "cs", "session", "list", "2026-01-05")
    assert "6.\u00a01.\u00a02026" in sessions and "2026-02-02" in sessions
    assert "2.\u00a02.\u00a02026" not in sessions


def test_imported_enrolment_states_may_be_czech(ok, resoc, tmp_path):
    f = tmp_path / "k.csv"
    f.write_text(
        "name,born,sex,programme,start_date,end_date,enrolment_state\n"
        "Ferda Mravenec,1988-04-12,m,adult,2026-01-05,,Probíhá\n"
        "Manka Loupežnická,1983-01-17,f,adult,2025-01-05,2025-06-30,ukonceno-predcasne\n",
        encoding="utf-8",
    )
    ok("import", "clients", str(f))
    states = [
        [e["state"] for e in json.loads(ok("client", "show", code, "--json"))["enrolments"]]
        for code in ("K0001", "K0002")
    ]
    assert states == [["active"], ["dropped"]]
    bad = tmp_path / "b.csv"
    bad.write_text(
        "name,born,sex,programme,start_date,enrolment_state\nRumcajs,1979-09-30,m,adult,,skoro\n",
        encoding="utf-8",
    )
    r = resoc("import", "clients", str(bad))
    problems = r.stderr.splitlines()[:-1]
    assert r.exit_code != 0 and problems[0] == (
        "line 2: enrolment-state: 'skoro' is not one of active, completed, dropped"
    )
    assert problems[1].startswith("line 2: start-date:")  # every problem at once


@pytest.mark.parametrize(
    ("option", "typed", "code"),
    [
        ("--attendance", "omluvena", "excused"),
        ("--attendance", "omluv", "excused"),
        ("--attendance", "noshow", "no-show"),
        ("--attendance", "neomluv", "no-show"),
        ("--activity", "konzultace", "consultation"),
        ("--activity", "konz", "consultation"),
        ("--activity", "vycvik", "social-training"),
    ],
)
def test_a_code_by_any_unambiguous_beginning(ok, option, typed, code):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("--lang", "cs", "session", "add", "K0001", "--hours", "1", option, typed)
    rows = json.loads(ok("session", "list", "K0001", "--json"))
    assert rows[0][option.removeprefix("--")] == code


def test_relations_as_a_czech_curator_writes_them(ok):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    for word, code in [("partnerka", "partner"), ("manželka", "spouse"), ("Dcera", "child"),
                       ("dluh", None)]:  # fmt: skip
        if code is None:
            ok("plan", "need", "K0001", word)  # dluh is the beginning of dluhy (debts)
            continue
        ok("--lang", "cs", "family", "add", "K0001", "Manka Loupežnická", "--relation", word)
        assert json.loads(ok("family", "list", "K0001", "--json"))[-1]["relation"] == code
    assert json.loads(ok("plan", "show", "K0001", "--json"))["needs"][0]["area"] == "debts"


def test_an_ambiguous_beginning_lists_what_it_could_mean_in_czech(resoc, ok):
    from resoc_cli.domain.codes import Activity, meanings

    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    assert meanings(Activity, "ter") == ["therapy-individual", "therapy-couple", "therapy-family"]
    assert meanings(Activity, "soc") == ["social-training", "consultation"]
    # the beginning of a name wins over a later word (žádost o podmíněné propuštění)
    assert meanings(Activity, "pr") == ["legal-counselling", "case-conference"]
    r = resoc("--lang", "cs", "session", "add", "K0001", "--hours", "1", "--activity", "pr")
    assert "'pr' může znamenat právní poradenství (legal-counselling), případová konference" in (
        r.stderr
    )
    r = resoc("--lang", "cs", "session", "add", "K0001", "--hours", "1", "--activity", "ter")
    assert r.exit_code == 2
    assert "'ter' může znamenat individuální terapie (therapy-individual), párová" in r.stderr
    assert "napište víc písmen" in r.stderr and "sociální" not in r.stderr
    r = resoc("--lang", "cs", "session", "add", "K0001", "--hours", "1", "--attendance", "xx")
    assert r.exit_code == 2 and len(r.stderr.splitlines()) == 1
    assert "'xx' není žádnou z možností: účast (attended), pozdní příchod (late)" in r.stderr
    r = resoc("session", "add", "K0001", "--hours", "1", "--attendance", "x")
    assert "'x' is none of attended, late, excused, no-show" in r.stderr  # one letter: too few
    assert json.loads(ok("session", "list", "K0001", "--json")) == []
