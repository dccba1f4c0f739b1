"""backup, restore and doctor: copies that open, restores that check first, damage named."""

import json
import os
import sqlite3
import stat

import pytest


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def clients(ok) -> list[str]:
    return [c["code"] for c in json.loads(ok("client", "list", "--all", "--json"))]


def checks(resoc, *extra) -> tuple[int, dict]:
    r = resoc("doctor", "--json", *extra)
    return r.exit_code, {c["check"]: c for c in json.loads(r.stdout)["checks"]}


@pytest.fixture
def two_clients(ok):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("client", "add", "Manka Loupežnická", "--born", "1983-01-17", "--sex", "f")


@pytest.mark.sqlite_only(
    "resoc's backups are copies of the SQLite file (a server's are its owner's: test_postgres_port)"
)
def test_backup_is_a_private_consistent_copy(ok, two_clients, private_db):
    out = ok("backup")
    backups = sorted(private_db.parent.glob("resoc-backup-*.db"))
    assert len(backups) == 1 and str(backups[0]) in out
    assert mode(backups[0]) == 0o600
    conn = sqlite3.connect(backups[0])
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 2
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    conn.close()
    assert not list(private_db.parent.glob(".*.part"))


@pytest.mark.sqlite_only(
    "resoc's backups are copies of the SQLite file (a server's are its owner's: test_postgres_port)"
)
def test_backup_to_a_path_and_keep(ok, resoc, two_clients, private_db, tmp_path):
    target = tmp_path / "copy.db"
    ok("backup", str(target))
    assert target.exists() and mode(target) == 0o600
    again = resoc("backup", str(target))
    assert again.exit_code == 2 and "already exists" in again.stderr
    for _ in range(4):
        ok("backup")
    ok("backup", "--keep", "2")
    assert len(list(private_db.parent.glob("resoc-backup-*.db"))) == 2


@pytest.mark.sqlite_only("restores a SQLite file (a server's are its owner's: test_postgres_port)")
def test_restore_brings_back_the_copy_and_keeps_the_replaced_file(
    ok, resoc, two_clients, tmp_path, private_db
):  # noqa: E501
    copy = tmp_path / "copy.db"
    ok("backup", str(copy))
    ok("client", "add", "Cipísek Lesní", "--born", "2001-05-05", "--sex", "m")
    assert len(clients(ok)) == 3
    refused = resoc("restore", str(copy))
    assert refused.exit_code == 2 and "--yes" in refused.stderr and len(clients(ok)) == 3
    out = ok("restore", str(copy), "--yes")
    assert clients(ok) == ["K0001", "K0002"]
    kept = list(private_db.parent.glob("resoc-before-restore-*.db"))
    assert len(kept) == 1 and str(kept[0]) in out
    old = sqlite3.connect(kept[0])
    assert old.execute("SELECT count(*) FROM clients").fetchone()[0] == 3
    old.close()
    log = json.loads(ok("log", "--json"))
    assert log[-1]["action"] == "restore" and log[-1]["record"] == "copy.db"
    code, found = checks(resoc)
    assert code == 0 and found["audit trail"]["status"] == "ok"


@pytest.mark.parametrize("damage", ["garbage", "corrupt", "newer", "foreign", "missing"])
@pytest.mark.sqlite_only("restore replaces the SQLite file")
def test_restore_refuses_a_bad_backup_and_replaces_nothing(
    ok, resoc, two_clients, tmp_path, damage
):
    bad = tmp_path / "bad.db"
    if damage == "garbage":
        bad.write_bytes(b"not a database at all " * 100)
    elif damage in ("corrupt", "newer"):
        ok("backup", str(bad))
        if damage == "newer":
            conn = sqlite3.connect(bad)
            conn.execute("PRAGMA user_version = 99")
            conn.close()
        else:
            _corrupt(bad)
    elif damage == "foreign":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
        conn.close()
    r = resoc("restore", str(bad), "--yes")
    assert r.exit_code != 0 and len(r.stderr.splitlines()) == 1, r.stderr
    assert clients(ok) == ["K0001", "K0002"]
    assert not list(tmp_path.glob("data/resoc-before-restore-*"))


def _corrupt(path):
    """Overwrite the middle of every page after the first with noise."""
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(page, len(data), page):
        data[start + 100 : start + 400] = os.urandom(300)
    path.write_bytes(bytes(data))


