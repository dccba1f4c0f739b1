"""Czech and English: the language choice, the catalog's completeness, Czech forms."""

import ast
import json
from pathlib import Path

import pytest

from resoc_cli import i18n

SRC = Path(__file__).resolve().parents[1] / "src" / "resoc_cli"
PO = SRC / "locale" / "cs" / "LC_MESSAGES" / "resoc.po"


def marked_messages() -> tuple[set[str], set[tuple[str, str]]]:
    """Every literal passed to _() and ngettext() in the code."""
    single, plural = set(), set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            args = node.args
            if node.func.id == "_" and args and isinstance(args[0], ast.Constant):
                single.add(args[0].value)
            constants = len(args) >= 2 and all(isinstance(a, ast.Constant) for a in args[:2])
            if node.func.id == "ngettext" and constants:
                plural.add((args[0].value, args[1].value))
    return single, plural


def test_every_marked_message_has_a_czech_translation():
    catalog = i18n.read_po(PO)
    single, plural = marked_messages()
    assert len(single) > 20 and plural  # the scan finds the messages at all
    missing = sorted(m for m in single if not catalog.get(m))
    assert missing == [], f"add to {PO.name}: {missing}"
    for pair in plural:
        forms = catalog.get(pair)
        assert forms and len(forms) == 3 and all(forms), f"three Czech forms for {pair}"


def test_placeholders_survive_translation():
    import string

    def names(text):
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for key, value in i18n.read_po(PO).items():
        if key == "":
            continue
        source = " ".join(key) if isinstance(key, tuple) else key
        for translated in value if isinstance(value, list) else [value]:
            assert names(translated) == names(source), (key, translated)


def test_the_compiled_catalog_is_up_to_date():
    assert PO.with_suffix(".mo").read_bytes() == i18n.mo_bytes(i18n.read_po(PO)), (
        "run: python -m resoc_cli.i18n"
    )


@pytest.mark.parametrize(
    ("option", "env", "expected"),
    [
        (None, {}, "en"),
        ("cs", {"RESOC_LANG": "en"}, "cs"),
        (None, {"RESOC_LANG": "cs", "LANG": "en_US.UTF-8"}, "cs"),
        (None, {"LC_ALL": "cs_CZ.UTF-8", "LANG": "en_US.UTF-8"}, "cs"),
        (None, {"LC_MESSAGES": "cs_CZ.UTF-8", "LANG": "en_GB.UTF-8"}, "cs"),
        (None, {"LANG": "cs_CZ.UTF-8"}, "cs"),
        (None, {"LANG": "de_DE.UTF-8"}, "en"),
        (None, {"LANG": "C.UTF-8"}, "en"),
        (None, {"LC_ALL": "en_US.UTF-8", "LANG": "cs_CZ.UTF-8"}, "en"),
        ("CS", {}, "cs"),
        ("xx", {"RESOC_LANG": "cs"}, "cs"),  # a wrong --lang is refused in the user's language
    ],
)
def test_language_choice(option, env, expected):
    assert i18n.choose(option, env) == expected


def test_czech_plural_forms_dates_and_decimal_comma():
    i18n.set_language("cs")
    try:
        forms = [i18n.ngettext("in {n} session", "in {n} sessions", n) for n in (1, 2, 5)]
        assert forms == ["za {n} setkání"] * 3
        days = [
            i18n.ngettext(
                "released in {n} day on {day}, no housing goal in the plan",
                "released in {n} days on {day}, no housing goal in the plan",
                n,
            ).split()[3]
            for n in (1, 3, 4, 5, 22)
        ]
        assert days == ["den", "dny", "dny", "dní", "dní"]
        assert i18n.day("2026-03-05") == "5.\u00a03.\u00a02026"
        assert i18n.hours(150) == "2,5\u00a0h" and i18n.hours(1800) == "30\u00a0h"
    finally:
        i18n.set_language("en")
    assert i18n.day("2026-03-05") == "2026-03-05" and i18n.hours(150) == "2.5 h"


