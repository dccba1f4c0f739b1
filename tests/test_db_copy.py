"""resoc db copy: a whole caseload from one database into another, file or server, either way;
the copied caseload answers as the source does; colliding codes are listed and nothing is
written (unless --prefix renames them); all or nothing, even when the process is killed."""

import json
import sqlite3

import pytest

#: Everything that describes a caseload, asked of source and target alike.
QUESTIONS = [["caseload", "--json"], ["check", "--json"], ["report", "year", "2026", "--json"],
             ["report", "month", "2026-11", "--json"], ["group", "list", "--json"],
             ["meeting", "list", "--json"], ["client", "list", "--all", "--json"],
             ["session", "list", "K0001", "--json"], ["family", "list", "K0006", "--json"],
             ["plan", "show", "K0001", "--json"]]  # fmt: skip


@pytest.fixture
def source(ok, tmp_path):
    """The example caseload with a group, a meeting, a consent, a closed and an erased client."""
    path = tmp_path / "kurator.db"
    ok("--db", str(path), "example")
    ok("--db", str(path), "group", "add", "SV-ZIMA", "--name", "Sociální výcvik, zima",
       "--programme", "adult")  # fmt: skip
    ok("--db", str(path), "group", "join", "SV-ZIMA", "K0007", "K0008", "--date", "2026-11-02")
    ok("--db", str(path), "meeting", "add", "SV-ZIMA", "--date", "2026-11-24", "--hours", "2",
       "--late", "K0008")  # fmt: skip
    ok("--db", str(path), "client", "consent", "K0002", "pms", "--given", "2026-03-02")
    ok("--db", str(path), "client", "add", "Pan Zavřený", "--born", "1970-01-01", "--sex", "m")
    ok("--db", str(path), "session", "add", "K0010", "--date", "2026-11-03", "--hours", "1")
    ok("--db", str(path), "client", "close", "K0010", "--date", "2026-11-04")
    ok("--db", str(path), "client", "erase", "K0010", "--yes")
    return str(path)


def answers(resoc, db: str) -> list:
    out = []
    for question in QUESTIONS:
        r = resoc("--db", db, *question)
        assert r.exception is None and r.exit_code in (0, 1), (question, r.stderr)
        out.append(json.loads(r.stdout))
    return out


def counts(resoc, db: str) -> dict:
    """Rows per table (files only: resoc db)."""
    r = resoc("--db", db, "db", "--json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)["counts"]


def trail(db: str) -> tuple[int, int, int]:
    """Audit rows, journal changes and clients of a file, read directly."""
    with sqlite3.connect(db) as conn:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("audit", "changes", "clients")
        )


# --- file to file -------------------------------------------------------------------------


def test_a_copy_into_a_new_file_answers_as_the_source(resoc, source, tmp_path):
    target = str(tmp_path / "nový" / "kopie.db")
    r = resoc("--db", source, "db", "copy", "--to", target)
    assert r.exit_code == 0, r.stderr
    assert r.stdout == (f"copied 10 clients, 93 sessions and 35 other records into {target}\n")
    assert answers(resoc, target) == answers(resoc, source)
    mine, theirs = counts(resoc, source), counts(resoc, target)
    for table in ("clients", "enrolments", "sessions", "family_members", "contacts",
                  "plan_needs", "plan_goals"):  # fmt: skip
        assert mine[table] == theirs[table] > 0, table
    erased = json.loads(resoc("--db", target, "client", "show", "K0010", "--json").stdout)
    assert erased["erased_date"] is not None and erased["name"] != "Pan Zavřený"


