"""Issue 15: backups made only of a sound database and checked once written; pruning that
keeps a good backup and touches only resoc's own names; restore that loses no write."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest

pytestmark = pytest.mark.sqlite_only("backups are copies of the SQLite file, checked byte by byte")


def backups(folder, stem="resoc") -> list[str]:
    mine = f"{stem}-backup-"
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(mine) and p.suffix == ".db")


def checkpoint(path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def overwrite_a_table_page(path, table: str) -> None:
    """Bytes overwritten in the middle of the file: the body of ``table``'s root page."""
    conn = sqlite3.connect(path)
    root, size = conn.execute(
        "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_schema"
        " WHERE name = ?",
        (table,),
    ).fetchone()
    conn.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * size + 16)
        f.write(bytes(range(256)) * ((size - 16) // 256) + b"\xff" * ((size - 16) % 256))


def index_out_of_step(path, index: str, edit: str) -> None:
    """A table that disagrees with its index: the index hidden from SQLite while ``edit``
    changes the table, then put back as it was (quick_check does not compare the two)."""
    conn = sqlite3.connect(path, isolation_level=None)
    row = conn.execute("SELECT * FROM sqlite_schema WHERE name = ?", (index,)).fetchone()
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("DELETE FROM sqlite_schema WHERE name = ?", (index,))
    conn.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(edit)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("INSERT INTO sqlite_schema VALUES (?, ?, ?, ?, ?)", tuple(row))
    conn.close()
    checkpoint(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"  # the damage hides from it
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    conn.close()


@pytest.fixture
def sixty(ok, private_db):
    for n in range(60):
        ok("client", "add", f"Mravenec Číslo{n}", "--born", "1988-04-12", "--sex", "m")
    checkpoint(private_db)


def test_a_damaged_database_is_not_backed_up_and_no_good_backup_is_pruned(
    ok, resoc, sixty, private_db
):
    ok("backup")
    ok("backup")
    good = backups(private_db.parent)
    assert len(good) == 2
    overwrite_a_table_page(private_db, "clients")
    for _ in range(2):
        r = resoc("backup", "--keep", "2")
        assert r.exit_code == 5, r.stderr
        assert len(r.stderr.splitlines()) == 1 and "Mravenec" not in r.stderr
        assert "damaged" in r.stderr or "malformed" in r.stderr
    assert backups(private_db.parent) == good
    assert not [p for p in private_db.parent.iterdir() if p.name.endswith(".part")]


def test_an_index_out_of_step_with_its_table_is_found_by_doctor_and_backup(
    ok, resoc, ferda, private_db
):
    before = json.loads(ok("hours", "K0001", "--json"))
    ok("backup")
    index_out_of_step(private_db, "sessions_date", "UPDATE sessions SET minutes = minutes + 45")
    r = resoc("doctor", "--json")
    assert r.exit_code == 1
    found = {c["check"]: c for c in json.loads(r.stdout)["checks"]}
    assert found["integrity"]["status"] == "fail"
    assert "index sessions_date disagrees with table sessions" in found["integrity"]["detail"]
    assert "restore" in found["integrity"]["fix"]
    r = resoc("backup", "--keep", "1")
    assert r.exit_code == 5 and len(r.stderr.splitlines()) == 1
    assert "sessions_date" in r.stderr and "damaged" in r.stderr
    assert len(backups(private_db.parent)) == 1
    assert before  # the good backup stays, and restores the right hours
    ok("restore", str(private_db.parent / backups(private_db.parent)[0]), "--yes")
    assert json.loads(ok("hours", "K0001", "--json")) == before


def test_an_index_missing_rows_is_found(ok, resoc, ferda, private_db):
    index_out_of_step(private_db, "sessions_client_date", "DELETE FROM sessions WHERE id > 10")
    code = resoc("doctor").exit_code
    assert code == 1
    assert resoc("backup").exit_code == 5


def test_a_copy_that_does_not_read_back_is_not_kept_and_nothing_pruned(
    ok, resoc, sixty, private_db, monkeypatch
):
    from resoc_cli.storage import maintenance

    ok("backup")
    good = backups(private_db.parent)
    real = maintenance.integrity
    calls = []

    def the_copy_fails(conn, **kw):  # the first check is the database's, the second the copy's
        calls.append(1)
        return ["Tree 2 page 2 cell 0: invalid page number"] if len(calls) == 2 else real(conn)

    monkeypatch.setattr(maintenance, "integrity", the_copy_fails)
    r = resoc("backup", "--keep", "1")
    assert r.exit_code == 5 and "does not read back" in r.stderr, r.stderr
    assert len(calls) == 2 and backups(private_db.parent) == good
    assert not [p for p in private_db.parent.iterdir() if p.name.startswith(".")]


def test_keep_matches_only_resoc_s_own_backup_names(ok, tmp_path):
    """``--db '*.db'`` is a name, not a pattern: another database's backups and files that
    merely look like backups stay; ``a[1].db`` prunes its own."""
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o700)
    strangers = [
        "other-backup-20260101-000000.db",
        "resoc-backup-20260101-000000.db",
        "x-backup-notes.db",
        "-backup-20260101-000000.db.txt",
    ]
    for name in strangers:
        (folder / name).write_bytes(b"someone else's file")
    star = folder / "*.db"
    ferda = ("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("--db", str(star), *ferda)
    for _ in range(3):
        ok("--db", str(star), "backup", "--keep", "1")
    assert sorted(p.name for p in folder.iterdir() if p.name in strangers) == sorted(strangers)
    assert len(backups(folder, "*")) == 1
    odd = folder / "a[1].db"
    ok("--db", str(odd), *ferda)
    for _ in range(3):
        ok("--db", str(odd), "backup")
    assert len(backups(folder, "a[1]")) == 3
    out = ok("--db", str(odd), "backup", "--keep", "2")
    assert len(backups(folder, "a[1]")) == 2 and out.count("removed old backup") == 2
    assert not [p for p in folder.iterdir() if p.name.endswith(".sha256") and not
                (folder / p.name.removesuffix(".sha256")).exists()]  # fmt: skip


def test_keep_prunes_the_copies_restore_kept(ok, private_db, tmp_path):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    copy = tmp_path / "copy.db"
    ok("backup", str(copy))
    ok("restore", str(copy), "--yes")
    ok("restore", str(copy), "--yes")
    folder = private_db.parent
    assert len(list(folder.glob("resoc-before-restore-*.db"))) == 2
    ok("backup", "--keep", "1")
    assert list(folder.glob("resoc-before-restore-*")) == []
    assert len(backups(folder)) == 1


def test_keep_with_a_backup_elsewhere_never_leaves_no_good_backup(ok, private_db, tmp_path):
    """Backups beside the database that resoc never checked (no recorded checksum) are not
    pruned for a backup written elsewhere: none of those that would stay is known good."""
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    folder = private_db.parent
    ok("backup")
    ok("backup")
    for sidecar in folder.glob("*.sha256"):
        sidecar.unlink()  # as made by an older resoc
    ok("backup", str(tmp_path / "usb.db"), "--keep", "1")
    assert len(backups(folder)) == 2
    ok("backup")  # checked and recorded
    ok("backup", str(tmp_path / "usb2.db"), "--keep", "1")
    assert len(backups(folder)) == 1


WRITER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], timeout=float(sys.argv[2]), isolation_level=None)
end = time.monotonic() + float(sys.argv[3])
n = 0
while True:
    n += 1
    try:
        conn.execute("INSERT INTO settings (key, value) VALUES (?, 'written meanwhile')",
                     (f"probe-{sys.argv[4]}-{n}",))
        print(f"probe-{sys.argv[4]}-{n}", flush=True)
    except sqlite3.OperationalError:
        print("busy", flush=True)
    if time.monotonic() > end:
        break
    time.sleep(0.01)
"""


def write_meanwhile(db, timeout=0.5, seconds=0.0, tag="a", wait=True):
    args = [sys.executable, "-c", WRITER, str(db), str(timeout), str(seconds), tag]
    if wait:
        return subprocess.run(args, capture_output=True, text=True, timeout=30).stdout.split()
    return subprocess.Popen(args, stdout=subprocess.PIPE, text=True)


def probes(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT key FROM settings WHERE key LIKE 'probe-%'")}
    finally:
        conn.close()


def test_restore_holds_the_write_lock_from_its_safety_copy_to_the_swap(
    ok, private_db, tmp_path, monkeypatch
):
    """A write another process commits right after the safety copy was taken used to land
    in neither file; now it waits for the lock (and lands in the restored database)."""
    from resoc_cli.storage import restore as restoring

    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    copy = tmp_path / "copy.db"
    ok("backup", str(copy))
    seen = []
    real = restoring.safety_copy

    def then_another_writes(db_path, kept):
        real(db_path, kept)
        seen.extend(write_meanwhile(db_path))

    monkeypatch.setattr(restoring, "safety_copy", then_another_writes)
    out = ok("restore", str(copy), "--yes")
    kept = next(private_db.parent.glob("resoc-before-restore-*.db"))
    assert str(kept) in out and seen == ["busy"]
    committed = set(write_meanwhile(private_db)) - {"busy"}
    assert committed and committed <= probes(private_db)


def test_no_write_of_a_concurrent_process_is_lost_by_restores(ok, private_db, tmp_path):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    copy = tmp_path / "copy.db"
    ok("backup", str(copy))
    writer = write_meanwhile(private_db, timeout=5, seconds=2.5, wait=False)
    try:
        for _ in range(4):
            done = subprocess.run(
                [sys.executable, "-m", "resoc_cli", "restore", str(copy), "--yes"],
                capture_output=True, text=True, timeout=30,
            )  # fmt: skip
            assert done.returncode == 0, done.stderr
        committed = set(writer.communicate(timeout=30)[0].split()) - {"busy"}
    finally:
        writer.kill()
        writer.wait()
    found = probes(private_db)
    for kept in private_db.parent.glob("resoc-before-restore-*.db"):
        found |= probes(kept)
    assert committed and committed <= found, sorted(committed - found)[:5]


@pytest.fixture
def read_only_mount(tmp_path):
    """A tmpfs of our own, remounted read-only by the test (needs root; skipped otherwise)."""
    folder = tmp_path / "media"
    folder.mkdir(mode=0o700)
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", str(folder)],
        capture_output=True, timeout=10,
    )  # fmt: skip
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")

    def read_only():
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, timeout=10)

    try:
        yield folder, read_only
    finally:
        # lazy: the in-process runner may still hold the database open until its teardown
        gone = subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=10)
        assert gone.returncode == 0, gone.stderr


@pytest.mark.parametrize("medium", ["mount", "file"])
def test_a_read_only_database_reads_backs_up_and_passes_doctor(
    ok, resoc, tmp_path, read_only_mount, medium
):
    import hashlib

    folder, make_read_only = read_only_mount
    db = folder / "resoc.db"
    ok("--db", str(db), "client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    if medium == "mount":
        make_read_only()
    else:
        os.chmod(db, 0o400)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    assert "K0001" in ok("--db", str(db), "client", "list")
    copy = tmp_path / "copy.db"
    ok("--db", str(db), "backup", str(copy))
    assert sqlite3.connect(copy).execute("SELECT count(*) FROM clients").fetchone()[0] == 1
    r = resoc("--db", str(db), "doctor", "--json")
    assert r.exit_code == 0, r.stdout
    found = {c["check"]: c for c in json.loads(r.stdout)["checks"]}
    assert found["writable"]["status"] == "warn" and "read-only" in found["writable"]["detail"]
    assert not any("restore" in (c["fix"] or "") for c in found.values())
    r = resoc("--db", str(db), "client", "add", "Manka Loupežnická", "--born", "1983-01-17",
              "--sex", "f")  # fmt: skip
    assert r.exit_code == 5 and r.stderr == (
        "resoc: error: the database file is read-only; nothing was written\n"
    )
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    if medium == "file":
        os.chmod(db, 0o600)


@pytest.mark.parametrize("backup", ["recorded", "no checksum", "changed since"])
def test_restore_checks_a_backup_resoc_recorded_cheaply_and_any_other_fully(
    ok, private_db, tmp_path, monkeypatch, backup
):
    from resoc_cli.storage import maintenance

    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    copy = tmp_path / "copy.db"
    ok("backup", str(copy))
    if backup == "no checksum":
        (tmp_path / "copy.db.sha256").unlink()
    elif backup == "changed since":
        from resoc_cli.storage.db import migrations

        conn = sqlite3.connect(copy)
        conn.execute("UPDATE settings SET value = value WHERE 0")
        latest = migrations()[-1][0]  # the same version: only the header's counter moves
        conn.execute(f"PRAGMA user_version = {latest}")
        conn.commit()
        conn.close()
    real, full = maintenance.integrity, []

    def watched(conn, **kw):
        full.append(kw.get("full", False))
        return real(conn, **kw)

    monkeypatch.setattr(maintenance, "integrity", watched)
    ok("restore", str(copy), "--yes")
    assert full == [backup != "recorded"]


def leftovers(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_an_encrypted_backup_round_trip_to_a_passphrase(ok, resoc, private_db, monkeypatch):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    monkeypatch.setenv("RESOC_BACKUP_PASSPHRASE", "Pohádkový les 2026")
    out = ok("backup", "--encrypt", "--keep", "3")
    sealed = next(private_db.parent.glob("resoc-backup-*.db.age"))
    assert str(sealed) in out and oct(sealed.stat().st_mode & 0o777) == "0o600"
    data = sealed.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n") and b"Ferda" not in data
    assert b"SQLite format 3" not in data and leftovers(private_db.parent) == []
    ok("client", "add", "Manka Loupežnická", "--born", "1983-01-17", "--sex", "f")
    before = private_db.read_bytes()
    monkeypatch.setenv("RESOC_BACKUP_PASSPHRASE", "wrong")
    r = resoc("restore", str(sealed), "--yes")
    assert r.exit_code == 2 and len(r.stderr.splitlines()) == 1
    assert "cannot decrypt" in r.stderr and "nothing was replaced" in r.stderr
    assert private_db.read_bytes() == before and leftovers(private_db.parent) == []
    assert not list(private_db.parent.glob("resoc-before-restore-*"))
    monkeypatch.setenv("RESOC_BACKUP_PASSPHRASE", "Pohádkový les 2026")
    ok("restore", str(sealed), "--yes")
    assert [c["code"] for c in json.loads(ok("client", "list", "--json"))] == ["K0001"]
    assert leftovers(private_db.parent) == []
    renamed = sealed.with_name("zaloha.bin")  # recognised by its header, not its name
    sealed.rename(renamed)
    ok("restore", str(renamed), "--yes")


def test_an_encrypted_backup_to_a_recipient_needs_its_identity(
    ok, resoc, private_db, tmp_path, monkeypatch
):
    from pyrage import x25519

    key = x25519.Identity.generate()
    identity = tmp_path / "key.txt"
    identity.write_text(f"# created: for a test\n{key}\n", encoding="utf-8")
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    monkeypatch.delenv("RESOC_BACKUP_PASSPHRASE", raising=False)
    target = tmp_path / "usb.db.age"
    ok("backup", str(target), "--recipient", str(key.to_public()))
    assert b"Ferda" not in target.read_bytes()
    r = resoc("restore", str(target), "--yes")
    assert r.exit_code == 2 and "--identity" in r.stderr and len(r.stderr.splitlines()) == 1
    other = tmp_path / "other.txt"
    other.write_text(f"{x25519.Identity.generate()}\n", encoding="utf-8")
    r = resoc("restore", str(target), "--yes", "--identity", str(other))
    assert r.exit_code == 2 and "cannot decrypt" in r.stderr
    ok("restore", str(target), "--yes", "--identity", str(identity))
    assert leftovers(private_db.parent) == []
    bad = resoc("backup", "--recipient", "age1notakey")
    assert bad.exit_code == 2 and "not an age recipient" in bad.stderr


def test_encrypt_without_a_passphrase_or_terminal_is_refused(resoc, private_db, monkeypatch):
    monkeypatch.delenv("RESOC_BACKUP_PASSPHRASE", raising=False)
    resoc("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    r = resoc("backup", "--encrypt")
    assert r.exit_code == 2 and "RESOC_BACKUP_PASSPHRASE" in r.stderr
    assert not list(private_db.parent.glob("resoc-backup-*")) and not leftovers(private_db.parent)


@pytest.mark.parametrize("sealed", ["passphrase", "recipient"])
def test_a_backup_sealed_to_a_recipient_gets_the_full_check(
    ok, private_db, tmp_path, monkeypatch, sealed
):
    """Found in review: any age file that decrypted got only the cheap check, but anyone with
    the public key can seal a file to a recipient. Only a passphrase file is resoc's own."""
    from pyrage import x25519

    from resoc_cli.storage import maintenance

    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    key = x25519.Identity.generate()
    identity = tmp_path / "key.txt"
    identity.write_text(f"{key}\n", encoding="utf-8")
    target = tmp_path / "usb.db.age"
    if sealed == "passphrase":
        monkeypatch.setenv("RESOC_BACKUP_PASSPHRASE", "koloběžka")
        ok("backup", str(target), "--encrypt")
        extra = []
    else:
        ok("backup", str(target), "--recipient", str(key.to_public()))
        extra = ["--identity", str(identity)]
    real, full = maintenance.integrity, []

    def watched(conn, **kw):
        full.append(kw.get("full", False))
        return real(conn, **kw)

    monkeypatch.setattr(maintenance, "integrity", watched)
    ok("restore", str(target), "--yes", *extra)
    assert full == [sealed == "recipient"]
