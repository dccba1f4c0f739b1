"""Fault injection against the real command: every test runs `python -m resoc_cli` as a
subprocess and breaks something for real (SIGKILL, a second writer, a file size limit, a
read-only file, a missing folder, a file that is not ours) and then reads the file back with
plain sqlite3.
"""

import ctypes
import hashlib
import os
import random
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

BUSY = "database is busy, try again"
READ_ONLY = "the database file is read-only; nothing was written"
FIRST_DAY = date(2020, 1, 2)
LAST_DAY = date(2026, 10, 31)
#: Rows per import file: about 1 s of `resoc import sessions` on the machine this was written
#: on (40,000 rows: 1.1 s; 50,000: 1.25 s; process start-up is 0.2 s of it).
KILL_ROWS = 40_000
CLIENTS = (
    ("Ferda Mravenec", "1980-01-01", "m"),
    ("Rumcajs Loupežník", "1981-02-03", "m"),
)


# ---------------------------------------------------------------------------------------------
# helpers


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "RESOC_DB"}
    env["COLUMNS"] = "200"
    return env


def resoc_cmd(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "resoc_cli", "--db", str(db), *args]


def run(db: Path, *args: str, preexec_fn=None, timeout: float = 120):
    return subprocess.run(
        resoc_cmd(db, *args),
        capture_output=True,
        text=True,
        env=_env(),
        preexec_fn=preexec_fn,
        timeout=timeout,
    )


