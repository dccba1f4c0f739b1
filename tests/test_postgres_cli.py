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
    from resoc_cli.storage.db import latest_version

    assert first.stdout == (
        f"database ready: PostgreSQL database {name} (schema {latest_version()})\n"
    )
    assert resoc("--db", pg_database, "init").stdout == first.stdout  # idempotent
    with psycopg.connect(pg_database) as conn:
        assert conn.execute("SELECT count(*) FROM programmes").fetchone() == (2,)
        assert conn.execute("SELECT version FROM schema_version").fetchone() == (latest_version(),)


def test_in_czech_and_through_resoc_db(resoc, pg_database, monkeypatch):
    monkeypatch.setenv("RESOC_DB", pg_database)
    r = resoc("--lang", "cs", "init")
    assert r.exit_code == 0 and r.stdout.startswith("databáze připravena: databáze PostgreSQL")


def test_what_works_on_a_file_only_says_so_and_creates_nothing(resoc, pg_database, tmp_path,
                                                               monkeypatch):  # fmt: skip
    """Every command works on a server now (tests/test_postgres_port.py); one not yet made
    to (PORTED) is refused in one line before anything is opened."""
    from resoc_cli.storage import postgres

    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    resoc("--db", pg_database, "init")
    monkeypatch.setattr(postgres, "PORTED", postgres.PORTED - {"doctor", "client erase"})
    for args in (["doctor"], ["client", "erase", "K0001", "--yes"]):
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


