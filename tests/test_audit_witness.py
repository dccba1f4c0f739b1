"""The audit trail's blind spots (issue 15, items 2 and 9): what a chain kept in the same file
cannot show, found by its witness beside the file, its guards and a look at the schema."""

import json
import os
import shutil
import sqlite3
import stat

import pytest

pytestmark = pytest.mark.sqlite_only("the audit witness is a file kept beside the SQLite database")

GUARDS_DDL = """
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_values_no_delete BEFORE DELETE ON audit_values
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"""

FOREIGN_TRIGGER = """
CREATE TABLE stat_cache (name TEXT, born TEXT, note TEXT);
CREATE TRIGGER keep_names AFTER UPDATE OF name ON clients
BEGIN INSERT INTO stat_cache VALUES (OLD.name, OLD.born, OLD.note); END;
"""


def doctor(resoc, *db):
    r = resoc(*db, "doctor", "--json")
    assert r.exception is None, r.exception
    return r.exit_code, {c["check"]: c for c in json.loads(r.stdout)["checks"]}


def caseload(ok):
    """Two fairy-tale clients, a week of sessions, one case closed."""
    ok(
        "client",
        "add",
        "Ferda Mravenec",
        "--born",
        "1988-04-12",
        "--sex",
        "m",
        "--note",
        "Mraveniště",
    )
    ok("client", "add", "Rumcajs Loupežník", "--born", "1979-05-01", "--sex", "m")
    ok("enrol", "K0001", "adult", "--date", "2026-09-01")
    for d in range(7, 12):
        ok("session", "add", "K0001", "--date", f"2026-09-{d:02}", "--hours", "2")
    ok("client", "close", "K0002")


def sql(path, script):
    with sqlite3.connect(path) as raw:
        raw.executescript(script)
    raw.close()


def audit_rows(path):
    with sqlite3.connect(path) as raw:
        n = raw.execute("SELECT count(*) FROM audit").fetchone()[0]
    raw.close()
    return n


def test_every_change_writes_a_private_witness_of_the_head(ok, private_db):
    witness = private_db.with_name("resoc.db.witness")
    assert not witness.exists()  # an empty trail needs none
    caseload(ok)
    assert stat.S_IMODE(witness.stat().st_mode) == 0o600
    lines = witness.read_text().splitlines()
    with sqlite3.connect(private_db) as raw:
        last = raw.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    raw.close()
    assert lines == ["resoc-witness 1", f"rows {last[0]}", f"head {last[1]}"]
    assert not list(private_db.parent.glob(".*part"))  # no temporary file outlives a change


@pytest.mark.parametrize("cut", [1, 5, "all"])
def test_doctor_finds_rows_cut_from_the_end_of_the_trail(ok, resoc, private_db, cut):
    caseload(ok)
    total = audit_rows(private_db)
    keep = 0 if cut == "all" else total - cut
    # the guards dropped, the rows deleted, the guards put back: the chain still verifies
    sql(
        private_db,
        f"""DROP TRIGGER audit_append_only_delete; DROP TRIGGER audit_values_no_delete;
            DELETE FROM audit_values WHERE audit_id > {keep}; DELETE FROM audit WHERE id > {keep};
            {GUARDS_DDL}""",
    )
    code, found = doctor(resoc)
    assert found["audit trail"]["status"] == "ok"  # the chain alone cannot tell
    assert code == 1
    assert found["witness"]["status"] == "fail"
    removed = total - keep
    assert (
        f"ends at row {keep}, its witness saw {total}: {removed} row" in found["witness"]["detail"]
    )


def test_doctor_finds_a_trail_rewritten_to_the_same_length(ok, resoc, private_db):
    caseload(ok)
    sql(
        private_db,
        """DROP TRIGGER audit_append_only_update;
           UPDATE audit SET hash = CASE WHEN hash LIKE 'f%' THEN 'e' ELSE 'f' END
                                   || substr(hash, 2) WHERE id = (SELECT max(id) FROM audit);
           CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
           BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;""",
    )
    code, found = doctor(resoc)
    assert code == 1 and found["witness"]["status"] == "fail"
    assert "not the one its witness saw" in found["witness"]["detail"]


def test_a_witness_one_change_behind_is_accepted(ok, resoc, private_db):
    """A crash between the commit and the witness leaves it behind: no false alarm."""
    caseload(ok)
    witness = private_db.with_name("resoc.db.witness")
    old = witness.read_bytes()
    ok("session", "add", "K0001", "--date", "2026-09-14", "--hours", "1")
    witness.write_bytes(old)
    code, found = doctor(resoc)
    assert code == 0 and found["witness"]["status"] == "ok"