@pytest.mark.sqlite_only(
    "a file's doctor with its backup (a server's doctor: test_postgres_port, test_team)"
)
def test_doctor_healthy_database_exits_0(ok, resoc, two_clients):
    ok("backup")
    code, found = checks(resoc)
    assert code == 0
    assert {k: v["status"] for k, v in found.items()} == {
        "file": "ok",
        "integrity": "ok",
        "foreign keys": "ok",
        "text": "ok",
        "schema": "ok",
        "permissions": "ok",
        "wal": "info",
        "size": "info",
        "backup": "ok",
        "audit trail": "ok",
        "witness": "ok",
        "audit guards": "ok",
        "foreign objects": "ok",
        "blanked values": "ok",
    }
    human = resoc("doctor")
    assert human.exit_code == 0 and "FAIL" not in human.stdout


@pytest.mark.sqlite_only("a file's own backup check (n/a on a server)")
def test_doctor_without_backup_warns_but_passes(resoc, two_clients):
    code, found = checks(resoc)
    assert code == 0 and found["backup"]["status"] == "warn"
    assert found["backup"]["fix"] == "run: resoc backup"


@pytest.mark.sqlite_only("the SQLite file's permissions")
def test_doctor_names_loose_permissions(resoc, two_clients, private_db):
    os.chmod(private_db, 0o644)
    code, found = checks(resoc)
    assert code == 1 and found["permissions"]["status"] == "fail"
    assert "readable by others" in found["permissions"]["detail"]
    assert "chmod 600" in found["permissions"]["fix"]
    os.chmod(private_db, 0o600)
    os.chmod(private_db.parent, 0o755)
    code, found = checks(resoc)
    assert code == 1 and "folder" in found["permissions"]["detail"]


@pytest.mark.sqlite_only("breaks the SQLite file past resoc")
def test_doctor_names_a_broken_reference(resoc, two_clients, private_db):
    conn = sqlite3.connect(private_db)  # foreign keys are off in a plain connection
    conn.execute(
        "INSERT INTO sessions (client_id, date, minutes, activity, attendance)"
        " VALUES (999, '2026-10-05', 60, 'consultation', 'attended')"
    )
    conn.commit()
    conn.close()
    code, found = checks(resoc)
    assert code == 1 and found["foreign keys"]["status"] == "fail"
    assert "sessions" in found["foreign keys"]["detail"]