#: What a curator types in the first week, mistakes included: on a server every answer (the
#: output, the refusals, the exit codes, the JSON) is the one a SQLite file gives.
SCENARIO = [
    ["client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m", "--status",
     "released", "--release", "2026-01-02", "--referral", "pms"],
    ["client", "add", "Manka Loupežnická", "--born", "1983-01-17", "--sex", "f"],
    ["client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m"],  # a duplicate
    ["client", "add", "Cipísek", "--born", "2999-01-01", "--sex", "m"],
    ["client", "add", "Rumcajs", "--born", "1979-09-30", "--sex", "m", "--code", "k0002"],
    ["client", "list"], ["client", "list", "--json"], ["client", "show", "K0001", "--json"],
    ["client", "show", "loupez"], ["client", "show", "K0404"],
    ["enrol", "K0001", "adult", "--date", "2026-01-05"],
    ["enrol", "K0001", "adult", "--date", "2026-01-05"],  # already enrolled
    ["enrol", "K0002", "nic"],
    ["session", "add", "K0001", "--date", "2026-01-06", "--hours", "2.5"],
    ["session", "add", "mravenec", "--date", "2026-01-13", "--hours", "1:30", "--attendance",
     "late", "--activity", "konz"],
    ["session", "add", "K0001", "--date", "2025-12-01", "--hours", "2"],  # before the enrolment
    ["session", "add", "K0001", "--date", "2026-02-30", "--hours", "2"],
    ["session", "add", "K0002", "--date", "2026-01-06", "--minutes", "45", "--attendance",
     "excused"],
    ["session", "list", "K0001"], ["session", "list", "K0001", "--json"],
    ["session", "list", "K0001", "--month", "2026-01"],
    ["hours", "K0001"], ["hours", "K0001", "--json"], ["hours", "K0001", "--by", "month"],
    ["hours", "K0002"], ["check", "K0001"], ["check", "--json"], ["check", "K0002"],
    ["caseload"], ["caseload", "--json"],
    ["--lang", "cs", "caseload"], ["--lang", "cs", "hours", "K0001"],
    ["client", "edit", "K0001", "--note", "Přestěhoval se"], ["client", "edit", "K0001"],
    ["family", "add", "K0001", "Cipísek", "--relation", "dite", "--born", "2018-03-03"],
    ["family", "add", "K0001", "Beruška", "--relation", "partnerka"],
    ["family", "list", "K0001"], ["family", "list", "K0001", "--json"],
    ["family", "edit", "2", "--note", "Ve výkonu trestu"],
    ["contact", "add", "K0001", "--member", "1", "--date", "2026-01-20", "--kind", "telefon",
     "--minutes", "20"],
    ["contact", "add", "K0001", "--member", "7", "--date", "2026-01-20", "--kind", "phone"],
    ["contact", "list", "K0001"], ["contact", "edit", "1", "--minutes", "30"],
    ["session", "add", "K0001", "--date", "2026-01-21", "--hours", "2", "--with", "1"],
    ["session", "edit", "1", "--hours", "3", "--note", "Oprava"], ["session", "delete", "3",
     "--yes"], ["session", "delete", "99", "--yes"],
    ["plan", "need", "K0001", "bydleni"], ["plan", "need", "K0001", "dluh"],
    ["plan", "goal", "K0001", "bydlení", "Najít podnájem", "--date", "2026-01-08"],
    ["plan", "goal", "K0001", "debts", "Splátkový kalendář", "--due", "2026-01-01",
     "--date", "2026-01-08"],
    ["plan", "agree", "K0001", "--date", "2026-01-08"], ["plan", "review", "K0001", "--date",
     "2026-02-08"], ["plan", "done", "K0001", "1", "--outcome", "splneno", "--date",
     "2026-02-10"], ["plan", "done", "K0001", "1", "--date", "2026-02-10"],
    ["plan", "reopen", "K0001", "1"], ["plan", "edit", "K0001", "1", "--text", "Najít byt"],
    ["plan", "show", "K0001"], ["plan", "show", "K0001", "--json"], ["check", "K0001"],
    ["programme", "add", "otcove", "--name", "Otcové", "--min-hours", "10"],
    ["programme", "list"], ["programme", "list", "--json"],
    ["group", "add", "SV", "--name", "Sociální výcvik", "--programme", "adult"],
    ["group", "join", "SV", "K0001", "K0002", "--date", "2026-01-05"],
    ["group", "join", "SV", "K0001", "--date", "2026-01-06"], ["group", "list"],
    ["meeting", "add", "SV", "--date", "2026-01-12", "--hours", "2", "--late", "K0002"],
    ["meeting", "add", "SV", "--date", "2026-01-19", "--hours", "2", "--absent", "K0002"],
    ["meeting", "list"], ["meeting", "show", "1", "--json"], ["meeting", "edit", "1",
     "--hours", "2.5"], ["meeting", "mark", "1", "K0002", "--attendance", "excused"],
    ["group", "show", "SV"], ["group", "leave", "SV", "K0002", "--date", "2026-01-20"],
    ["meeting", "delete", "2", "--yes"],
    ["enrolment", "edit", "K0001", "--date", "2026-01-07"],
    ["enrolment", "edit", "K0001", "--date", "2026-01-05"],
    ["hours", "K0001", "--by", "activity", "--json"], ["caseload", "--json"],
    ["report", "month", "2026-01"], ["report", "month", "2026-01", "--json"],
    ["report", "year", "2026", "--json"], ["--lang", "cs", "report", "year", "2026"],
    ["undo", "--yes"], ["undo", "--yes"],
    ["drop", "K0001", "--date", "2026-03-01"], ["complete", "K0001"],
    ["client", "close", "K0002", "--date", "2026-03-02"], ["client", "list", "--all"],
    # a session with two family members deleted and put back (the members after it)
    ["client", "add", "Křemílek Pařezový", "--born", "2001-05-05", "--sex", "m"],
    ["session", "add", "K0003", "--date", "2026-01-22", "--hours", "1"],
    ["enrol", "K0003", "adult", "--date", "2026-01-05"],
    ["family", "add", "K0003", "Křemílek", "--relation", "child"],
    ["family", "add", "K0003", "Vochomůrka", "--relation", "child"],
    ["session", "add", "K0003", "--date", "2026-01-23", "--hours", "1", "--with", "3", "--with",
     "4"],
    ["session", "list", "K0003", "--json"], ["session", "edit", "11", "--with", "4"],
    ["session", "list", "K0003", "--json"], ["undo", "--yes"],
    ["session", "list", "K0003", "--json"], ["session", "delete", "11", "--yes"],
    ["undo", "--yes"], ["session", "list", "K0003", "--json"], ["undo", "--yes"],
    # codes that sort differently by ICU's rules than by SQLite's NOCASE
    ["client", "add", "Rumcajs Loupežník", "--born", "1979-09-30", "--sex", "m", "--code",
     "ab-1"],
    ["client", "add", "Manka Loupežnice", "--born", "1980-09-30", "--sex", "f", "--code", "AB_1"],
    ["client", "add", "Cipísek Loupežník", "--born", "2015-09-30", "--sex", "m", "--code", "ab1"],
    ["client", "list", "--json"], ["caseload", "--json"], ["client", "show", "ab_1"],
]  # fmt: skip