def kill_after(delay: float, db: Path, *args: str) -> int:
    """Run resoc, SIGKILL it after ``delay`` seconds unless it has finished; its return code."""
    proc = subprocess.Popen(
        resoc_cmd(db, *args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env()
    )
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    return proc.wait(timeout=60)


def ok(db: Path, *args: str) -> str:
    r = run(db, *args)
    assert r.returncode == 0, (args, r.returncode, r.stderr)
    return r.stdout


def one_error_line(stderr: str) -> str:
    """The whole of stderr must be one `resoc: error: ...` line, never a traceback."""
    assert "Traceback" not in stderr, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("resoc: error: "), stderr
    return lines[0]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sqlite_scalar(db: Path, sql: str):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def session_count(db: Path) -> int:
    return sqlite_scalar(db, "SELECT count(*) FROM sessions")


def integrity(db: Path) -> str:
    return sqlite_scalar(db, "PRAGMA integrity_check")


def write_sessions_csv(path: Path, rows: int, minutes: int = 60) -> Path:
    """`rows` sessions of K0001/K0002, dates cycling through 2020-01-02..2026-10-31."""
    span = (LAST_DAY - FIRST_DAY).days + 1
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("date,client,minutes\n")
        for i in range(rows):
            day = FIRST_DAY + timedelta(days=i % span)
            f.write(f"{day.isoformat()},K000{1 + i % 2},{minutes}\n")
    return path


@pytest.fixture(scope="module")
def base_db(tmp_path_factory) -> Path:
    """Two fictional clients, both enrolled in `adult` from 2020-01-01; built once through the
    real command, then copied (it is a single file: resoc checkpoints the WAL on exit)."""
    path = tmp_path_factory.mktemp("base") / "base.db"
    for name, born, sex in CLIENTS:
        ok(path, "client", "add", name, "--born", born, "--sex", sex)
    for code in ("K0001", "K0002"):
        ok(path, "enrol", code, "adult", "--date", "2020-01-01")
    assert not path.with_name(path.name + "-wal").exists()
    return path


def fresh_db(base: Path, folder: Path, name: str = "resoc.db") -> Path:
    """A copy of the base database in a private folder (0700, so `doctor` is content)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / name
    shutil.copy2(base, target)
    return target


@pytest.fixture(scope="module")
def kill_csv(tmp_path_factory) -> Path:
    return write_sessions_csv(tmp_path_factory.mktemp("csv") / "sessions.csv", KILL_ROWS)


# ---------------------------------------------------------------------------------------------
# 1. SIGKILL in the middle of an import


def test_sigkill_during_import_is_all_or_nothing(base_db, kill_csv, tmp_path):
    n = KILL_ROWS
    # How long a whole import takes here: the kills are spread over this span.
    probe = fresh_db(base_db, tmp_path / "probe")
    started = time.monotonic()
    done = run(probe, "import", "sessions", str(kill_csv))
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert f"imported {n} session(s)" in done.stdout
    assert session_count(probe) == n

    db = fresh_db(base_db, tmp_path / "kill")
    wal = db.with_name(db.name + "-wal")
    rng = random.Random(20261123)
    outcomes = []  # (delay, returncode, committed, wal bytes left by the killed process)
    committed_imports = 0
    for _ in range(8):
        before = session_count(db)
        delay = rng.uniform(0, duration)
        rc = kill_after(delay, db, "import", "sessions", str(kill_csv))
        left = wal.stat().st_size if wal.exists() else 0
        # Plain sqlite3 opens the file, recovering a hot WAL if the kill left one.
        assert integrity(db) == "ok", outcomes
        after = session_count(db)
        assert after in (before, before + n), (before, after, outcomes)
        committed = after == before + n
        if rc == 0:
            assert committed, "exit 0 but the rows are not there"
        committed_imports += committed
        # The import's audit row is written in the same transaction as its sessions.
        audit_rows = sqlite_scalar(
            db, "SELECT count(*) FROM audit WHERE action = 'import' AND entity = 'sessions'"
        )
        assert audit_rows == committed_imports, (audit_rows, committed_imports)
        outcomes.append((round(delay, 3), rc, committed, left))

    killed_early = [o for o in outcomes if o[1] == -signal.SIGKILL and not o[2]]
    assert killed_early, f"no kill landed before the import finished: {outcomes}"
    # Whatever the kills left behind, the file is still a healthy resoc database.
    ok(db, "session", "add", "K0001", "--date", "2025-01-01", "--hours", "2")
    doctor = run(db, "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "hash chain intact" in doctor.stdout


def test_sigkill_during_restore_leaves_the_old_database_or_the_restored_one_with_its_row(
    base_db, kill_csv, tmp_path
):
    """Restore is one step: killed at any moment, the database is either untouched or fully
    restored, and a restored database always carries its audit row."""
    source = fresh_db(base_db, tmp_path / "source")
    ok(source, "import", "sessions", str(kill_csv))
    backup = tmp_path / "source" / "full.db"
    ok(source, "backup", str(backup))
    probe = fresh_db(base_db, tmp_path / "probe")
    started = time.monotonic()
    done = run(probe, "restore", str(backup), "--yes")
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert session_count(probe) == KILL_ROWS

    db = fresh_db(base_db, tmp_path / "kill")
    rng = random.Random(20261124)
    outcomes = []
    for _ in range(8):
        shutil.copy2(base_db, db)
        for leftover in db.parent.glob(db.name + "-*"):
            leftover.unlink()
        delay = rng.uniform(duration / 3, duration)
        rc = kill_after(delay, db, "restore", str(backup), "--yes")
        assert integrity(db) == "ok", outcomes
        sessions = session_count(db)
        last_action = sqlite_scalar(db, "SELECT action FROM audit ORDER BY id DESC LIMIT 1")
        restored = sessions == KILL_ROWS
        assert sessions in (0, KILL_ROWS), (sessions, outcomes)
        assert (last_action == "restore") == restored, (last_action, sessions, outcomes)
        if rc == 0:
            assert restored, "exit 0 but the backup's rows are not there"
        outcomes.append((round(delay, 3), rc, restored))
    assert any(not o[2] for o in outcomes), f"no kill landed before the restore: {outcomes}"
    doctor = run(db, "doctor")
    assert "hash chain intact" in doctor.stdout, doctor.stdout


# ---------------------------------------------------------------------------------------------
# 2. Two writers at the same moment


def _busy_or_ok(result: subprocess.CompletedProcess) -> bool:
    """True when it succeeded; a failure must be exactly the one-line busy message (exit 5)."""
    if result.returncode == 0:
        return True
    assert result.returncode == 5, (result.returncode, result.stderr)
    assert BUSY in one_error_line(result.stderr)
    return False


def _finish(proc: subprocess.Popen) -> subprocess.CompletedProcess:
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_two_imports_at_once_lose_nothing(base_db, tmp_path):
    db = fresh_db(base_db, tmp_path / "db")
    sizes = (30_000, 20_000)  # different, so the total tells which ones landed
    files = [write_sessions_csv(tmp_path / f"part{i}.csv", n) for i, n in enumerate(sizes)]
    before = session_count(db)
    procs = [
        subprocess.Popen(
            resoc_cmd(db, "import", "sessions", str(f)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for f in files
    ]
    results = [_finish(p) for p in procs]
    landed = 0
    for n, r in zip(sizes, results, strict=True):
        if _busy_or_ok(r):
            assert f"imported {n} session(s)" in r.stdout
            landed += n
    assert integrity(db) == "ok"
    assert session_count(db) == before + landed


def test_import_and_session_adds_interleave(base_db, kill_csv, tmp_path):
    db = fresh_db(base_db, tmp_path / "db")
    before = session_count(db)
    importer = subprocess.Popen(
        resoc_cmd(db, "import", "sessions", str(kill_csv)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    added_ids, attempts = [], 0
    # One `session add` after another while the import runs (at least 2, at most 12).
    while attempts < 2 or (importer.poll() is None and attempts < 12):
        attempts += 1
        day = f"2025-02-{attempts:02d}"
        r = run(db, "session", "add", "K0002", "--date", day, "--minutes", "45")
        if _busy_or_ok(r):
            added_ids.append(int(r.stdout.strip()))
    imported = _busy_or_ok(_finish(importer))
    assert integrity(db) == "ok"
    assert session_count(db) == before + (KILL_ROWS if imported else 0) + len(added_ids)
    conn = sqlite3.connect(db)
    try:
        stored = {
            row[0]
            for row in conn.execute(
                "SELECT id FROM sessions WHERE minutes = 45 AND client_id ="
                " (SELECT id FROM clients WHERE code = 'K0002')"
            )
        }
    finally:
        conn.close()
    assert stored == set(added_ids)


def test_writer_held_off_gets_busy_and_writes_nothing(base_db, tmp_path):
    """Another writer holds the write lock for longer than resoc's 5 s busy timeout (the test
    itself, through sqlite3, until both resoc processes have exited): both must give up with
    the one-line busy message, exit 5, and write nothing."""
    db = fresh_db(base_db, tmp_path / "db")
    small = write_sessions_csv(tmp_path / "small.csv", 10)
    before_count = session_count(db)
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        procs = [
            subprocess.Popen(
                resoc_cmd(db, *args),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=_env(),
            )
            for args in (
                ("session", "add", "K0001", "--date", "2025-01-02", "--hours", "2"),
                ("import", "sessions", str(small)),
            )
        ]
        results = [_finish(p) for p in procs]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    for r in results:
        assert r.returncode == 5, (r.returncode, r.stdout, r.stderr)
        assert BUSY in one_error_line(r.stderr)
        assert r.stdout == ""
    assert integrity(db) == "ok"
    assert session_count(db) == before_count
    # Once the lock is gone the same command goes through.
    ok(db, "import", "sessions", str(small))
    assert session_count(db) == before_count + 10


# ---------------------------------------------------------------------------------------------
# 3. Disk full (a file size limit: writes past it fail with EFBIG)


def _file_size_limit(limit: int):
    def preexec():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


@pytest.mark.parametrize(
    "margin",
    [
        pytest.param(None, id="below-the-shm-file"),  # 16 KiB: even opening the WAL fails
        pytest.param(128 * 1024, id="db-plus-128KiB"),  # the import's pages do not fit
    ],
)
def test_full_disk_import_changes_nothing(base_db, kill_csv, tmp_path, margin):
    # Control: without a limit this import grows the file far past the limit used below.
    control = fresh_db(base_db, tmp_path / "control")
    ok(control, "import", "sessions", str(kill_csv))
    db = fresh_db(base_db, tmp_path / "db")
    limit = 16 * 1024 if margin is None else db.stat().st_size + margin
    assert control.stat().st_size > limit
    before_hash, before_count = sha256(db), session_count(db)

    r = run(db, "import", "sessions", str(kill_csv), preexec_fn=_file_size_limit(limit))
    assert r.returncode == 5, (r.returncode, r.stdout, r.stderr)
    line = one_error_line(r.stderr)
    assert "disk" in line, line
    if margin is not None:  # the file opened; the import's own writes failed
        assert "the change was rolled back" in line, line
    assert "imported" not in r.stdout

    assert sha256(db) == before_hash
    assert integrity(db) == "ok"
    assert session_count(db) == before_count
    # With room again, the next commands work on the same file.
    ok(db, "session", "add", "K0001", "--date", "2025-01-02", "--hours", "2")
    assert session_count(db) == before_count + 1
    doctor = run(db, "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr


# ---------------------------------------------------------------------------------------------
# 4. A read-only database file, read-only for root too

PR_CAPBSET_DROP = 24
#: CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_LINUX_IMMUTABLE
DAC_CAPS = (1, 2, 3, 9)


def _without_dac_caps():
    """preexec_fn: drop root's permission-bypassing capabilities from the bounding set (they
    are then gone after exec too), so a mode 0400 file is read-only for this root child."""
    libc = ctypes.CDLL(None, use_errno=True)

    def preexec():
        if os.geteuid() != 0:
            return  # an ordinary user is bound by the mode already
        for cap in DAC_CAPS:
            if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")

    return preexec


def _chattr(flag: str, path: Path) -> bool:
    chattr = shutil.which("chattr")
    if chattr is None:
        return False
    r = subprocess.run([chattr, flag, str(path)], capture_output=True)
    return r.returncode == 0


def _child_can_write(path: Path, preexec_fn) -> bool:
    probe = f"open({str(path)!r}, 'r+b').close()"
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, preexec_fn=preexec_fn)
    return r.returncode == 0


@pytest.mark.parametrize("how", ["mode-0400-without-dac-caps"])
def test_read_only_database(base_db, tmp_path, how):
    db = fresh_db(base_db, tmp_path / "db")
    small = write_sessions_csv(tmp_path / "small.csv", 10)
    preexec_fn = None
    db.chmod(0o400)
    preexec_fn = _without_dac_caps()
    try:
        # Precondition: the restriction really binds the child, root or not.
        assert not _child_can_write(db, preexec_fn)
        before_hash = sha256(db)

        r = run(db, "client", "list", preexec_fn=preexec_fn)
        assert r.returncode == 0, r.stderr
        assert "Ferda Mravenec" in r.stdout and "Rumcajs Loupežník" in r.stdout
        r = run(db, "hours", "K0001", "--json", preexec_fn=preexec_fn)
        assert r.returncode == 0, r.stderr
        assert '"attended_minutes": 0' in r.stdout

        for args in (
            ("client", "add", "Křemílek Pařez", "--born", "1985-05-05", "--sex", "m"),
            ("session", "add", "K0001", "--date", "2025-01-02", "--hours", "2"),
            ("import", "sessions", str(small)),
        ):
            r = run(db, *args, preexec_fn=preexec_fn)
            assert r.returncode == 5, (args, r.returncode, r.stdout, r.stderr)
            assert READ_ONLY in one_error_line(r.stderr), args
            assert r.stdout == "", args
        assert sha256(db) == before_hash
    finally:
        if how == "immutable":
            assert _chattr("-i", db)
    assert integrity(db) == "ok"
    assert session_count(db) == 0
    assert sqlite_scalar(db, "SELECT count(*) FROM clients") == len(CLIENTS)


# ---------------------------------------------------------------------------------------------
# 5. A database path whose folders do not exist


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_missing_folders_are_created_private(tmp_path):
    """README: a write creates the database on first use; new folders 0700, file 0600. So a
    missing folder is not an error for a write; a read refuses and creates nothing."""
    read_db = tmp_path / "no" / "such" / "dir" / "x.db"
    r = run(read_db, "client", "list")
    assert r.returncode == 5 and "no database at" in r.stderr
    assert not (tmp_path / "no").exists()
    r = run(read_db, "init")
    assert r.returncode == 0, r.stderr
    assert _mode(read_db) == 0o600
    for folder in (tmp_path / "no", tmp_path / "no" / "such", tmp_path / "no" / "such" / "dir"):
        assert _mode(folder) == 0o700, folder

    write_db = tmp_path / "other" / "place" / "x.db"
    r = run(write_db, "client", "add", "Ferda Mravenec", "--born", "1980-01-01", "--sex", "m")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "K0001"
    assert sqlite_scalar(write_db, "SELECT count(*) FROM clients") == 1
    assert integrity(write_db) == "ok"


@pytest.mark.no_database
def test_folder_that_cannot_be_made_is_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    blocker_hash = sha256(blocker)
    for db in (blocker / "x.db", blocker / "deeper" / "x.db"):
        for args in (
            ("client", "list"),
            ("client", "add", "Ferda Mravenec", "--born", "1980-01-01", "--sex", "m"),
        ):
            r = run(db, *args)
            assert r.returncode == 5, (db, args, r.returncode, r.stdout)
            # a read refuses before trying to create anything; a write cannot create it
            expected = "no database at" if args[1] == "list" else "cannot create the database"
            assert expected in one_error_line(r.stderr)
            assert r.stdout == ""
    assert sha256(blocker) == blocker_hash
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]

    folder = tmp_path / "a-folder"
    folder.mkdir()
    r = run(folder, "client", "list")
    assert r.returncode == 5
    assert "is a directory" in one_error_line(r.stderr)
    assert list(folder.iterdir()) == []


# ---------------------------------------------------------------------------------------------
# 6 and 7. Files that are not (this release's) resoc database: refused, not one byte changed

COMMANDS = (
    ("client", "list"),
    ("client", "add", "Křemílek Pařez", "--born", "1985-05-05", "--sex", "m"),
    ("session", "add", "K0001", "--date", "2025-01-02", "--hours", "2"),
    ("hours", "K0001"),
    ("db",),
)


def _assert_refused_untouched(db: Path, expected: str, extra_args=()) -> None:
    folder_before = sorted(p.name for p in db.parent.iterdir())
    before = sha256(db)
    for args in (*COMMANDS, *extra_args):
        r = run(db, *args)
        assert r.returncode == 5, (args, r.returncode, r.stdout, r.stderr)
        assert expected in one_error_line(r.stderr), args
        assert r.stdout == "", args
        assert sha256(db) == before, args
    doctor = run(db, "doctor")
    assert doctor.returncode == 1 and doctor.stdout.startswith("FAIL file: "), doctor.stdout
    assert "Traceback" not in doctor.stderr
    assert sha256(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == folder_before


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(99).randbytes(8192))


def _text_file(path: Path) -> None:
    path.write_text(
        "Seznam klientů (smyšlený)\nFerda Mravenec, 1980\nRumcajs Loupežník, 1981\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize("make", [_random_bytes, _text_file], ids=["random-bytes", "text-file"])
def test_not_a_sqlite_file_refused_untouched(tmp_path, make):
    db = tmp_path / "db" / "resoc.db"
    db.parent.mkdir(mode=0o700)
    make(db)
    small = write_sessions_csv(tmp_path / "small.csv", 3)
    _assert_refused_untouched(
        db, "cannot be used as a resoc database", [("import", "sessions", str(small))]
    )


def test_newer_release_refused_untouched(base_db, tmp_path):
    db = fresh_db(base_db, tmp_path / "db")
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    assert not db.with_name(db.name + "-wal").exists()
    small = write_sessions_csv(tmp_path / "small.csv", 3)
    _assert_refused_untouched(
        db, "written by a newer resoc (schema 99", [("import", "sessions", str(small))]
    )
    assert sqlite_scalar(db, "PRAGMA user_version") == 99


@pytest.mark.parametrize(
    ("journal", "version"), [("delete", 0), ("wal", 0), ("delete", 1), ("wal", 2)]
)
def test_foreign_sqlite_database_refused_untouched(tmp_path, journal, version):
    db = tmp_path / "db" / "recipes.db"
    db.parent.mkdir(mode=0o700)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT NOT NULL)")
    conn.execute("INSERT INTO recipes (title) VALUES ('Perník pro Jeníčka')")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    small = write_sessions_csv(tmp_path / "small.csv", 3)
    _assert_refused_untouched(
        db, "is a SQLite file but not a resoc database", [("import", "sessions", str(small))]
    )
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_schema")]
        assert tables == ["recipes"]
        assert conn.execute("SELECT title FROM recipes").fetchall() == [("Perník pro Jeníčka",)]
    finally:
        conn.close()


def test_first_use_of_a_new_file_by_several_processes_at_once(tmp_path):
    """Several commands creating the same new database at the same moment: the schema is
    made once (under the write lock), every command succeeds, nothing is lost."""
    for attempt in range(3):
        db = tmp_path / f"race{attempt}" / "resoc.db"
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "resoc_cli", "--db", str(db), "client", "add",
                 f"Mravenec Číslo{n}", "--born", "1980-01-01", "--sex", "m"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            for n in range(4)
        ]  # fmt: skip
        results = [(p.wait(), p.stdout.read(), p.stderr.read()) for p in procs]
        for p in procs:
            p.stdout.close()
            p.stderr.close()
        assert [code for code, _, _ in results] == [0, 0, 0, 0], results
        codes = sorted(out.strip() for _, out, _ in results)
        assert codes == ["K0001", "K0002", "K0003", "K0004"]
        assert integrity(db) == "ok"
        assert sqlite_scalar(db, "SELECT count(*) FROM programmes") == 2
