"""The command line against a PostgreSQL server: resoc init makes the schema (once, in one
transaction), the commands that work on a file only so far say so in one line and touch
nothing, and no message shows the connection string or the server's own words."""

import os

import pytest

pytestmark = pytest.mark.postgres


def test_init_makes_the_schema_once(resoc, pg_database):
    import psycopg

    first = resoc("--db", pg_database, "init")
    assert first.exit_code == 0, first.stderr
    from urllib.parse import urlsplit

    name = urlsplit(pg_database).path.lstrip("/")
    assert first.stdout == f"database ready: PostgreSQL database {name} (schema 8)\n"
    assert resoc("--db", pg_database, "init").stdout == first.stdout  # idempotent
    with psycopg.connect(pg_database) as conn:
        assert conn.execute("SELECT count(*) FROM programmes").fetchone() == (2,)
        assert conn.execute("SELECT version FROM schema_version").fetchone() == (8,)


def test_in_czech_and_through_resoc_db(resoc, pg_database, monkeypatch):
    monkeypatch.setenv("RESOC_DB", pg_database)
    r = resoc("--lang", "cs", "init")
    assert r.exit_code == 0 and r.stdout.startswith("databáze připravena: databáze PostgreSQL")


def test_what_works_on_a_file_only_says_so_and_creates_nothing(resoc, pg_database, tmp_path,
                                                               monkeypatch):  # fmt: skip
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    resoc("--db", pg_database, "init")
    for args in (["caseload"], ["hours", "K0001"], ["client", "add", "Ferda Mravenec",
                 "--born", "1988-04-12", "--sex", "m"], ["caseload", "--json"]):  # fmt: skip
        r = resoc("--db", pg_database, *args)
        assert r.exit_code == 5, (args, r.stdout, r.stderr)
        assert r.stderr == (
            "resoc: error: PostgreSQL: this command works on a SQLite file only so far"
            " (on a server: resoc init)\n"
        )
    assert os.listdir(here) == []  # no file called "postgresql:"


def test_a_connection_that_fails_shows_neither_the_url_nor_the_servers_words(resoc, pg_server):
    secret = pg_server.conninfo("no_such_db", user="resoc_owner:Tajn3Heslo")
    r = resoc("--db", secret, "init")
    assert r.exit_code == 5 and len(r.stderr.splitlines()) == 1
    assert "Tajn3Heslo" not in r.stderr and "no_such_db" not in r.stderr
    assert "socket" not in r.stderr and "FATAL" not in r.stderr
    assert r.stderr.startswith("resoc: error: cannot connect to the PostgreSQL server: ")


def test_a_database_with_other_tables_is_refused_untouched(resoc, pg_database):
    import psycopg

    with psycopg.connect(pg_database) as conn:
        conn.execute("CREATE TABLE recipes (title text)")
    r = resoc("--db", pg_database, "init")
    assert r.exit_code == 5 and "not resoc's" in r.stderr
    with psycopg.connect(pg_database) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    assert tables == [("recipes",)]


def test_the_quick_path_refuses_a_server_too(pg_database):
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "resoc_cli", "--db", pg_database, "hours",
                        "K0001"], capture_output=True, text=True)  # fmt: skip
    assert r.returncode == 5 and "SQLite file only so far" in r.stderr
    assert "Traceback" not in r.stderr
