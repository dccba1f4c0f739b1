"""Shell completion: the spec matches the app, values come from the database, and the bash
script works after the documented one-line set-up."""

import os
import subprocess
import sys

import pytest

from resoc_cli import completion_spec
from resoc_cli.completion import answer
from resoc_cli.tree import build_spec, commands_help, root

pytestmark = pytest.mark.sqlite_only("shell completion reads the SQLite file itself")


def test_spec_is_generated_from_the_app():
    spec, globals_ = build_spec(root())
    assert spec == completion_spec.SPEC, "run: python -m resoc_cli.tree"
    assert globals_ == completion_spec.GLOBAL_OPTIONS


@pytest.fixture
def caseload(ok):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("client", "add", "Manka Loupežnická", "--born", "1983-01-17", "--sex", "f")
    ok("family", "add", "K0002", "Cipísek Loupežník", "--relation", "child")
    closed = ok("client", "add", "Šnek Pomalý", "--born", "1970-05-05", "--sex", "m")
    ok("client", "close", closed)


def complete(capsys, shell, *words):
    assert answer(list(words), shell) == 0
    return capsys.readouterr().out.splitlines()


def test_commands_and_subcommands(capsys):
    top = complete(capsys, "bash", "")
    assert {"client", "hours", "check", "agenda", "export", "--db"} <= set(top)
    assert complete(capsys, "bash", "cl") == ["client"]
    assert complete(capsys, "bash", "client", "e") == ["edit", "erase"]


def test_client_codes_with_names_open_clients_only(capsys, caseload):
    assert complete(capsys, "fish", "hours", "") == [
        "K0001\tFerda Mravenec",
        "K0002\tManka Loupežnická",
    ]
    assert complete(capsys, "zsh", "check", "K") == [
        "K0001:Ferda Mravenec",
        "K0002:Manka Loupežnická",
    ]
    assert complete(capsys, "bash", "hours", "K0002") == ["K0002"]
    assert complete(capsys, "fish", "hours", "loupez") == ["K0002\tManka Loupežnická"]


def test_programmes_members_and_choices(capsys, caseload):
    assert complete(capsys, "bash", "enrol", "K0001", "") == ["adult", "juvenile"]
    assert complete(capsys, "fish", "session", "add", "K0002", "--with", "") == [
        "1\tCipísek Loupežník (child)"
    ]
    assert complete(capsys, "bash", "session", "add", "K0001", "--attendance", "") == [
        "attended",
        "late",
        "excused",
        "no-show",
    ]
    assert "--attendance" in complete(capsys, "bash", "session", "add", "K0001", "--att")
    # codes carry their Czech names, and a part of the Czech name finds the code
    assert complete(capsys, "fish", "session", "add", "K0001", "--attendance", "no") == [
        "no-show\tneomluvená neúčast"
    ]
    assert complete(capsys, "bash", "plan", "need", "K0001", "bydl") == ["housing"]
    assert complete(capsys, "zsh", "family", "add", "K0001", "X", "--relation", "dít") == [
        "child:dítě"
    ]
    # a date completes to the words the date parser reads, never to file names
    from datetime import date, timedelta

    today, yesterday = date.today(), date.today() - timedelta(days=1)
    assert complete(capsys, "fish", "session", "add", "K0001", "--date", "") == [
        f"today\t{today.isoformat()}",
        f"yesterday\t{yesterday.isoformat()}",
    ]
    assert complete(capsys, "bash", "session", "add", "K0001", "--date", "y") == ["yesterday"]


def test_dates_complete_to_czech_words_in_czech(capsys, monkeypatch):
    monkeypatch.setenv("RESOC_LANG", "cs")
    assert complete(capsys, "bash", "session", "add", "K0001", "--date", "") == ["dnes", "včera"]


def test_a_part_of_a_name_keeps_what_was_typed_in_bash(capsys, ok):
    """bash puts the candidates' common beginning in place of the word: "per" must stay and
    the clients it found be listed with their names, not become "K000"."""
    ok("client", "add", "Pepík Perník", "--born", "1988-04-12", "--sex", "m")
    ok("client", "add", "Anča Perníková", "--born", "1983-01-17", "--sex", "f")
    ok("client", "add", "Ferda Mravenec", "--born", "1983-01-17", "--sex", "m")
    assert complete(capsys, "bash", "hours", "pern") == [
        "pern",
        "K0001 (Pepík Perník)",
        "K0002 (Anča Perníková)",
    ]
    # one match is completed to its code, as before
    assert complete(capsys, "bash", "hours", "mrav") == ["K0003"]
    # codes typed from their beginning complete as codes
    assert complete(capsys, "bash", "hours", "K") == ["K0001", "K0002", "K0003"]


