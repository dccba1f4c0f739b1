"""The commands that worked on a SQLite file only, now on a server: db, doctor, retention,
client consent and erase, export, import, print; backup and restore say in one line that a
server's backups are its owner's. Each is run on a file and on a server and compared; where a
guarantee differs (erasure and dead row versions, the checks that belong to a file, backups),
the test pins how the command says so."""

import json
import os
import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.postgres

CLIENTS_CSV = (
    "name,born,sex,referral,status,programme,start_date\n"
    "Ferda Mravenec,1988-04-12,m,pms,released,adult,2026-01-05\n"
    "Manka Loupežnická,17.1.1983,f,self,,adult,2026-01-05\n"
    "Rumcajs Loupežník,1979-09-30,m,court,,,\n"
)
SESSIONS_CSV = (
    "date,client,minutes,activity,attendance,note\n"
    "2026-01-06,K0001,120,social-training,attended,Začátek\n"
    "2026-01-13,K0001,90,consultation,late,\n"
    "2026-01-13,K0002,60,,excused,Nemoc\n"
)
BAD_SESSIONS_CSV = "date,client,minutes\n2026-01-20,K0001,60\n2026-02-30,K0404,60\n"

#: {out}: a folder of the run's own (a file's run and a server's write different files).
SCENARIO = [
    ["import", "clients", "{out}/clients.csv", "--dry-run"],
    ["import", "clients", "{out}/clients.csv"],
    ["import", "clients", "{out}/clients.csv"],  # every one a duplicate: nothing written
    ["import", "sessions", "{out}/sessions.csv"],
    ["import", "sessions", "{out}/bad.csv"],  # two problems: nothing written
    ["session", "list", "--json"],
    ["group", "add", "SV", "--name", "Sociální výcvik", "--programme", "adult"],
    ["group", "join", "SV", "K0001", "K0002", "--date", "2026-01-05"],
    ["meeting", "add", "SV", "--date", "2026-01-12", "--hours", "2", "--late", "K0002"],
    ["client", "consent", "K0001", "pms", "--given", "2026-01-05"],
    ["client", "consent", "K0001", "court", "--basis", "Usnesení 3 T 12/2026"],
    ["client", "consent", "K0002", "pms", "--given", "2026-01-05"],
    ["client", "consent", "K0002", "pms", "--withdrawn", "2026-01-20"],
    ["client", "consent", "K0002", "PMS!", "--given", "2026-01-05"],
    ["client", "consent", "K0001", "pms", "--given", "2026-01-05", "--withdrawn", "2026-01-06"],
    ["client", "consent", "K0404", "pms", "--given", "2026-01-05"],
    ["client", "show", "K0001", "--json"],
    ["export", "clients"], ["export", "clients", "--format", "json"],
    ["export", "clients", "--for", "pms", "--format", "jsonl"],
    ["export", "sessions", "--month", "2026-01"], ["export", "sessions", "--excel"],
    ["export", "sessions", "--format", "json", "--output", "{out}/sessions.json"],
    ["export", "sessions", "--format", "xml"],
    ["export", "clients", "--month", "2026-13"],
    ["retention", "--years", "1"], ["retention", "--json"],
    ["client", "close", "K0003", "--date", "2026-01-31"],
    ["client", "erase", "K0002", "--yes"],  # open: refused
    ["client", "erase", "K0003", "--dry-run"],
    ["client", "erase", "K0003"],  # no --yes in a script: refused
    ["client", "erase", "K0003", "--yes"],
    ["client", "erase", "K0003", "--yes"],  # already erased
    ["client", "show", "K0003", "--json"], ["client", "list", "--all", "--json"],
    ["export", "clients", "--format", "json"],
    ["print", "certificate", "K0001", "-o", "{out}/refused.pdf"],  # not completed
    ["print", "certificate", "K0001", "--participation", "-o", "{out}/certificate.pdf"],
    ["print", "plan", "K0001", "-o", "{out}/plan.pdf"],
    ["print", "report", "2026", "-o", "{out}/report.pdf"],
    ["print", "attendance", "1", "-o", "{out}/attendance.pdf"],
    ["print", "attendance", "2", "-o", "{out}/none.pdf"],  # no such meeting
    ["print", "certificate", "K0404"],
    ["--lang", "cs", "retention"], ["--lang", "cs", "client", "erase", "K0001", "--dry-run"],
    ["db", "--json"], ["doctor", "--json"],
]  # fmt: skip