def test_czech_on_the_command_line(ferda_enrolled, ok, resoc, monkeypatch):
    line = ok("--lang", "cs", "hours", "K0001")
    # in a Czech sentence the programme by its name, the hours with a non-breaking space
    assert line.startswith("K0001 „Resocializační program pro dospělé“: 2,5\u00a0h z 30\u00a0h za")
    assert "zbývá 27,5\u00a0h" in line
    monkeypatch.setenv("RESOC_LANG", "cs")
    check = resoc("check", "K0001")
    assert check.exit_code == 1
    assert check.stdout.splitlines()[:2] == [
        "K0001 „Resocializační program pro dospělé“: NESPLNĚNO",
        "  nesplněno: hodiny: do 30\u00a0h chybí 27,5\u00a0h (absolvováno 2,5\u00a0h)",
    ]
    # JSON keys and codes never change with the language
    document = json.loads(ok("hours", "K0001", "--json"))
    assert set(document) >= {"client", "programme", "attended_minutes"}
    assert document["state"] == "active"
    assert ok("--lang", "en", "hours", "K0001").startswith("K0001 adult: 2.5 h of 30 h")


@pytest.mark.sqlite_only("the quick path reads the SQLite file itself")
def test_quick_path_speaks_czech_too(ferda_enrolled, resoc, capsys):
    from resoc_cli import main

    full = resoc("--lang", "cs", "hours", "K0001")
    assert main.lookup(["--lang", "cs", "hours", "K0001"]) == 0
    assert capsys.readouterr().out == full.stdout
    i18n.set_language("en")


def test_unknown_language_is_refused(resoc, monkeypatch):
    r = resoc("--lang", "de", "caseload")
    assert r.exit_code == 2 and "--lang" in r.stderr
    monkeypatch.setenv("RESOC_LANG", "cs")
    r = resoc("--lang", "de", "caseload")
    assert r.exit_code == 2 and r.stderr.startswith("resoc: chyba: Neplatná hodnota pro --lang")
    assert resoc("--lang", "EN", "client", "list").stdout.startswith("(no clients")


def test_every_help_text_has_a_czech_translation():
    from resoc_cli.tree import root, walk

    catalog = i18n.read_po(PO)
    texts = []
    for _path, command in walk(root()):
        texts.extend(t for t in [command.help] if t)
        texts.extend(p.help for p in command.params if getattr(p, "help", None))
    assert len(texts) > 100
    missing = sorted({t for t in texts if not catalog.get(t)})
    assert missing == [], f"add to {PO.name}: {missing}"


def test_help_in_czech_and_back_in_english(resoc, monkeypatch):
    czech = resoc("--lang", "cs", "session", "add", "--help")
    assert czech.exit_code == 0
    assert "Zaznamenat setkání; vypíše jeho číslo." in czech.stdout
    assert "Délka v hodinách (2,5, 2.5, 1:30 nebo 1h30)." in czech.stdout
    monkeypatch.setenv("LANG", "cs_CZ.UTF-8")
    monkeypatch.delenv("RESOC_LANG")
    assert "Zařadit klienta do programu" in resoc("--help").stdout
    monkeypatch.setenv("RESOC_LANG", "en")
    english = resoc("session", "add", "--help")
    assert "Record a session; prints its id." in english.stdout