def test_doctor_warns_without_a_witness_and_fails_on_a_damaged_one(ok, resoc, private_db):
    caseload(ok)
    witness = private_db.with_name("resoc.db.witness")
    witness.unlink()
    code, found = doctor(resoc)
    assert code == 0 and found["witness"]["status"] == "warn"
    witness.write_text("rows 3\n")
    code, found = doctor(resoc)
    assert code == 1 and found["witness"]["status"] == "fail"


def test_a_witness_that_cannot_be_written_does_not_fail_a_committed_change(ok, private_db):
    private_db.with_name("resoc.db.witness").mkdir()  # in the way: os.replace fails
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    assert audit_rows(private_db) == 1
    assert not list(private_db.parent.glob(".*part"))


@pytest.mark.parametrize("loss", ["deleted", "truncated"])
def test_a_lost_wal_after_committed_writes_shows_as_a_shorter_trail(
    ok, resoc, private_db, tmp_path, loss
):
    caseload(ok)
    # another program keeps the database open, so no command's close checkpoints the WAL
    holder = sqlite3.connect(private_db)
    holder.execute("SELECT count(*) FROM clients").fetchone()
    try:
        for d in range(14, 18):
            ok("session", "add", "K0001", "--date", f"2026-09-{d:02}", "--hours", "2")
        wal = private_db.with_name("resoc.db-wal")
        assert wal.stat().st_size > 0
        copy = tmp_path / "lost" / "resoc.db"
        copy.parent.mkdir(mode=0o700)
        shutil.copyfile(private_db, copy)
        if loss == "truncated":
            data = wal.read_bytes()
            copy.with_name("resoc.db-wal").write_bytes(data[: len(data) // 3])
        shutil.copyfile(
            private_db.with_name("resoc.db.witness"), copy.with_name("resoc.db.witness")
        )
    finally:
        holder.close()
    os.chmod(copy, 0o600)
    sessions = json.loads(ok("--db", str(copy), "session", "list", "K0001", "--json"))
    assert len(sessions) < 9  # committed sessions are gone, silently
    code, found = doctor(resoc, "--db", str(copy))
    assert found["audit trail"]["status"] == "ok"
    assert code == 1 and found["witness"]["status"] == "fail"
    assert "-wal" in found["witness"]["detail"]


def test_doctor_finds_the_append_only_guards_dropped(ok, resoc, private_db):
    caseload(ok)
    sql(private_db, "DROP TRIGGER audit_values_redact_only; DROP TRIGGER audit_append_only_delete;")
    code, found = doctor(resoc)
    assert code == 1 and found["audit guards"]["status"] == "fail"
    detail = found["audit guards"]["detail"]
    assert "audit_values_redact_only" in detail and "audit_append_only_delete" in detail
    assert "audit_append_only_update" not in detail


def test_doctor_finds_values_blanked_for_a_client_never_erased(ok, resoc, private_db):
    caseload(ok)
    # the redact-only guard allows this: nothing need be dropped
    sql(
        private_db,
        """UPDATE audit_values SET salt = NULL, old_value = NULL, new_value = NULL
           WHERE audit_id IN (SELECT id FROM audit WHERE client_id = 1)""",
    )
    code, found = doctor(resoc)
    assert found["audit trail"]["status"] == "ok"
    assert code == 1 and found["blanked values"]["status"] == "fail"


def test_values_blanked_by_an_erasure_pass(ok, resoc):
    caseload(ok)
    ok("client", "erase", "K0002", "--yes")
    code, found = doctor(resoc)
    assert code == 0 and found["blanked values"]["status"] == "ok"


def test_a_foreign_trigger_makes_erase_refuse_and_change_nothing(ok, resoc, private_db):
    caseload(ok)
    sql(private_db, FOREIGN_TRIGGER)
    before = audit_rows(private_db)
    r = resoc("client", "erase", "K0002", "--yes")
    assert r.exit_code == 5 and r.exception is None
    assert len(r.stderr.splitlines()) == 1 and r.stderr.startswith("resoc: error: ")
    assert "keep_names" in r.stderr and "stat_cache" in r.stderr
    assert "Rumcajs" not in r.stderr
    with sqlite3.connect(private_db) as raw:
        assert raw.execute("SELECT name, erased_date FROM clients WHERE id = 2").fetchone() == (
            "Rumcajs Loupežník",
            None,
        )
        assert raw.execute("SELECT count(*) FROM stat_cache").fetchone()[0] == 0
    raw.close()
    assert audit_rows(private_db) == before
    code, found = doctor(resoc)
    assert code == 1 and found["foreign objects"]["status"] == "fail"
    assert "trigger keep_names" in found["foreign objects"]["detail"]


@pytest.mark.parametrize(
    ("ddl", "named"),
    [
        ("CREATE VIEW names AS SELECT name FROM clients", "view names"),
        ("CREATE INDEX clients_by_name ON clients (name)", "index clients_by_name"),
        ("CREATE TABLE copy (x)", "table copy"),
    ],
)
def test_doctor_names_any_schema_object_resoc_did_not_make(ok, resoc, private_db, ddl, named):
    caseload(ok)
    sql(private_db, ddl)
    code, found = doctor(resoc)
    assert code == 1 and named in found["foreign objects"]["detail"]


def test_a_foreign_index_does_not_stop_erase(ok, resoc, private_db):
    """An index follows its table: the erasure blanks it too."""
    caseload(ok)
    sql(private_db, "CREATE INDEX clients_by_name ON clients (name)")
    ok("client", "erase", "K0002", "--yes")
    assert b"Rumcajs" not in private_db.read_bytes()


def test_verify_backup(ok, private_db, tmp_path):
    from resoc_cli.services.integrity import verify_backup
    from resoc_cli.storage import witness

    caseload(ok)
    good = tmp_path / "good.db"
    shutil.copyfile(private_db, good)  # closed after every command: no -wal to carry
    conn = sqlite3.connect(good)
    head = witness.head(conn)
    assert verify_backup(conn) == [] and verify_backup(conn, head) == []
    assert verify_backup(conn, (head[0] + 1, head[1]))  # a trail shorter than recorded
    conn.executescript(FOREIGN_TRIGGER)
    problems = verify_backup(conn)
    assert len(problems) == 1 and "keep_names" in problems[0]
    conn.executescript(
        """DROP TRIGGER keep_names; DROP TABLE stat_cache;
           DROP TRIGGER audit_append_only_delete; DROP TRIGGER audit_values_no_delete;
           DELETE FROM audit_values WHERE audit_id = 2; DELETE FROM audit WHERE id = 2;"""
    )
    problems = verify_backup(conn)
    assert len(problems) == 2
    assert "audit_append_only_delete" in problems[0] and problems[1].startswith("row 3:")
    conn.close()


def test_restore_rewrites_the_witness(ok, resoc, private_db, tmp_path):
    caseload(ok)
    ok("backup")
    ok("session", "add", "K0001", "--date", "2026-09-14", "--hours", "1")
    (backup,) = private_db.parent.glob("resoc-backup-*.db")
    ok("restore", str(backup), "--yes")
    code, found = doctor(resoc)
    assert code == 0 and found["witness"]["status"] == "ok"


@pytest.mark.parametrize("command", [["export", "clients"], ["print", "plan", "K0001"]])
def test_no_output_replaces_the_witness(ok, resoc, private_db, command):
    caseload(ok)
    ok("plan", "need", "K0001", "housing")
    witness = private_db.with_name("resoc.db.witness")
    before = witness.read_bytes()
    r = resoc(*command, "-o", str(witness))
    assert r.exit_code == 2 and r.exception is None and len(r.stderr.splitlines()) == 1
    assert witness.read_bytes() == before


@pytest.mark.parametrize("version", [1, 3, 6])
def test_verify_backup_judges_an_older_backup_by_its_own_schema(tmp_path, version):
    from resoc_cli.services.integrity import verify_backup
    from resoc_cli.storage.db import _statements, migrations

    old = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    for number, _title, script in migrations()[:version]:
        for statement in _statements(script):
            old.execute(statement)
        old.execute(f"PRAGMA user_version = {number}")
    assert verify_backup(old) == []
    old.execute("CREATE TRIGGER keep AFTER DELETE ON clients BEGIN SELECT 1; END")
    assert verify_backup(old) == ["not made by resoc: trigger keep"]
    old.close()


def test_killed_writes_never_leave_a_witness_ahead_of_the_trail(ok, resoc, private_db):
    """SIGKILL at random moments of `session add` (bounded: 8 kills, about a second each):
    the witness is written after the commit, so doctor never raises a false alarm."""
    import random
    import signal
    import subprocess
    import sys
    import time

    caseload(ok)
    rng = random.Random(15)
    env = {**os.environ, "RESOC_DB": str(private_db)}
    for i in range(8):
        argv = [sys.executable, "-m", "resoc_cli", "session", "add", "K0001"]
        argv += ["--date", f"2026-10-{i + 1:02}", "--hours", "1"]
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    code, found = doctor(resoc)
    assert found["witness"]["status"] == "ok", found["witness"]


def test_a_killed_process_s_temporary_witness_is_swept_by_the_next_change(ok, private_db):
    caseload(ok)
    stale = private_db.with_name(".resoc.db.witness.999999.part")
    stale.write_text("resoc-witness 1\n")
    fresh = private_db.with_name(".resoc.db.witness.999998.part")  # another process, now
    fresh.write_text("resoc-witness 1\n")
    os.utime(stale, (1, 1))
    ok("session", "add", "K0001", "--date", "2026-09-14", "--hours", "1")
    assert not stale.exists() and fresh.exists()


@pytest.mark.parametrize(
    "damage",
    [
        "CREATE TRIGGER keep_names AFTER UPDATE OF name ON clients "
        "BEGIN INSERT INTO stat_cache VALUES (old.name); END",
        "DROP TRIGGER audit_append_only_delete",
    ],
    ids=["foreign trigger", "guard dropped"],
)
def test_restore_refuses_a_backup_that_does_not_verify(ok, resoc, private_db, damage):
    """Found in the second trust round: restore accepted a backup with a foreign trigger, or
    with the append-only guards removed. Now nothing is replaced and the line says why."""
    caseload(ok)
    ok("backup")
    (backup,) = private_db.parent.glob("resoc-backup-*.db")
    for sidecar in private_db.parent.glob("resoc-backup-*.sha256"):
        sidecar.unlink()  # a foreign file now: it gets the full check, and still fails it
    with sqlite3.connect(backup) as raw:
        raw.execute("CREATE TABLE IF NOT EXISTS stat_cache (v TEXT)")
        raw.execute(damage)
    ok("session", "add", "K0001", "--date", "2026-09-14", "--hours", "1")
    before = ok("hours", "K0001", "--json")
    r = resoc("restore", str(backup), "--yes")
    assert r.exit_code == 5 and r.exception is None and len(r.stderr.splitlines()) == 1
    assert "does not verify" in r.stderr and "nothing was replaced" in r.stderr
    assert ok("hours", "K0001", "--json") == before


@pytest.mark.parametrize("sidecar", [True, False], ids=["head recorded", "no record"])
def test_a_backup_cut_short_is_caught_by_the_head_recorded_beside_it(
    ok, resoc, private_db, sidecar
):
    """Every backup records the trail's head beside it: a backup whose last rows were cut off
    (guards dropped and put back) still verifies as a chain, but not against that head."""
    caseload(ok)
    ok("backup")
    (backup,) = private_db.parent.glob("resoc-backup-*.db")
    (record,) = private_db.parent.glob("resoc-backup-*.db.sha256")
    assert "\nhead " in record.read_text(encoding="utf-8")
    if not sidecar:
        record.unlink()
    sql(
        backup,
        f"""DROP TRIGGER audit_append_only_delete; DROP TRIGGER audit_values_no_delete;
            DELETE FROM audit_values WHERE audit_id > 2; DELETE FROM audit WHERE id > 2;
            {GUARDS_DDL}""",
    )
    r = resoc("restore", str(backup), "--yes")
    if sidecar:
        assert r.exit_code == 5 and len(r.stderr.splitlines()) == 1
        assert "not the one recorded when the backup was made" in r.stderr
    else:  # without the record, a chain cut at its end verifies: what the README says
        assert r.exit_code == 0, r.stderr


def test_a_restore_stopped_before_its_witness_never_leaves_one_ahead(
    ok, resoc, private_db, monkeypatch
):
    """Found in review: restore swapped the trail, then wrote the witness; stopped in between
    (or the write failing), an older backup's shorter trail stood behind the old witness and
    doctor failed a healthy database. The witness now says nothing until the swap is done."""
    from resoc_cli.services import integrity

    caseload(ok)
    ok("backup")
    for day in ("2026-09-14", "2026-09-21", "2026-09-28"):
        ok("session", "add", "K0001", "--date", day, "--hours", "1")  # the trail grows
    (backup,) = private_db.parent.glob("resoc-backup-*.db")
    monkeypatch.setattr(integrity, "record_witness", lambda conn, path: False)  # as if cut off
    r = resoc("restore", str(backup), "--yes")
    assert r.exit_code == 0, r.stderr
    assert "the witness file could not be written" in r.stderr
    code, found = doctor(resoc)
    assert found["witness"]["status"] != "fail" and code == 0, found["witness"]


def test_a_sealed_backup_records_the_head_too(ok, resoc, private_db, tmp_path, monkeypatch):
    """Every backup records the trail's head, an encrypted one beside its .age file: the
    restore of a sealed backup checks the decrypted trail against it."""
    from resoc_cli.storage import backup as files

    monkeypatch.setenv("RESOC_BACKUP_PASSPHRASE", "koloběžka")
    caseload(ok)
    target = tmp_path / "usb.db.age"
    ok("backup", str(target), "--encrypt")
    rows, digest = files.recorded_head(target)
    assert rows == audit_rows(private_db) and len(digest) == 64
    # the record says more rows than the sealed trail holds: restore must refuse it
    record = tmp_path / "usb.db.age.sha256"
    lines = record.read_text(encoding="utf-8").splitlines()
    record.write_text(f"{lines[0]}\nhead {rows + 5} {digest}\n", encoding="utf-8")
    r = resoc("restore", str(target), "--yes")
    assert r.exit_code == 5 and "not the one recorded" in r.stderr