def _timeless(text: str) -> str:
    """The output without the moments it names (the two runs are minutes apart)."""
    import re

    return re.sub(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?", "…", text)


def _anyone(text: str) -> str:
    """The output without who wrote it: on a server a client has a responsible worker (the
    login that added it; none in a file) and the trail names the login (the OS user there)."""
    import re

    text = re.sub(r'"worker": (null|"[^"]*")', '"worker": "…"', text)
    text = re.sub(r"^worker +\S+ *\n", "", text, flags=re.MULTILINE)
    return re.sub(r" +$", "", text, flags=re.MULTILINE)  # the padding to the widest value


def _answers(resoc, db: str) -> list[tuple]:
    out = []
    for args in SCENARIO:
        r = resoc("--db", db, *args)
        assert r.exception is None, (args, r.exception)
        stderr = r.stderr.replace(db, "DB")
        out.append((args, r.exit_code, _anyone(_timeless(r.stdout)), _timeless(stderr)))
    return out


def test_the_commands_on_a_server_answer_as_on_a_file(resoc, pg_database, tmp_path):
    resoc("--db", pg_database, "init")
    lite = tmp_path / "lite.db"
    resoc("--db", str(lite), "init")
    on_file, on_server = _answers(resoc, str(lite)), _answers(resoc, pg_database)
    assert any(code == 0 for _, code, _, _ in on_server)
    assert {code for _, code, _, _ in on_server} >= {0, 1, 2, 3, 4}
    for file_answer, server_answer in zip(on_file, on_server, strict=True):
        assert server_answer == file_answer


def _resoc_process(url: str, *args: str):
    import subprocess
    import sys

    return subprocess.Popen([sys.executable, "-m", "resoc_cli", "--db", url, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


def _at_once(url: str, commands: list[list[str]]) -> list[tuple[int, str, str]]:
    """Every command as its own process, all started at once; (exit code, stdout, stderr)."""
    procs = [_resoc_process(url, *args) for args in commands]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        results.append((p.returncode, out, err))
    return results


def _counts(url: str) -> dict[str, int]:
    """The number of rows of every table of the database."""
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [t for (t,) in conn.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")]  # fmt: skip
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _chain(url: str) -> tuple[int, object]:
    from resoc_cli.storage import audit
    from resoc_cli.storage.server import open_server

    server = open_server(url, create=False)
    try:
        return audit.verify(server)
    finally:
        server.close()


def test_ten_workers_writing_at_once_lose_nothing(pg_database):
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "resoc_cli", "--db", pg_database, "init"], check=True,
                   capture_output=True)  # fmt: skip
    results = _at_once(pg_database, [
        ["client", "add", f"Mravenec Číslo{n}", "--born", "1980-01-01", "--sex", "m"]
        for n in range(10)
    ])  # fmt: skip
    assert [code for code, _, _ in results] == [0] * 10, results
    assert sorted(out.strip() for _, out, _ in results) == [f"K{n:04d}" for n in range(1, 11)]
    # then ten writers of different kinds at once, on the same clients and the same group
    for n in range(1, 11):
        assert _at_once(pg_database, [["enrol", f"K{n:04d}", "adult", "--date",
                                       "2026-01-05"]])[0][0] == 0  # fmt: skip
    group = ["group", "add", "SV", "--name", "Výcvik", "--programme", "adult"]
    assert _at_once(pg_database, [group])[0][0] == 0
    mixed = [["session", "add", f"K{n:04d}", "--date", "2026-01-06", "--hours", "1"]
             for n in range(1, 5)]  # fmt: skip
    mixed += [["group", "join", "SV", f"K{n:04d}", "--date", "2026-01-05"] for n in range(5, 8)]
    mixed += [["family", "add", f"K{n:04d}", "Beruška", "--relation", "partner"]
              for n in range(8, 10)]  # fmt: skip
    mixed += [["client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m"]]
    results = _at_once(pg_database, mixed)
    assert [code for code, _, _ in results] == [0] * 10, results
    assert not any("busy" in err for _, _, err in results), results
    counts = _counts(pg_database)
    assert (counts["clients"], counts["sessions"], counts["group_members"],
            counts["family_members"]) == (11, 4, 3, 2)  # fmt: skip
    assert counts["audit"] == 10 + 10 + 1 + 10
    assert _chain(pg_database) == (31, None)  # one unbroken hash chain under concurrent writers


def _holds_the_write_lock(pg_server, database: str) -> bool:
    """Whether a session on ``database`` holds resoc's write lock (a write is under way)."""
    import psycopg

    from resoc_cli.storage.postgres import WRITE_LOCK

    with psycopg.connect(pg_server.conninfo()) as conn:
        held = conn.execute(
            """SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
               WHERE l.locktype = 'advisory' AND l.granted AND d.datname = %s
                 AND (l.classid::bigint << 32) + l.objid::bigint = %s""",
            (database, WRITE_LOCK),
        ).fetchone()[0]
    return held > 0


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.2])
def test_a_client_killed_in_the_middle_of_a_long_write_leaves_nothing(pg_server, pg_database,
                                                                     delay):  # fmt: skip
    """``resoc example`` (one transaction of a few hundred statements) SIGKILLed while it
    holds the write lock: the server rolls it all back, and the next writer goes on."""
    import signal
    import time
    from urllib.parse import urlsplit

    name = urlsplit(pg_database).path.lstrip("/")
    assert _at_once(pg_database, [["init"]])[0][0] == 0
    before = _counts(pg_database)
    proc = _resoc_process(pg_database, "example")
    deadline = time.monotonic() + 60
    while not _holds_the_write_lock(pg_server, name):
        assert proc.poll() is None, proc.communicate()  # it must not finish before the kill
        assert time.monotonic() < deadline
        time.sleep(0.002)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL  # killed, not finished
    assert _counts(pg_database) == before  # not one row of it, journal and audit included
    # the lock died with the client: the next writer is not held off, and the whole load lands
    code, out, err = _at_once(pg_database, [["example"]])[0]
    assert code == 0 and "busy" not in err, err
    after = _counts(pg_database)
    assert (after["clients"], after["sessions"]) == (9, 90)  # the whole example
    assert _chain(pg_database) == (after["audit"], None)