def test_every_table_title_column_label_and_empty_line_is_translated():
    catalog = i18n.read_po(PO)
    found = set()
    for path in (SRC / "commands").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "render"
            ):
                continue
            args = node.args
            if node.func.attr == "table":
                if args and isinstance(args[0], ast.Constant) and args[0].value:
                    found.add(args[0].value)
                if len(args) > 1 and isinstance(args[1], ast.List):
                    found |= {e.value for e in args[1].elts if isinstance(e, ast.Constant)}
                found |= {
                    k.value.value
                    for k in node.keywords
                    if k.arg == "empty" and isinstance(k.value, ast.Constant)
                }
            if node.func.attr == "fields" and len(args) > 1 and isinstance(args[1], ast.List):
                found |= {
                    e.elts[0].value
                    for e in args[1].elts
                    if isinstance(e, ast.Tuple) and isinstance(e.elts[0], ast.Constant)
                }
    assert len(found) > 60
    assert sorted(f for f in found if not catalog.get(f)) == []


def test_tables_speak_czech(ok):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    table = ok("--lang", "cs", "client", "list")
    assert "kód" in table and "jméno" in table and "Ferda Mravenec" in table
    assert "code" in ok("client", "list")


def test_the_yearly_paragraph_in_czech_with_czech_plurals():
    from resoc_cli.domain.report import year_paragraph

    doc = {
        "year": 2026,
        "clients_total": 24,
        "by_sex": {"m": 15, "f": 3, "x": 1},
        "by_age_band": {"<18": 2, "18-26": 0, "27-40": 1, "41-60": 0, ">60": 0},
        "new_clients": 1,
        "completed": 2,
        "dropped_out": 5,
        "sessions": 3,
        "sessions_missed": 0,
        "minutes_total": 150,
        "meetings": 2,
        "attendances": 3,
        "family_members_involved": 1,
        "family_contacts_by_kind": {"phone": 4, "letter": 1},
        "goals_set_by_area": {"work": 5},
        "goals_achieved_by_area": {"work": 1},
    }
    i18n.set_language("cs")
    try:
        text = year_paragraph(doc)
    finally:
        i18n.set_language("en")
    assert text == (
        "V roce 2026 jsme v programu pracovali s 24 klienty (15 mužů, 3 ženy, 1 jiného pohlaví)."
        " Na začátku roku byli 2 klienti ve věku do 18 let a 1 ve věku 27–40 let."
        " Program poprvé zahájil 1 klient; 2 zařazení byla dokončena a 5 skončilo předčasně."
        " Proběhla 3 setkání (2,5 hodiny)."
        " Konala se 2 společná setkání (celkem 3 účasti)."
        " Zapojil se 1 člen rodiny a zaznamenali jsme 5 kontaktů s rodinami."
        " V individuálních plánech jsme stanovili 5 cílů a 1 z nich byl splněn."
    )
    assert year_paragraph(doc).startswith("In 2026 we worked with 24 clients in the programme (15")
    # no group of none, and no dropout said as "0 ended in a dropout"
    doc["by_sex"] = {"m": 4, "f": 0, "x": 0}
    doc["dropped_out"] = 0
    i18n.set_language("cs")
    try:
        text = year_paragraph(doc)
    finally:
        i18n.set_language("en")
    assert "(4 muži)." in text and "jiného" not in text and "ženy" not in text
    assert "a žádné neskončilo předčasně." in text


def test_typer_section_words_follow_the_language_and_come_back(resoc):
    czech = resoc("--lang", "cs", "enrol", "--help").stdout
    assert "Volby" in czech and "[povinné]" in czech
    english = resoc("enrol", "--help").stdout
    assert "Options" in english and "[required]" in english and "Volby" not in english


@pytest.mark.sqlite_only("the quick path reads the SQLite file itself")
def test_check_json_reasons_follow_the_language_on_both_paths(ferda_enrolled, resoc, capsys):
    from resoc_cli import main

    full = resoc("--lang", "cs", "check", "K0001", "--json")
    assert main.lookup(["--lang", "cs", "check", "K0001", "--json"]) == 1
    assert capsys.readouterr().out == full.stdout
    assert json.loads(full.stdout)["unmet"][0].startswith("hodiny: ")
    i18n.set_language("en")