def test_powershell_script_and_protocol(capsys, caseload):
    from resoc_cli.completion import SCRIPTS

    assert "Register-ArgumentCompleter -Native -CommandName resoc" in SCRIPTS["powershell"]
    assert "_RESOC_COMPLETE = 'powershell'" in SCRIPTS["powershell"]
    assert complete(capsys, "powershell", "hours", "") == [
        "K0001\tFerda Mravenec",
        "K0002\tManka Loupežnická",
    ]
    assert complete(capsys, "powershell", "completion", "p") == ["powershell"]


def test_ids_complete_from_the_database_newest_first(capsys, caseload, ok):
    ok("session", "add", "K0001", "--date", "2026-03-02", "--hours", "1", "--activity",
       "consultation")  # fmt: skip
    ok("session", "add", "K0002", "--date", "2026-03-03", "--hours", "1", "--activity",
       "consultation")  # fmt: skip
    assert complete(capsys, "fish", "session", "delete", "") == [
        "2\t2026-03-03 K0002 consultation",
        "1\t2026-03-02 K0001 consultation",
    ]
    ok("plan", "goal", "K0001", "debts", "Splátkový kalendář")
    assert complete(capsys, "fish", "plan", "done", "K0001", "") == ["1\tdebts: Splátkový kalendář"]
    assert complete(capsys, "fish", "plan", "done", "K0002", "") == []
    # a member id with no client on the line: every member, with the client's code
    assert complete(capsys, "fish", "family", "delete", "") == [
        "1\tCipísek Loupežník (child, K0002)"
    ]
    ok("group", "add", "SV-JARO", "--name", "Jarní skupina")
    assert complete(capsys, "fish", "group", "show", "") == ["SV-JARO\tJarní skupina"]
    assert complete(capsys, "fish", "group", "add", "") == []  # a new code: nothing to offer


def test_db_option_and_a_missing_database(capsys, caseload, private_db, tmp_path, monkeypatch):
    monkeypatch.delenv("RESOC_DB")
    assert complete(capsys, "bash", "--db", str(private_db), "hours", "") == ["K0001", "K0002"]
    assert complete(capsys, "bash", "--db", str(tmp_path / "none.db"), "hours", "") == []
    assert not (tmp_path / "none.db").exists()  # completion never creates a database


def test_bash_after_the_documented_set_up(caseload, private_db):
    resoc = os.path.join(os.path.dirname(sys.executable), "resoc")
    script = (
        'eval "$(resoc completion bash)"\n'
        'COMP_WORDS=(resoc hours ""); COMP_CWORD=2; _resoc_complete\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
        "COMP_WORDS=(resoc cli); COMP_CWORD=1; _resoc_complete\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {
        **os.environ,
        "PATH": f"{os.path.dirname(resoc)}:{os.environ['PATH']}",
        "RESOC_DB": str(private_db),
    }
    r = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["K0001", "K0002", "client"]


def test_clients_offered_are_capped_and_wildcards_are_literal(capsys, ok, monkeypatch):
    monkeypatch.setattr("resoc_cli.completion.MAX_CLIENTS", 2)
    for name in ("Ferda Mravenec", "Manka Loupežnická", "Cipísek Lesní"):
        ok("client", "add", name, "--born", "1990-01-01", "--sex", "m")
    assert complete(capsys, "bash", "hours", "") == ["K0001", "K0002"]
    assert complete(capsys, "bash", "hours", "K%") == []  # % is not a wildcard
    assert complete(capsys, "bash", "hours", "K_00") == []
    assert complete(capsys, "fish", "hours", "lesn") == ["K0003\tCipísek Lesní"]


def test_the_root_lists_every_command_with_its_own_help_text():
    """``resoc --help`` lists the commands from commands_help.py without loading their
    modules: it must say what each module's own help says."""
    from resoc_cli.commands_help import HELP

    assert commands_help(root()) == HELP, "run: python -m resoc_cli.tree"