def test_the_quick_path_hands_a_server_to_the_full_command_line(pg_database):
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "resoc_cli", "--db", pg_database, "init"], check=True,
                   capture_output=True)  # fmt: skip
    r = subprocess.run([sys.executable, "-m", "resoc_cli", "--db", pg_database, "hours",
                        "K0001"], capture_output=True, text=True)  # fmt: skip
    assert r.returncode == 3 and "Traceback" not in r.stderr
    assert len(r.stderr.splitlines()) == 1 and r.stderr.startswith("resoc: error: ")


def test_the_example_on_a_server_is_the_example_on_a_file(resoc, pg_database, tmp_path):
    from urllib.parse import urlsplit

    lite = str(tmp_path / "example.db")
    on_file, on_server = resoc("--db", lite, "example"), resoc("--db", pg_database, "example")
    assert on_server.exit_code == on_file.exit_code == 0, on_server.stderr
    name = urlsplit(pg_database).path.lstrip("/")
    assert on_server.stdout == on_file.stdout.replace(lite, name)
    for args in (["caseload", "--json"], ["report", "year", "2026", "--json"], ["agenda"],
                 ["check"], ["log", "--json"]):  # fmt: skip
        server, file = resoc("--db", pg_database, *args), resoc("--db", lite, *args)
        import re

        def timeless(text: str, worker: str) -> str:
            """The moment each was written differs, and who wrote it (the OS user of a file,
            the login on a server), nothing else."""
            text = re.sub(r'"at": "[^"]+"', '"at": "…"', text)
            return text.replace(f'"worker": "{worker}"', '"worker": "…"')

        from resoc_cli.storage.db import os_user

        assert (server.exit_code, timeless(server.stdout, "resoc_owner")) == (
            file.exit_code, timeless(file.stdout, os_user())), args  # fmt: skip
    assert resoc("--db", pg_database, "example").exit_code == 4  # only into an empty caseload


