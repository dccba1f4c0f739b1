"""resoc example: the caseload of examples/load.py, loaded in one process and one transaction.

The shell script is the reference: it is run once for the module (it takes most of a minute),
and every view of the caseload after ``resoc example`` must be the same document."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from resoc_cli import i18n

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

#: What the two caseloads are compared by: every JSON view a curator has of them.
QUERIES = [
    ["caseload", "--json"],
    ["check", "--json"],
    ["agenda", "--json"],
    ["session", "list", "--json"],
    ["family", "list", "K0006", "--json"],
    ["family", "list", "K0008", "--json"],
    ["contact", "list", "K0006", "--json"],
    ["client", "list", "--all", "--json"],
    ["programme", "list", "--json"],
    *(["plan", "show", f"K000{n}", "--json"] for n in range(1, 10)),
    *(["client", "show", f"K000{n}", "--json"] for n in range(1, 10)),
]


def environment(home: Path) -> dict:
    """The venv's resoc first on PATH, English, no database or config of the user's."""
    env = {k: v for k, v in os.environ.items() if k not in ("RESOC_DB", "RESOC_CONFIG")}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        RESOC_LANG="en",
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
    )
    return env


def run(args: list[str], home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, capture_output=True, text=True, env=environment(home), cwd=home, timeout=300
    )


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """``(shell, example, output)``: the database load.py made, the one ``resoc example``
    made, and what the latter printed (as a CompletedProcess)."""
    home = tmp_path_factory.mktemp("example")
    shell, example = home / "shell.db", home / "example.db"
    done = run([sys.executable, str(ROOT / "examples" / "load.py"), str(shell)], home)
    assert done.returncode == 0, done.stderr
    output = run([str(BIN / "resoc"), "--db", str(example), "example"], home)
    return shell, example, output


def test_it_says_what_it_loaded(loaded):
    _shell, example, output = loaded
    assert output.returncode == 0, output.stderr
    assert output.stdout == f"example loaded into {example}: 9 clients, 90 sessions\n"
    assert output.stderr == f"resoc: new database created at {example}\n"


@pytest.mark.parametrize("query", QUERIES, ids=" ".join)
def test_the_same_caseload_as_load_py(loaded, resoc, query):
    shell, example, _output = loaded
    expected = resoc("--db", str(shell), *query)
    got = resoc("--db", str(example), *query)
    assert got.exit_code == expected.exit_code, got.stderr
    assert json.loads(got.stdout) == json.loads(expected.stdout)


def test_the_same_changes_in_the_same_order(loaded, resoc):
    """The audit trail records the same changes one by one (so every id is the same), each
    made by ``example``; only the time and the command differ."""
    shell, example, _output = loaded

    def trail(path):
        rows = json.loads(resoc("--db", str(path), "log", "--json").stdout)
        return [{k: v for k, v in r.items() if k not in ("at", "command")} for r in rows], rows

    expected, _ = trail(shell)
    got, rows = trail(example)
    assert got == expected
    assert {r["command"] for r in rows} == {"example"}


def test_a_second_load_is_refused_and_changes_nothing(tmp_path):
    db = tmp_path / "twice.db"
    resoc = [str(BIN / "resoc"), "--db", str(db), "example"]
    assert run(resoc, tmp_path).returncode == 0
    before = dump(db)
    again = run(resoc, tmp_path)
    assert again.returncode == 4
    assert again.stdout == ""
    assert again.stderr == (
        "resoc: error: example: the database already holds clients; give another --db\n"
    )
    assert dump(db) == before


def test_a_database_with_any_client_is_refused(ok, resoc):
    ok("client", "add", "Manka Loupežnická", "--born", "1983-01-17", "--sex", "f")
    ok("client", "close", "K0001")
    refused = resoc("example")
    assert refused.exit_code == 4
    assert "already holds clients" in refused.stderr
    assert json.loads(ok("client", "list", "--all", "--json"))[0]["code"] == "K0001"


@pytest.mark.sqlite_only("watches the SQLite file during the load (server: test_postgres_cli)")
def test_the_load_is_one_transaction(resoc, ok, private_db, monkeypatch):
    """A failure at the very last step (Chroustík's son) leaves nothing behind."""
    from resoc_cli.domain.errors import Conflict
    from resoc_cli.services import family

    add_member = family.add_member

    def fail_on_the_last(conn, client, **values):
        if values["name"] == "Chroustíček Májový":
            raise Conflict("the disk said no")
        return add_member(conn, client, **values)

    monkeypatch.setattr(family, "add_member", fail_on_the_last)
    failed = resoc("example")
    assert failed.exit_code == 4
    assert failed.stderr == "resoc: error: the disk said no\n"
    with sqlite3.connect(private_db) as conn:
        for table in ("clients", "enrolments", "sessions", "family_members", "contacts"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
    assert json.loads(ok("log", "--json")) == []

    monkeypatch.setattr(family, "add_member", add_member)
    assert ok("example").endswith(": 9 clients, 90 sessions")


@pytest.mark.parametrize(
    ("n", "clients", "sessions"),
    [(1, "1 klient", "1 setkání"), (2, "2 klienti", "2 setkání"), (5, "5 klientů", "5 setkání")],
)
def test_the_counts_in_czech(n, clients, sessions):
    i18n.set_language("cs")
    try:
        assert i18n.ngettext("{n} client", "{n} clients", n).format(n=n) == clients
        assert i18n.ngettext("{n} session", "{n} sessions", n).format(n=n) == sessions
    finally:
        i18n.set_language("en")


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())