def test_the_target_records_the_copy_and_undo_takes_it_back_whole(resoc, ok, source, tmp_path):
    target = str(tmp_path / "kopie.db")
    ok("--db", target, "client", "add", "Rumcajs Loupežník", "--born", "1979-09-30", "--sex",
       "m", "--code", "R-1")  # fmt: skip
    before = trail(target)
    document = json.loads(ok("--db", source, "db", "copy", "--to", target, "--json"))
    assert document["copied"]["clients"] == 10 and document["reused"] == ["adult", "juvenile"]
    log = json.loads(ok("--db", target, "log", "--json"))
    copied = [e for e in log if e["command"] == "db copy"]
    assert len(copied) == 11  # one per client, one for the whole
    assert {e["record"] for e in copied if e["entity"] == "clients"} == {
        f"K{n:04d}" for n in range(1, 11)}  # fmt: skip
    assert copied[-1]["entity"] == "database" and copied[-1]["changes"]["clients"]["new"] == 10
    assert copied[0]["changes"]["source"]["new"] == source
    assert trail(target)[1] == before[1] + 1  # one change in the journal
    assert "ok" in ok("--db", target, "doctor").splitlines()[0]
    ok("--db", target, "undo", "--yes")
    assert trail(target)[2] == before[2]
    assert json.loads(ok("--db", target, "client", "list", "--json"))[0]["code"] == "R-1"
    # the next auto code is the target's own: above what it ever gave
    assert ok("--db", target, "client", "add", "Manka", "--born", "1983-01-17", "--sex", "f") \
        == "K0011"  # fmt: skip


def test_codes_the_target_has_are_listed_and_nothing_is_written(resoc, ok, source, tmp_path):
    target = str(tmp_path / "organizace.db")
    ok("--db", target, "client", "add", "Ferda", "--born", "1988-04-12", "--sex", "m", "--code",
       "k0002")  # fmt: skip
    ok("--db", target, "group", "add", "sv-zima", "--name", "Jiná skupina")
    before = trail(target), counts(resoc, target)
    r = resoc("--db", source, "db", "copy", "--to", target)
    assert r.exit_code == 4 and r.exception is None and r.stdout == ""
    assert r.stderr == (
        "resoc: error: 2 codes already exist in the target: K0002, SV-ZIMA; --prefix P renames"
        " them; nothing was copied\n"
    )
    assert (trail(target), counts(resoc, target)) == before


def test_prefix_renames_every_client_and_group_code(resoc, ok, source, tmp_path):
    target = str(tmp_path / "organizace.db")
    ok("--db", source, "db", "copy", "--to", target)
    document = json.loads(ok("--db", source, "db", "copy", "--to", target, "--prefix", "PV-",
                             "--json"))  # fmt: skip
    assert document["prefix"] == "PV-" and document["copied"]["clients"] == 10
    codes = [c["code"] for c in json.loads(ok("--db", target, "client", "list", "--all",
                                              "--json"))]  # fmt: skip
    assert sorted(codes) == sorted([f"K{n:04d}" for n in range(1, 11)]
                                   + [f"PV-K{n:04d}" for n in range(1, 11)])  # fmt: skip
    assert ok("--db", target, "hours", "PV-K0002") == "PV-" + ok("--db", source, "hours", "K0002")
    groups = json.loads(ok("--db", target, "group", "list", "--json"))
    assert sorted(g["code"] for g in groups) == ["PV-SV-ZIMA", "SV-ZIMA"]
    renamed = [e for e in json.loads(ok("--db", target, "log", "PV-K0003", "--json"))
               if e["command"] == "db copy"]  # fmt: skip
    assert renamed[0]["changes"]["code"] == {"old": "K0003", "new": "PV-K0003"}
    # the same prefix again: the renamed codes collide in turn
    again = resoc("--db", source, "db", "copy", "--to", target, "--prefix", "pv-")
    assert again.exit_code == 4
    assert again.stderr.startswith(
        "resoc: error: 11 codes with the prefix pv- already exist in the target: pv-K0001,"
    )


@pytest.mark.parametrize(
    ("prefix", "message"),
    [("-X", "--prefix: use letters, digits, '-' or '_', starting with a letter or digit"),
     ("Ř", "--prefix: use letters, digits, '-' or '_', starting with a letter or digit"),
     ("A" * 28, "--prefix: " + "A" * 28 + "K0001 would be longer than 32 characters")],
)  # fmt: skip
def test_a_prefix_that_makes_no_code_is_refused(resoc, source, tmp_path, prefix, message):
    target = tmp_path / "kopie.db"
    r = resoc("--db", source, "db", "copy", "--to", str(target), "--prefix", prefix)
    assert r.exit_code == 2 and r.stderr == f"resoc: error: {message}\n"
    assert not target.exists()


