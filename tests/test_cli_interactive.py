"""client add with no arguments: asks in a terminal (same validation), never in a script."""

import json
import re

import pytest


def test_without_a_terminal_it_never_asks(resoc):
    r = resoc("client", "add", input="Ferda Mravenec\n1.2.1990\nm\n")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith("resoc: error: client add: give NAME --born DATE --sex")
    assert len(r.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "missing"),
    [(("Ferda Mravenec",), "--born, --sex"), (("--born", "1.2.1990", "--sex", "m"), "NAME")],
)
def test_partly_given_is_a_usage_error_not_a_question(resoc, args, missing):
    r = resoc("client", "add", *args)
    assert r.exit_code == 2 and r.stderr == f"resoc: error: client add: missing {missing}\n"


def test_in_a_terminal_each_answer_is_checked_as_it_is_given(resoc, ok, monkeypatch):
    monkeypatch.setattr("resoc_cli.commands.clients.interactive", lambda: True)
    answers = [
        "Ferda Mravenec",
        "31.2.1990",  # no such day: asked again at once
        "x.y",  # not a date: asked again at once
        "1.2.1990",
        "q",  # no such sex: asked again at once
        "m",
        "pms",
        "",
        "31.11.2026",  # no such day
        "",
        "",
        "Mraveniště u lesa",
    ]
    r = resoc("client", "add", input="\n".join(answers) + "\n")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[-1] == "K0001"  # (the test runner echoes the answers)
    # each refusal comes right after its answer, and the same question is asked again
    asked = re.findall(r"Born|Sex|Expected release|warning: \w+", r.stderr)
    assert asked == [
        "Born", "warning: born", "Born", "warning: born", "Born",  # 31.2.1990, x.y: again
        "Sex", "warning: sex", "Sex",  # q: asked again
        "Expected release", "warning: release", "Expected release",  # 31.11.2026: again
    ], r.stderr  # fmt: skip
    assert "[]" not in r.stderr
    shown = json.loads(ok("client", "show", "K0001", "--json"))
    assert (shown["name"], shown["born"], shown["sex"], shown["referral"], shown["note"]) == (
        "Ferda Mravenec",
        "1990-02-01",
        "m",
        "pms",
        "Mraveniště u lesa",
    )
    assert shown["status"] is None and shown["release_date"] is None


def test_in_a_terminal_end_of_input_aborts_and_writes_nothing(resoc, ok, monkeypatch):
    monkeypatch.setattr("resoc_cli.commands.clients.interactive", lambda: True)
    r = resoc("client", "add", input="Ferda Mravenec\n")
    assert r.exit_code != 0 and r.exception is None
    assert json.loads(ok("client", "list", "--all", "--json")) == []


def test_in_czech_it_asks_in_czech_and_takes_czech_answers(resoc, ok, monkeypatch):
    monkeypatch.setattr("resoc_cli.commands.clients.interactive", lambda: True)
    answers = ["Manka Loupežnická", "17.1.1983", "ž", "žena", "soud", "po propuštění", "", "", ""]
    r = resoc("--lang", "cs", "client", "add", input="\n".join(answers) + "\n")
    assert r.exit_code == 0, r.stderr
    assert "Jméno (např. Ferda Mravenec)" in r.stderr
    assert "Kdo klienta doporučil (PMS, soud, kurátor, poradce pro oběti," in r.stderr
    assert "resoc: upozornění: pohlaví: musí být jednou z hodnot" in r.stderr  # "ž": asked again
    shown = json.loads(ok("client", "show", "K0001", "--json"))
    assert (shown["sex"], shown["referral"], shown["status"]) == ("f", "court", "released")