#: Where a message reaches a person: errors, warnings, result lines.
_ERROR_CLASSES = {
    "ResocError",
    "InvalidInput",
    "NotFound",
    "Conflict",
    "StorageError",
    "RuleNotMet",
    "ValueError",
    "BadParameter",
}
_SINKS = {"line", "warn", "error", "_fail", "_problem"}


def _literal_english(node: ast.AST) -> bool:
    """True when ``node`` puts literal words on screen without the catalog: a str constant or
    an f-string with letters in it, or a + / % of such; ``_()``/``ngettext()`` calls are fine."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_literal_english(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _literal_english(node.left) or _literal_english(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_english(node.body) or _literal_english(node.orelse)
    return False


def untranslated_messages() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name in {"completion_spec.py"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name not in _ERROR_CLASSES | _SINKS:
                continue
            if _literal_english(node.args[0]):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def test_no_message_reaches_a_person_without_the_catalog():
    """Every error, warning and result line goes through _() (and so through the Czech
    catalog, checked above): a raw English literal or f-string in one of them fails here."""
    assert untranslated_messages() == []


def test_clicks_own_words_in_czech(resoc):
    helps = resoc("--lang", "cs", "client", "--help").stdout
    assert helps.startswith("Použití: resoc client [VOLBY] PŘÍKAZ [ARGUMENTY]...")
    assert "Zobrazit tuto nápovědu a skončit." in helps
    cases = {
        (
            "client",
            "show",
        ): "resoc: chyba: Chybí argument 'CLIENT'. (viz: resoc client show --help)",
        ("client", "list", "--bogus"): "resoc: chyba: Neznámá volba: --bogus",
        ("client", "list", "navíc"): "resoc: chyba: Nečekaný argument (navíc)",
        ("session", "add", "K1", "--date"): "resoc: chyba: Volba '--date' vyžaduje hodnotu.",
        (
            "session",
            "add",
            "K1",
            "--activity",
            "x",
        ): "resoc: chyba: Neplatná hodnota pro '--activity'"
        ": 'x' není žádnou z možností: sociální výcvik (social-training)",
    }
    for args, start in cases.items():
        r = resoc("--lang", "cs", *args)
        assert r.exit_code == 2 and r.stderr.startswith(start), (args, r.stderr)
        assert r.stderr.count("\n") == 1
    english = resoc("client", "show")
    assert english.stderr == (
        "resoc: error: Missing argument 'CLIENT'. (see: resoc client show --help)\n"
    )
    assert resoc("client", "--help").stdout.startswith("Usage: resoc client [OPTIONS] COMMAND")


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "s 1 klientem"), (2, "se 2 klienty"), (4, "se 4 klienty"), (5, "s 5 klienty"),
     (6, "se 6 klienty"), (7, "se 7 klienty"), (14, "se 14 klienty"), (15, "s 15 klienty"),
     (24, "s 24 klienty"), (40, "se 40 klienty"), (73, "se 73 klienty"), (80, "s 80 klienty"),
     (100, "se 100 klienty"), (250, "se 250 klienty"), (350, "s 350 klienty"),
     (1000, "s 1000 klienty"), (4000, "se 4000 klienty")],
)  # fmt: skip
def test_czech_says_se_before_numbers_read_with_s_or_c(n, expected):
    from resoc_cli.domain.report import with_clients

    i18n.set_language("cs")
    try:
        assert with_clients(n) == expected
    finally:
        i18n.set_language("en")
    assert with_clients(n) == f"with {n} client{'s' * (n != 1)}"


def test_czech_leaves_the_language_variable_as_it_found_it(resoc, monkeypatch):
    import os

    monkeypatch.setenv("LANGUAGE", "fr")
    resoc("--lang", "cs", "client", "--help")
    assert os.environ["LANGUAGE"] == "cs"  # what the stdlib's gettext reads, while Czech
    resoc("--lang", "en", "client", "--help")
    assert os.environ["LANGUAGE"] == "fr"