def test_a_programme_with_other_rules_collides_one_with_the_same_is_reused(resoc, ok, source,
                                                                           tmp_path):  # fmt: skip
    target = str(tmp_path / "organizace.db")
    ok("--db", target, "programme", "add", "otcove", "--name", "Otcové", "--min-hours", "10")
    ok("--db", source, "programme", "add", "otcove", "--name", "Otcové", "--min-hours", "12")
    r = resoc("--db", source, "db", "copy", "--to", target, "--prefix", "X")
    assert r.exit_code == 4 and r.stderr == (
        "resoc: error: programme otcove has other rules in the target; nothing was copied\n"
    )
    with sqlite3.connect(source) as conn:
        conn.execute("UPDATE programmes SET min_minutes = 600 WHERE code = 'otcove'")
    document = json.loads(ok("--db", source, "db", "copy", "--to", target, "--json"))
    assert document["reused"] == ["adult", "juvenile", "otcove"]
    assert document["copied"]["programmes"] == 0


def test_a_new_file_is_not_left_behind_when_the_copy_is_refused(resoc, source, tmp_path):
    with sqlite3.connect(source) as conn:
        conn.execute("UPDATE programmes SET min_minutes = 1700 WHERE code = 'adult'")
    target = tmp_path / "kopie.db"
    r = resoc("--db", source, "db", "copy", "--to", str(target))
    assert r.exit_code == 4 and "programme adult has other rules" in r.stderr
    assert list(tmp_path.glob("kopie.db*")) == []


def test_a_failure_midway_leaves_the_target_as_it_was(resoc, ok, source, tmp_path):
    target = str(tmp_path / "organizace.db")
    ok("--db", target, "client", "add", "Rumcajs", "--born", "1979-09-30", "--sex", "m")
    with sqlite3.connect(target) as conn:  # the 60th session copied is refused
        conn.execute(
            """CREATE TRIGGER boom BEFORE INSERT ON sessions
               WHEN (SELECT count(*) FROM sessions) >= 59
               BEGIN SELECT RAISE(ABORT, 'boom'); END"""
        )
    before = trail(target), counts(resoc, target)
    r = resoc("--db", source, "db", "copy", "--to", target, "--prefix", "X")
    assert r.exit_code == 5 and r.exception is None and len(r.stderr.splitlines()) == 1
    assert (trail(target), counts(resoc, target)) == before


def test_the_source_itself_a_missing_source_and_another_programs_file_are_refused(
    resoc, source, tmp_path
):
    same = resoc("--db", source, "db", "copy", "--to", str(tmp_path / "." / "kurator.db"))
    assert same.exit_code == 2 and same.stderr == (
        "resoc: error: db copy: the target is the source itself; nothing was copied\n"
    )
    missing = resoc("db", "copy", "--from", str(tmp_path / "nic.db"), "--to",
                    str(tmp_path / "kopie.db"))  # fmt: skip
    assert missing.exit_code == 5 and "no database at" in missing.stderr
    assert not (tmp_path / "nic.db").exists() and not (tmp_path / "kopie.db").exists()
    foreign = tmp_path / "recepty.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE recipes (title TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('buchty')")
    before = foreign.read_bytes()
    r = resoc("--db", source, "db", "copy", "--to", str(foreign))
    assert r.exit_code == 5 and "not a resoc database" in r.stderr
    assert foreign.read_bytes() == before


def test_from_names_the_source_and_db_stays_as_it_was(resoc, ok, source, tmp_path):
    target = str(tmp_path / "kopie.db")
    ok("db", "copy", "--from", source, "--to", target)
    assert counts(resoc, target)["clients"] == 10
    assert resoc("db").exit_code == 0 and json.loads(ok("db", "--json"))["counts"]["clients"] == 0