#: What a server says where a file says otherwise, by the command's index in SCENARIO.
ERASE = SCENARIO.index(["client", "erase", "K0003", "--yes"])
DB, DOCTOR = len(SCENARIO) - 2, len(SCENARIO) - 1


def _timeless(text: str) -> str:
    return re.sub(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?(\+00:00|Z)?", "…", text)


def _run(resoc, db: str, out) -> list[tuple]:
    out.mkdir()
    (out / "clients.csv").write_text(CLIENTS_CSV, encoding="utf-8")
    (out / "sessions.csv").write_text(SESSIONS_CSV, encoding="utf-8")
    (out / "bad.csv").write_text(BAD_SESSIONS_CSV, encoding="utf-8")
    answers = []
    for args in SCENARIO:
        r = resoc("--db", db, *(a.replace("{out}", str(out)) for a in args))
        assert r.exception is None, (args, r.exception)
        answers.append(
            (args, r.exit_code, _anyone(_timeless(r.stdout.replace(str(out), "OUT"))),
             _timeless(r.stderr.replace(str(out), "OUT").replace(db, "DB")))
        )  # fmt: skip
    return answers


def _anyone(text: str) -> str:
    from tests.test_postgres_cli import _anyone as without_worker

    return without_worker(text)


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_ported_commands_answer_on_a_server_as_on_a_file(resoc, pg_database, tmp_path):
    lite = str(tmp_path / "lite.db")
    assert resoc("--db", lite, "init").exit_code == 0
    assert resoc("--db", pg_database, "init").exit_code == 0
    on_file = _run(resoc, lite, tmp_path / "file")
    on_server = _run(resoc, pg_database, tmp_path / "server")
    assert {code for _, code, _, _ in on_server} >= {0, 1, 2, 3, 4}
    for i, (file_answer, server_answer) in enumerate(zip(on_file, on_server, strict=True)):
        if i in (ERASE, DB, DOCTOR):
            continue
        assert server_answer == file_answer
    # the erasure: the same answer, then what differs on a server, said on stderr
    (_, code, out, err), (_, file_code, file_out, file_err) = on_server[ERASE], on_file[ERASE]
    assert (code, out) == (file_code, file_out) == (0, out)
    assert out.startswith("K0003: erased (")
    assert "backup --keep" in file_err and "VACUUM" not in file_err
    assert err == (
        "resoc: PostgreSQL: VACUUM removed the old row versions that held the erased values"
        " (those another session was still reading wait for the next VACUUM)\n"
        "resoc: warning: the server's backups made before now still hold the erased data (the"
        " database owner prunes them)\n"
    )
    # db --json: the same keys and counts; the server's name, never its URL; no path
    file_db, server_db = json.loads(on_file[DB][2]), json.loads(on_server[DB][2])
    assert list(server_db) == list(file_db)
    assert server_db["counts"] == file_db["counts"] and server_db["counts"]["clients"] == 3
    assert server_db["schema_version"] == file_db["schema_version"]
    name = urlsplit(pg_database).path.lstrip("/")
    assert (server_db["path"], server_db["database"], server_db["engine"]) == (
        None, name, "postgresql")  # fmt: skip
    assert (file_db["path"], file_db["engine"]) == (lite, "sqlite")
    assert server_db["size_bytes"] > 0
    # doctor --json: the same document's shape; what belongs to a file is n/a on a server
    file_doc, server_doc = json.loads(on_file[DOCTOR][2]), json.loads(on_server[DOCTOR][2])
    assert list(server_doc) == list(file_doc) == ["ok", "database", "checks"]
    assert server_doc["ok"] is True and server_doc["database"] == name
    statuses = {c["check"]: c["status"] for c in server_doc["checks"]}
    assert statuses == {
        "file": "ok", "integrity": "n/a", "foreign keys": "ok", "text": "ok", "schema": "ok",
        "permissions": "n/a", "wal": "n/a", "size": "info", "backup": "n/a",
        "audit trail": "ok", "witness": "n/a", "audit guards": "ok", "journal": "ok",
        "foreign objects": "ok", "blanked values": "ok",
    }  # fmt: skip
    file_checks = {c["check"]: c for c in file_doc["checks"]}
    server_checks = {c["check"]: c for c in server_doc["checks"]}

    def rows(check):  # the heads differ: each row's moment is in its hash
        return check["detail"].split(", head ")[0]

    assert rows(server_checks["audit trail"]) == rows(file_checks["audit trail"])
    assert rows(server_checks["audit trail"]) == "14 rows, hash chain intact"
    # the files written: the same export, the same papers
    for name_ in ("sessions.json",):
        assert (tmp_path / "server" / name_).read_text() == (tmp_path / "file" / name_).read_text()
    for paper in ("certificate.pdf", "plan.pdf", "report.pdf", "attendance.pdf"):
        assert _pdf_text(tmp_path / "server" / paper) == _pdf_text(tmp_path / "file" / paper)
    assert "Ferda Mravenec" in _pdf_text(tmp_path / "server" / "attendance.pdf")
    for refused in ("refused.pdf", "none.pdf"):
        assert not (tmp_path / "server" / refused).exists()


def _psql(url: str, *statements: str, autocommit: bool = True):
    import psycopg

    with psycopg.connect(url, autocommit=autocommit) as conn:
        rows = None
        for sql in statements:
            cur = conn.execute(sql)
            rows = cur.fetchall() if cur.description else rows
        return rows


def _closed_client(ok, db: str, name: str = "Ferda Zapomenutelný") -> None:
    ok("--db", db, "client", "add", name, "--born", "1988-04-12", "--sex", "m", "--note",
       "Bydlí u Berušky")  # fmt: skip
    ok("--db", db, "family", "add", "K0001", "Beruška Zapomenutelná", "--relation", "partner")
    ok("--db", db, "client", "close", "K0001")


def _inspectable(url: str) -> bool:
    """pageinspect in a schema of its own (resoc's schema stays as resoc made it)."""
    import psycopg

    try:
        _psql(url, "CREATE SCHEMA IF NOT EXISTS inspect",
              "CREATE EXTENSION IF NOT EXISTS pageinspect SCHEMA inspect")  # fmt: skip
    except psycopg.Error:
        return False
    return True


def _versions_holding(url: str, table: str, text: str) -> int:
    """Row versions on the table's pages (live or dead) whose bytes hold ``text``."""
    pages = _psql(url, f"SELECT pg_relation_size('{table}') / 8192")[0][0]
    found = 0
    for page in range(pages):
        found += _psql(
            url,
            f"""SELECT count(*) FROM inspect.heap_page_items(inspect.get_raw_page('{table}',
                {page})) WHERE position(convert_to('{text}', 'UTF8') IN t_data) > 0""",
        )[0][0]
    return found


def test_erase_on_a_server_vacuums_the_old_row_versions(ok, resoc, pg_database):
    if not _inspectable(pg_database):
        pytest.skip("pageinspect is not installed with this server")
    _closed_client(ok, pg_database)
    assert _versions_holding(pg_database, "clients", "Zapomenutelný") >= 1
    r = resoc("--db", pg_database, "client", "erase", "K0001", "--yes")
    assert r.exit_code == 0, r.stderr
    assert "VACUUM removed" in r.stderr
    for table in ("clients", "family_members", "audit_values", "journal"):
        assert _versions_holding(pg_database, table, "Zapomenutelný") == 0, table
        assert _versions_holding(pg_database, table, "Berušky") == 0, table
    assert _psql(pg_database, "SELECT name, note FROM clients") == [("(erased)", None)]


@pytest.fixture
def clerk(pg_server, pg_database, resoc):
    """A login with every right on resoc's rows but not the owner's (it may not VACUUM)."""
    assert resoc("--db", pg_database, "init").exit_code == 0
    import uuid

    login = f"clerk_{uuid.uuid4().hex[:8]}"
    _psql(pg_server.conninfo(), f"CREATE ROLE {login} LOGIN")
    _psql(pg_database, "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public"
          f" TO {login}",
          f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {login}")  # fmt: skip
    return pg_server.conninfo(urlsplit(pg_database).path.lstrip("/"), user=login)


def test_a_login_that_may_not_vacuum_is_told_who_removes_the_old_versions(
    ok, resoc, pg_database, clerk
):
    inspectable = _inspectable(pg_database)
    _closed_client(ok, clerk)
    r = resoc("--db", clerk, "client", "erase", "K0001", "--yes")
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines()[0] == (
        "resoc: PostgreSQL: this login may not VACUUM, so old row versions keep the erased"
        " values on the server until the database owner's routine VACUUM removes them"
    )
    assert _psql(pg_database, "SELECT name FROM clients") == [("(erased)",)]
    if inspectable:  # the guarantee that differs, as the note says: the dead versions stay
        assert _versions_holding(pg_database, "clients", "Zapomenutelný") >= 1


def test_an_erasure_the_database_refuses_is_one_line_and_changes_nothing(
    ok, resoc, pg_database, clerk
):
    _closed_client(ok, clerk)
    # row security that lets the login read the client but not change it: an UPDATE that
    # changes no row rather than an error (a lead alone may erase, on a team's server)
    _psql(pg_database, "ALTER TABLE clients ENABLE ROW LEVEL SECURITY",
          "CREATE POLICY resoc_read_only ON clients FOR SELECT USING (true)")  # fmt: skip
    before = _psql(pg_database, "SELECT * FROM family_members", "SELECT count(*) FROM audit")
    r = resoc("--db", clerk, "client", "erase", "K0001", "--yes")
    assert (r.exit_code, r.stdout) == (5, "")
    assert r.stderr == (
        "resoc: error: erase: the database does not let this login erase K0001; nothing was"
        " erased\n"
    )
    assert _psql(pg_database, "SELECT * FROM family_members", "SELECT count(*) FROM audit") == (
        before
    )
    # a right taken away: the server's refusal, in one line without its words
    _psql(pg_database, "DROP POLICY resoc_read_only ON clients",
          "ALTER TABLE clients DISABLE ROW LEVEL SECURITY",
          f"REVOKE UPDATE ON audit_values FROM {urlsplit(clerk).username}")  # fmt: skip
    r = resoc("--db", clerk, "client", "erase", "K0001", "--yes")
    assert r.exit_code == 5 and len(r.stderr.splitlines()) == 1, r.stderr
    assert r.stderr.startswith("resoc: error: PostgreSQL: this login may not use")
    assert _psql(pg_database, "SELECT name FROM clients") == [("Ferda Zapomenutelný",)]


def test_erase_is_refused_beside_an_object_resoc_did_not_make(ok, resoc, pg_database):
    _closed_client(ok, pg_database)
    _psql(pg_database, "CREATE TABLE copied (name text)",
          "CREATE FUNCTION copy_name() RETURNS trigger LANGUAGE plpgsql AS"
          " $$ BEGIN INSERT INTO copied VALUES (OLD.name); RETURN NEW; END $$",
          "CREATE TRIGGER copy_name BEFORE UPDATE ON clients FOR EACH ROW"
          " EXECUTE FUNCTION copy_name()")  # fmt: skip
    r = resoc("--db", pg_database, "client", "erase", "K0001", "--yes")
    assert r.exit_code == 5 and len(r.stderr.splitlines()) == 1
    assert "objects resoc did not make (function copy_name, table copied, trigger" in r.stderr
    assert _psql(pg_database, "SELECT count(*) FROM copied") == [(0,)]


def test_doctor_on_a_server_finds_what_was_changed_outside_resoc(ok, resoc, pg_database):
    ok("--db", pg_database, "example")
    clean = json.loads(resoc("--db", pg_database, "doctor", "--json").stdout)
    assert clean["ok"] is True
    # what a team's roles bring (migration 9) is resoc's by its name
    _psql(pg_database, "CREATE FUNCTION resoc_helper() RETURNS int LANGUAGE sql AS 'SELECT 1'",
          "ALTER TABLE clients ENABLE ROW LEVEL SECURITY",
          "CREATE POLICY resoc_own ON clients USING (true)")  # fmt: skip
    assert json.loads(resoc("--db", pg_database, "doctor", "--json").stdout)["ok"] is True
    _psql(
        pg_database,
        "ALTER TABLE audit DISABLE TRIGGER audit_append_only_delete",
        "ALTER TABLE sessions DISABLE TRIGGER sessions_journal_insert",
        "CREATE OR REPLACE FUNCTION resoc_redact_only() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN RETURN NEW; END $$",
        "CREATE VIEW everyone AS SELECT name, born FROM clients",
        "CREATE POLICY open_door ON clients USING (true)",
        "CREATE PUBLICATION outward FOR TABLE clients",
        "ALTER TABLE sessions DROP CONSTRAINT sessions_client_id_fkey",
        "UPDATE audit_values SET salt = NULL, old_value = NULL, new_value = NULL"
        " WHERE audit_id = 2",
    )
    r = resoc("--db", pg_database, "doctor", "--json")
    assert r.exit_code == 1
    checks = {c["check"]: c for c in json.loads(r.stdout)["checks"]}
    failed = {name for name, c in checks.items() if c["status"] == "fail"}
    assert failed == {"schema", "audit guards", "journal", "foreign objects", "blanked values"}
    assert checks["audit guards"]["detail"] == (
        "missing or changed: audit_append_only_delete, audit_values_redact_only"
    )
    assert checks["journal"]["detail"] == "missing or changed: sessions_journal_insert"
    assert checks["foreign objects"]["detail"] == (
        "not made by resoc: function resoc_redact_only, policy open_door, publication outward,"
        " view everyone"
    )
    assert "sessions: foreign keys" in checks["schema"]["detail"]
    printed = resoc("--db", pg_database, "doctor")
    assert printed.exit_code == 1
    assert "n/a  witness: no database file beside which" in printed.stdout
    assert "FAIL journal: missing or changed: sessions_journal_insert" in printed.stdout


def test_backup_and_restore_on_a_server_say_whose_job_it_is(resoc, pg_database, tmp_path,
                                                            monkeypatch):  # fmt: skip
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    assert resoc("--db", pg_database, "init").exit_code == 0
    backup_file = here / "kopie.db"
    for args, text in (
        (["backup"], "backup: on a PostgreSQL server the database owner makes the backups"),
        (["backup", str(backup_file), "--keep", "3"], "backup: on a PostgreSQL server"),
        (["restore", "kopie.db", "--yes"], "restore: on a PostgreSQL server the database owner"),
        (["restore", "kopie.db"], "restore: on a PostgreSQL server"),
    ):
        r = resoc("--db", pg_database, *args)
        assert (r.exit_code, r.stdout) == (2, ""), (args, r.stderr)
        assert r.stderr.startswith(f"resoc: error: {text}") and r.stderr.count("\n") == 1
    assert os.listdir(here) == []
    cs = resoc("--lang", "cs", "--db", pg_database, "backup")
    assert cs.stderr.startswith("resoc: chyba: záloha: na serveru PostgreSQL zálohuje vlastník")


def test_outputs_never_replace_the_settings_file_on_a_server(ok, resoc, pg_database, tmp_path):
    ok("--db", pg_database, "example")
    settings = tmp_path / "config" / "config.toml"
    ok("config", "set", "organisation.name", "Spolek Mraveniště")
    before = settings.read_text()
    for args in (["export", "sessions", "-o", str(settings)],
                 ["print", "certificate", "K0001", "-o", str(settings)]):  # fmt: skip
        r = resoc("--db", pg_database, *args)
        assert r.exit_code == 2 and "resoc's settings file" in r.stderr, (args, r.stderr)
    assert settings.read_text() == before


def test_a_pseudonymised_export_is_ordered_by_pseudonym_on_both(ok, resoc, pg_database, tmp_path):
    import sqlite3

    lite = str(tmp_path / "lite.db")
    for db in (lite, pg_database):
        ok("--db", db, "example")
    key = "ab" * 32  # the same secret in both: the same pseudonyms, in the same order
    _psql(pg_database, f"UPDATE settings SET value = '{key}' WHERE key = 'pseudonym_key'",
          f"INSERT INTO settings (key, value) SELECT 'pseudonym_key', '{key}' WHERE NOT EXISTS"
          " (SELECT 1 FROM settings WHERE key = 'pseudonym_key')")  # fmt: skip
    with sqlite3.connect(lite) as conn:
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('pseudonym_key', ?)",
                     (key,))  # fmt: skip
    conn.close()
    for what in ("clients", "sessions"):
        file = ok("--db", lite, "export", what, "--pseudonymise")
        server = ok("--db", pg_database, "export", what, "--pseudonymise")
        assert re.sub(r"M-[0-9a-f]{12}", "M-", server) == re.sub(r"M-[0-9a-f]{12}", "M-", file)
        codes = [line.split(",")[0 if what == "clients" else 2] for line in
                 server.splitlines()[1:]]  # fmt: skip
        assert codes == sorted(codes) and all(c.startswith("P-") for c in codes)


def test_a_killed_import_leaves_nothing_on_the_server(pg_database, tmp_path):
    import signal
    import subprocess
    import sys
    import time

    from resoc_cli.storage.postgres import WRITE_LOCK

    subprocess.run([sys.executable, "-m", "resoc_cli", "--db", pg_database, "init"], check=True,
                   capture_output=True)  # fmt: skip
    big = tmp_path / "clients.csv"
    rows = "".join(f"Mravenec Číslo{n},1980-01-01,m\n" for n in range(20000))
    big.write_text("name,born,sex\n" + rows, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "resoc_cli", "--db", pg_database, "import", "clients", str(big)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    held = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = %s"
    lock = WRITE_LOCK & 0xFFFFFFFF  # pg_locks shows a bigint key's low half as objid
    deadline = time.monotonic() + 60
    while _held(pg_database, held, lock) == 0:  # the import's transaction has begun
        assert proc.poll() is None and time.monotonic() < deadline, "the import never began"
        time.sleep(0.05)
    time.sleep(0.5)  # rows are being written
    inside = _psql(pg_database, "SELECT count(*) FROM pg_stat_activity WHERE xact_start IS NOT"
                   " NULL AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
                   " AND datname = current_database()")  # fmt: skip
    assert inside == [(1,)]  # the import's transaction is open: it is killed in the middle
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL
    deadline = time.monotonic() + 30
    while _held(pg_database, held, lock):  # the server ends the dead client's transaction
        assert time.monotonic() < deadline
        time.sleep(0.05)
    counts = _psql(pg_database, "SELECT (SELECT count(*) FROM clients),"
                   " (SELECT count(*) FROM audit), (SELECT count(*) FROM changes),"
                   " (SELECT count(*) FROM journal)")  # fmt: skip
    assert counts == [(0, 0, 0, 0)]
    again = subprocess.run(
        [sys.executable, "-m", "resoc_cli", "--db", pg_database, "client", "add", "Ferda Mravenec",
         "--born", "1988-04-12", "--sex", "m"], capture_output=True, text=True,
    )  # fmt: skip
    assert (again.returncode, again.stdout) == (0, "K0001\n"), again.stderr  # no gap, no lock


def _held(url: str, sql: str, lock: int) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql, (lock,)).fetchone()[0]


def test_every_command_that_opens_the_database_works_on_a_server():
    from resoc_cli.storage.postgres import PORTED
    from resoc_cli.tree import root, walk

    leaves = set()
    for path, command in walk(root()):
        if path and not hasattr(command, "list_commands"):
            leaves.add(" ".join(path))
    no_database = {p for p in leaves if p.split()[0] in ("config", "completion")} | {"init"}
    assert sorted(leaves - no_database - PORTED) == []


def test_what_resoc_makes_is_read_from_schema_pg_sql():
    from resoc_cli.storage.pg_maintenance import GUARDS, made

    ours = made()
    assert {t: ours["triggers"][t] for t in GUARDS} == GUARDS
    assert {"resoc_append_only", "resoc_redact_only", "resoc_journal", "resoc_next_id"} <= set(
        ours["functions"]
    )
    assert "RAISE EXCEPTION 'the audit trail is append-only'" in ours["functions"][
        "resoc_append_only"]  # fmt: skip
    journal = [t for t, (_table, fn) in ours["triggers"].items() if fn == "resoc_journal"]
    assert "sessions_journal_insert" in journal and len(journal) >= 30
    assert {"clients", "audit", "journal", "resoc_sequence"} <= ours["tables"]
    assert "sessions_meeting" in ours["indexes"] and ours["views"] == set()