def test_libpq_keywords_name_a_server_not_a_file(resoc, tmp_path, monkeypatch):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    r = resoc("--db", f"host={tmp_path}/nosocket dbname=caseload password=Tajn3Heslo", "init")
    assert r.exit_code == 5 and "Tajn3Heslo" not in r.stderr + r.stdout
    assert r.stderr.startswith("resoc: error: cannot connect to the PostgreSQL server: ")
    assert os.listdir(here) == []  # no file named after the connection string


def test_a_login_without_rights_is_told_so(resoc, pg_server, pg_database):
    import psycopg

    assert resoc("--db", pg_database, "init").exit_code == 0
    with psycopg.connect(pg_server.conninfo(), autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS clerk")
        conn.execute("CREATE ROLE clerk LOGIN")
    from urllib.parse import urlsplit

    name = urlsplit(pg_database).path.lstrip("/")
    clerk = pg_server.conninfo(name, user="clerk")
    for args in (["client", "list"], ["client", "add", "Ferda Mravenec", "--born", "1988-04-12",
                 "--sex", "m"], ["init"]):  # fmt: skip
        r = resoc("--db", clerk, *args)
        assert r.exit_code == 5, (args, r.stderr)
        assert r.stderr == (
            "resoc: error: PostgreSQL: this login may not use resoc's tables (ask the"
            " database's owner)\n"
        ), args


def test_a_writer_waits_for_the_write_lock_at_most_five_seconds(resoc, pg_database):
    import time

    import psycopg

    from resoc_cli.storage.postgres import WRITE_LOCK

    assert resoc("--db", pg_database, "init").exit_code == 0
    with psycopg.connect(pg_database) as holder:
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        start = time.monotonic()
        r = resoc("--db", pg_database, "client", "add", "Ferda Mravenec", "--born", "1988-04-12",
                  "--sex", "m")  # fmt: skip
        waited = time.monotonic() - start
    assert r.exit_code == 5 and "busy" in r.stderr and 4 < waited < 30, (r.stderr, waited)
    assert resoc("--db", pg_database, "client", "list", "--json").stdout == "[]\n"


def test_clients_of_one_name_come_in_the_same_order_on_both_engines(resoc, pg_database, tmp_path):
    """The caseload sorts by name in Czech order; clients of the same name keep the order of
    their records (the query orders by id), not whatever order a join on the server happens to
    give (a generated organisation of 2,000 clients came out in another order)."""
    import sqlite3

    lite = tmp_path / "same.db"
    assert resoc("--db", str(lite), "init").exit_code == 0
    with sqlite3.connect(lite) as raw:
        raw.executemany(
            "INSERT INTO clients (code, name, born, sex, created) VALUES (?, ?, ?, 'm', ?)",
            [(f"S{n:04d}", "Josef Pokusný", f"19{50 + n % 40}-01-{1 + n % 28:02d}", "2026-01-01")
             for n in range(1500)],
        )  # fmt: skip
        raw.executemany(
            "INSERT INTO enrolments (client_id, programme_id, start_date) VALUES (?, 1, ?)",
            [(n, "2026-01-05") for n in range(1, 1501, 2)],
        )
        raw.execute(
            "INSERT INTO sessions (client_id, enrolment_id, date, minutes, activity, attendance)"
            " SELECT client_id, id, '2026-02-02', 60 + id % 7, 'social-training', 'attended'"
            " FROM enrolments"
        )
    copied = resoc("--db", str(lite), "db", "copy", "--to", pg_database)
    assert copied.exit_code == 0, copied.stderr
    on_file = resoc("--db", str(lite), "caseload", "--json")
    on_server = resoc("--db", pg_database, "caseload", "--json")
    assert on_file.exit_code == on_server.exit_code == 0
    assert on_server.stdout == on_file.stdout