def test_columns_are_the_ones_both_have(resoc, ok, source, tmp_path):
    """No list of columns in the code: one the target lacks stays behind, one both have
    travels (a later migration's column needs no change to the copy)."""
    target = str(tmp_path / "kopie.db")
    ok("--db", target, "init")
    with sqlite3.connect(source) as conn:
        conn.execute("ALTER TABLE clients ADD COLUMN nickname TEXT")
        conn.execute("ALTER TABLE clients ADD COLUMN only_here TEXT")
        conn.execute("UPDATE clients SET nickname = 'Ferdík', only_here = 'x' WHERE code = 'K0001'")
    with sqlite3.connect(target) as conn:
        conn.execute("ALTER TABLE clients ADD COLUMN nickname TEXT")
    ok("--db", source, "db", "copy", "--to", target)
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT nickname FROM clients WHERE code = 'K0001'").fetchone() == (
            "Ferdík",
        )


def test_every_table_is_either_caseload_or_named_as_not_copied(conn):
    """The list of caseload tables and their references is the schema's: a table a later
    migration adds, or a reference, fails here until storage.copy names it."""
    from resoc_cli.storage.catalog import sqlite_catalog
    from resoc_cli.storage.copy import CASELOAD, NOT_COPIED

    catalog = sqlite_catalog(conn)
    names = [t.name for t in CASELOAD]
    assert set(catalog) - NOT_COPIED <= set(names)
    for position, table in enumerate(CASELOAD):
        if table.name not in catalog:
            continue
        declared = {(c, ref) for c, ref in table.refs.items()}
        found = {(c, ref) for c, ref, _col, _on in catalog[table.name]["foreign_keys"]}
        assert found == declared, table.name
        assert all(names.index(ref) < position for _c, ref in found), table.name
        assert ("id" in catalog[table.name]["columns"]) == table.own_id, table.name


def test_in_czech(resoc, ok, source, tmp_path):
    target = str(tmp_path / "kopie.db")
    r = resoc("--lang", "cs", "--db", source, "db", "copy", "--to", target)
    assert r.stdout == (f"zkopírováno do {target}: 10 klientů, 93 setkání a 35 dalších záznamů\n")
    again = resoc("--lang", "cs", "--db", source, "db", "copy", "--to", target)
    assert again.stderr.startswith(
        "resoc: error: 11 kódů už v cílové databázi existuje: K0001, K0002,"
    ) or again.stderr.startswith("resoc: chyba: 11 kódů už v cílové databázi existuje: K0001,")


# --- with a server ------------------------------------------------------------------------


def _server_counts(url: str) -> dict:
    import psycopg

    with psycopg.connect(url) as conn:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("clients", "sessions", "audit", "changes", "journal", "meetings")
        }


@pytest.mark.postgres
def test_file_to_server_and_back_answers_as_the_source(resoc, ok, source, pg_database,
                                                       tmp_path):  # fmt: skip
    from urllib.parse import urlsplit

    r = resoc("--db", source, "db", "copy", "--to", pg_database)
    assert r.exit_code == 0, r.stderr
    name = urlsplit(pg_database).path.lstrip("/")
    assert r.stdout == (
        f"copied 10 clients, 93 sessions and 35 other records into PostgreSQL database {name}\n"
    )
    assert "socket" not in r.stdout and "resoc_owner" not in r.stdout
    expected = answers(resoc, source)
    assert answers(resoc, pg_database) == expected
    back = str(tmp_path / "zpet.db")
    ok("db", "copy", "--from", pg_database, "--to", back)
    assert answers(resoc, back) == expected
    # the server's trail records the copy: one row per client and one for the whole
    log = json.loads(ok("--db", pg_database, "log", "--json"))
    assert sum(e["command"] == "db copy" for e in log) == 11
    ok("--db", pg_database, "undo", "--yes")
    assert _server_counts(pg_database)["clients"] == 0