@pytest.mark.sqlite_only("damages the SQLite file itself")
def test_doctor_names_a_corrupt_file(resoc, ok, private_db):
    for n in range(60):
        ok("client", "add", f"Mravenec Číslo{n}", "--born", "1988-04-12", "--sex", "m")
    ok("backup")  # also checkpoints nothing: make sure the pages are in the main file
    conn = sqlite3.connect(private_db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    _corrupt(private_db)
    r = resoc("doctor", "--json")
    assert r.exit_code == 1
    found = {c["check"]: c for c in json.loads(r.stdout)["checks"]}
    failing = [c for c in found.values() if c["status"] == "fail"]
    assert failing and failing[0]["check"] in ("file", "integrity")
    assert "restore" in failing[0]["fix"]


@pytest.mark.no_database
@pytest.mark.parametrize("case", ["newer", "not-a-database", "missing"])
@pytest.mark.sqlite_only("files that are not a usable SQLite database")
def test_doctor_on_files_it_cannot_use(resoc, private_db, case):
    private_db.parent.mkdir(parents=True, exist_ok=True)
    if case == "newer":
        conn = sqlite3.connect(private_db)
        conn.execute("CREATE TABLE clients (id INTEGER)")
        conn.execute("PRAGMA user_version = 99")
        conn.close()
    elif case == "not-a-database":
        private_db.write_bytes(b"Dear diary, " * 500)
    before = private_db.read_bytes() if private_db.exists() else None
    code, found = checks(resoc)
    assert code == 1 and found["file"]["status"] == "fail"
    expected = {
        "newer": "newer resoc",
        "not-a-database": "cannot be used",
        "missing": "no database",
    }
    assert expected[case] in found["file"]["detail"]
    after = private_db.read_bytes() if private_db.exists() else None
    assert after == before


def test_a_bug_is_one_line_without_the_data_and_writes_nothing(resoc, ok, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("Ferda Mravenec, born 1988-04-12")

    # Only this patch is undone: ``monkeypatch.undo()`` also dropped RESOC_DB, and the list
    # below then read (and created) the user's real database.
    with monkeypatch.context() as patched:
        patched.setattr("resoc_cli.storage.audit.append", broken)
        r = resoc("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    assert r.exit_code == 70 and r.exception is None
    assert r.stderr.startswith("resoc: error: internal error (RuntimeError)")
    assert len(r.stderr.splitlines()) == 1 and "Ferda" not in r.stderr
    assert json.loads(ok("client", "list", "--all", "--json")) == []


@pytest.mark.sqlite_only("a read-only SQLite file")
def test_read_only_file_reads_and_refuses_writes_unchanged(ok, resoc, two_clients, private_db):
    import hashlib

    os.chmod(private_db, 0o400)  # binds root too: resoc opens a file nobody may write read-only
    before = hashlib.sha256(private_db.read_bytes()).hexdigest()
    try:
        assert clients(ok) == ["K0001", "K0002"]
        r = resoc("client", "add", "Cipísek Lesní", "--born", "2001-05-05", "--sex", "m")
        assert r.exit_code == 5 and r.stderr == (
            "resoc: error: the database file is read-only; nothing was written\n"
        )
        code, found = checks(resoc)
        assert code == 0 and found["writable"]["status"] == "warn"
        assert hashlib.sha256(private_db.read_bytes()).hexdigest() == before
    finally:
        os.chmod(private_db, 0o600)
    ok("client", "add", "Cipísek Lesní", "--born", "2001-05-05", "--sex", "m")
    assert sorted(clients(ok)) == ["K0001", "K0002", "K0003"]


@pytest.mark.sqlite_only("restores a SQLite file of an older schema")
def test_restore_of_a_backup_from_an_older_schema_upgrades_it(
    ok, private_db, tmp_path, monkeypatch
):
    """A backup made by an older resoc (schema 3) is restored, brought to the current schema
    and given its audit row, in one step (it runs as a process: a hang fails, not blocks)."""
    import subprocess
    import sys

    from resoc_cli.storage import db as dbmod

    old = tmp_path / "old" / "resoc.db"
    real = dbmod.migrations()
    with monkeypatch.context() as m:
        m.setattr(dbmod, "migrations", lambda: real[:3])
        m.setattr(dbmod.Connection, "worker", None)  # that resoc named no worker (schema 9)
        ferda = ("Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
        ok("--db", str(old), "client", "add", *ferda)
    assert sqlite3.connect(old).execute("PRAGMA user_version").fetchone()[0] == 3
    ok("init")
    done = subprocess.run(
        [sys.executable, "-m", "resoc_cli", "restore", str(old), "--yes"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "(schema 3)" in done.stdout
    live = sqlite3.connect(private_db)
    assert live.execute("PRAGMA user_version").fetchone()[0] == dbmod.latest_version()
    assert live.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert live.execute("SELECT name FROM clients").fetchall() == [("Ferda Mravenec",)]
    last = live.execute("SELECT action FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    assert last == ("restore",)
    assert "hash chain intact" in ok("doctor").split("audit trail")[1]


@pytest.mark.parametrize(
    ("change", "found"),
    [
        ("DROP TRIGGER {guard}", "trigger {guard} missing or changed"),
        (
            "CREATE TRIGGER copy_names AFTER UPDATE OF name ON clients"
            " BEGIN UPDATE settings SET value = new.name WHERE key = 'x'; END",
            "trigger copy_names is not resoc's",
        ),
        ("DROP INDEX sessions_client_date", "index sessions_client_date missing or changed"),
    ],
)
@pytest.mark.sqlite_only(
    "changes the SQLite file's schema past resoc (a server's: test_postgres_port)"
)
def test_doctor_finds_a_schema_changed_outside_resoc(ok, resoc, private_db, change, found):
    """A dropped append-only guard or a foreign trigger passes quick_check: the schema check
    compares the file with what the migrations build."""
    import sqlite3

    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    assert resoc("doctor").exit_code == 0
    conn = sqlite3.connect(private_db)
    guard = conn.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'audit'"
    ).fetchone()[0]
    conn.execute(change.format(guard=guard))
    conn.commit()
    conn.close()
    r = resoc("doctor", "--json")
    assert r.exit_code == 1
    schema = next(c for c in json.loads(r.stdout)["checks"] if c["check"] == "schema")
    assert schema["status"] == "fail" and found.format(guard=guard) in schema["detail"]


@pytest.mark.sqlite_only("damages the SQLite file's schema")
def test_a_damaged_schema_name_never_breaks_the_one_line(ok, resoc, two_clients, tmp_path):
    """Found in CI (random noise in a backup): SQLite's "malformed database schema (NAME)"
    carried a damaged object name with a line break, so restore's error was two lines."""
    bad = tmp_path / "bad.db"
    ok("backup", str(bad))
    (tmp_path / "bad.db.sha256").unlink(missing_ok=True)
    with sqlite3.connect(bad) as raw:
        raw.execute('CREATE TABLE "Ferda\nMravenec" (x)')
        raw.execute("PRAGMA writable_schema = ON")
        raw.execute("UPDATE sqlite_master SET sql = 'CREATE TABLE (' WHERE name LIKE 'Ferda%'")
    raw.close()
    r = resoc("restore", str(bad), "--yes")
    assert r.exit_code == 5 and r.exception is None
    assert len(r.stderr.splitlines()) == 1, r.stderr
    assert "Ferda" not in r.stderr and "malformed database schema" in r.stderr
    assert clients(ok) == ["K0001", "K0002"]