@pytest.mark.postgres
def test_into_a_server_collisions_and_a_failure_midway_leave_it_as_it_was(resoc, ok, source,
                                                                         pg_database):  # fmt: skip
    import psycopg

    ok("--db", pg_database, "client", "add", "Rumcajs", "--born", "1979-09-30", "--sex", "m",
       "--code", "k0003")  # fmt: skip
    before = _server_counts(pg_database)
    r = resoc("--db", source, "db", "copy", "--to", pg_database)
    assert r.exit_code == 4 and r.stderr == (
        "resoc: error: 1 code already exists in the target: K0003; --prefix P renames them;"
        " nothing was copied\n"
    )
    with psycopg.connect(pg_database) as conn:  # the 60th session copied is refused
        conn.execute(
            """CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN
                 IF (SELECT count(*) FROM sessions) >= 59 THEN RAISE EXCEPTION 'boom'; END IF;
                 RETURN NEW;
               END $$;
               CREATE TRIGGER boom BEFORE INSERT ON sessions
                 FOR EACH ROW EXECUTE FUNCTION boom();"""
        )
    r = resoc("--db", source, "db", "copy", "--to", pg_database, "--prefix", "X")
    assert r.exit_code == 5 and r.exception is None and len(r.stderr.splitlines()) == 1
    assert "boom" not in r.stderr or "PostgreSQL" not in r.stderr
    assert _server_counts(pg_database) == before


@pytest.mark.postgres
def test_into_a_server_the_copying_login_is_responsible_into_a_file_workers_are_kept(
    resoc, ok, source, pg_database, tmp_path
):
    """Into a server, the login that copies is the responsible worker of what it copies, and
    shares (with the source's logins) stay behind; into a file both are kept as they were."""
    import psycopg

    with sqlite3.connect(source) as conn:
        conn.execute("UPDATE clients SET worker = 'manka'")
        conn.execute("INSERT INTO client_shares (client_id, worker) VALUES (1, 'ferda')")
    document = json.loads(ok("--db", source, "db", "copy", "--to", pg_database, "--json"))
    assert document["copied"]["client_shares"] == 0
    with psycopg.connect(pg_database) as conn:
        assert conn.execute("SELECT DISTINCT worker FROM clients").fetchall() == [("resoc_owner",)]
        assert conn.execute("SELECT count(*) FROM client_shares").fetchone() == (0,)
    target = str(tmp_path / "kopie.db")
    ok("--db", source, "db", "copy", "--to", target)
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT DISTINCT worker FROM clients").fetchall() == [("manka",)]
        assert conn.execute(
            "SELECT c.code, s.worker FROM client_shares s JOIN clients c ON c.id = s.client_id"
        ).fetchall() == [("K0001", "ferda")]


@pytest.mark.postgres
def test_a_server_database_into_itself_is_refused(resoc, ok, source, pg_database):
    ok("--db", source, "db", "copy", "--to", pg_database)
    before = _server_counts(pg_database)
    r = resoc("db", "copy", "--from", pg_database, "--to", pg_database, "--prefix", "X")
    assert r.exit_code == 2 and "the target is the source itself" in r.stderr
    assert _server_counts(pg_database) == before


# --- killed mid-copy ------------------------------------------------------------------------


def generated(tmp_path, clients: int, sessions: int) -> str:
    """A generated caseload (benchmarks/generate.py), big enough to be killed mid-copy."""
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "velky.db"
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"
    subprocess.run([sys.executable, str(script), "--clients", str(clients), "--sessions",
                    str(sessions), "--db", str(path), "--seed", "3"], check=True,
                   capture_output=True)  # fmt: skip
    return str(path)


def copying(source: str, target: str):
    import os
    import subprocess
    import sys

    argv = [sys.executable, "-m", "resoc_cli", "--db", source, "db", "copy", "--to", target]
    return subprocess.Popen(argv, env={**os.environ, "RESOC_LANG": "en"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip


def wait_until(condition, proc, timeout: float = 60.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline, "the copy never began"
        time.sleep(0.01)


def test_a_copy_killed_midway_leaves_the_target_file_as_it_was(resoc, ok, tmp_path):
    import signal
    import time

    source = generated(tmp_path, 400, 16000)
    target = str(tmp_path / "organizace.db")
    ok("--db", target, "client", "add", "Rumcajs", "--born", "1979-09-30", "--sex", "m",
       "--code", "R-1")  # fmt: skip
    before = trail(target), counts(resoc, target)

    def writing() -> bool:  # the copy holds the target's write lock
        conn = sqlite3.connect(target, timeout=0)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            conn.close()

    proc = copying(source, target)
    wait_until(writing, proc)
    time.sleep(0.2)
    assert proc.poll() is None, "the copy ended before it was killed: make the caseload bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert (trail(target), counts(resoc, target)) == before
    assert "ok" in ok("--db", target, "doctor").splitlines()[0]
    ok("--db", source, "db", "copy", "--to", target)  # and the copy can be made again
    assert counts(resoc, target)["clients"] == 401


@pytest.mark.postgres
def test_a_copy_killed_midway_leaves_the_server_as_it_was(resoc, ok, tmp_path, pg_database):
    import signal
    import time

    import psycopg

    from resoc_cli.storage.postgres import WRITE_LOCK

    source = generated(tmp_path, 100, 4000)
    ok("--db", pg_database, "client", "add", "Rumcajs", "--born", "1979-09-30", "--sex", "m",
       "--code", "R-1")  # fmt: skip
    before = _server_counts(pg_database)
    lock = """SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
              AND ((classid::bigint << 32) | objid::bigint) = %s"""

    def writing() -> bool:  # the copy holds resoc's write lock on the server
        with psycopg.connect(pg_database) as conn:
            return conn.execute(lock, (WRITE_LOCK,)).fetchone()[0] > 0

    proc = copying(source, pg_database)
    wait_until(writing, proc)
    time.sleep(0.5)
    assert proc.poll() is None, "the copy ended before it was killed: make the caseload bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    deadline = time.monotonic() + 30
    while writing():  # the server ends the dead client's transaction
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert _server_counts(pg_database) == before
    ok("--db", source, "db", "copy", "--to", pg_database)
    assert _server_counts(pg_database)["clients"] == 101


# --- a team on a server -------------------------------------------------------------------

from tests.teamkit import caseload_of  # noqa: E402 - the team fixture is conftest's


@pytest.mark.postgres
def test_a_worker_copies_their_file_in_and_what_they_may_see_out(team, ok, tmp_path):  # noqa: F811
    caseload_of(team, "bob", [("Manka Loupežnická", "1983-01-17", "3")])
    mine = str(tmp_path / "alice.db")
    ok("--db", mine, "client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("--db", mine, "enrol", "K0001", "adult", "--date", "2026-02-02")
    ok("--db", mine, "session", "add", "K0001", "--date", "2026-03-02", "--hours", "2")
    # bob's K0001 is not alice's to see, but its code is taken all the same
    refused = team.run("alice", "db", "copy", "--from", mine, "--to", team.url("alice"))
    assert refused.exit_code == 4 and "1 code already exists in the target: K0001" in (
        refused.stderr
    )
    moved = team.run("alice", "db", "copy", "--from", mine, "--to", team.url("alice"),
                     "--prefix", "A-")  # fmt: skip
    assert moved.exit_code == 0, moved.stderr
    assert team.sql("owner", "SELECT code, worker FROM clients ORDER BY code") == [
        ("A-K0001", team.login["alice"]), ("K0001", team.login["bob"])]  # fmt: skip
    # out again: a worker's copy holds what that worker may see, and nothing else
    out = str(tmp_path / "bob.db")
    assert team.run("bob", "db", "copy", "--to", out).exit_code == 0
    with sqlite3.connect(out) as conn:
        assert conn.execute("SELECT code, worker FROM clients").fetchall() == [
            ("K0001", team.login["bob"])]  # fmt: skip
        assert conn.execute("SELECT count(*) FROM sessions").fetchone() == (3,)
    lead = json.loads(team.run("lenka", "report", "year", "2026", "--json").stdout)
    assert lead["clients_total"] == 2


@pytest.mark.postgres
def test_a_server_database_of_another_program_is_refused_untouched(resoc, source, pg_database):
    import psycopg

    with psycopg.connect(pg_database) as conn:
        conn.execute("CREATE TABLE recipes (title text)")
    r = resoc("--db", source, "db", "copy", "--to", pg_database)
    assert r.exit_code == 5 and r.stderr == (
        "resoc: error: PostgreSQL: the database already holds tables that are not resoc's\n"
    )
    with psycopg.connect(pg_database) as conn:
        assert conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall() == [("recipes",)]
