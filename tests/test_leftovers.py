"""No file with personal data outlives its command (issue 15, item 4): exports (csv, xlsx),
papers and backups killed with SIGTERM or SIGINT at random moments leave nothing, not even
XlsxWriter's temporary files (they live beside the target, never in the system's /tmp);
what a SIGKILL leaves, the next run that writes into that folder sweeps once it is stale.
Bounded: about 20 kills of short runs, seeded moments."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from resoc_cli import files

pytestmark = pytest.mark.sqlite_only("what a killed process leaves beside the SQLite file")


@pytest.fixture
def caseload(ok, private_db):
    """The example caseload with its sessions copied 60 times (a few thousand rows, notes
    with a fictional name), so that an export spends a moment writing."""
    ok("example")
    with sqlite3.connect(private_db) as raw:
        raw.execute(
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 60)"
            " INSERT INTO sessions (client_id, enrolment_id, date, minutes, activity, phase,"
            " attendance, note) SELECT client_id, enrolment_id, date, minutes, activity, phase,"
            " attendance, 'Rumcajs Loupežník ' || x FROM sessions, n"
        )
    raw.close()
    return private_db


def _start(db, argv, cwd, tmpdir):
    env = {**os.environ, "TMPDIR": str(tmpdir), "RESOC_DB": str(db)}
    return subprocess.Popen(
        [sys.executable, "-m", "resoc_cli", *argv],
        cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _duration(db, argv, cwd, tmpdir) -> tuple[float, int]:
    """How long a whole run takes, and the size of the file it writes."""
    start = time.monotonic()
    p = _start(db, argv, cwd, tmpdir)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    took = time.monotonic() - start
    size = (cwd / argv[-1]).stat().st_size
    for name in os.listdir(cwd):
        os.unlink(cwd / name)
    return took, size


COMMANDS = {
    "csv": ["export", "sessions", "--output", "out.csv"],
    "xlsx": ["export", "sessions", "--format", "xlsx", "--output", "out.xlsx"],
    "print": ["print", "report", "2026", "--output", "out.pdf"],
    "backup": ["backup", "out.db"],
}
KILLS = {"csv": 6, "xlsx": 5, "print": 5, "backup": 4}


def _python_itself_stopped(err: str) -> bool:
    """A Ctrl-C in the interpreter's own start-up (``python -m`` importing runpy), before any
    of resoc ran: Python prints its traceback and stops; resoc cannot speak yet."""
    return err.startswith("Could not import runpy module") and "resoc_cli" not in err


@pytest.mark.parametrize("kind", list(COMMANDS))
def test_sigterm_and_sigint_at_random_moments_leave_nothing(caseload, tmp_path, kind):
    """Found by attack: `.x.csv.XXXX.part` in 29 of 40 kills of an export, XlsxWriter's files
    in /tmp in 40 of 40, `.part`/`.part-journal` from backups."""
    work, tmpdir = tmp_path / "work", tmp_path / "tmp"
    work.mkdir()
    tmpdir.mkdir()
    argv = COMMANDS[kind]
    whole, size = _duration(caseload, argv, work, tmpdir)
    # what a finished run leaves: the file, and beside a backup the checksum resoc records
    done = {argv[-1]} | ({f"{argv[-1]}.sha256"} if kind == "backup" else set())
    rng = random.Random(f"issue15-{kind}")
    stopped = 0
    for n in range(KILLS[kind]):
        signum = (signal.SIGTERM, signal.SIGINT)[n % 2]
        p = _start(caseload, argv, work, tmpdir)
        time.sleep(rng.uniform(0.1, 1.0) * whole)
        p.send_signal(signum)
        _, err = p.communicate(timeout=60)
        left = sorted(os.listdir(work))
        if _python_itself_stopped(err):  # before resoc's first line ran: nothing begun
            assert left == [] and os.listdir(tmpdir) == [], left
            continue
        assert "Traceback" not in err, err
        if p.returncode == 0:  # it finished first: the whole file (and a backup's checksum)
            assert left == sorted(done), left
            for name in left:
                os.unlink(work / name)
            continue
        if p.returncode == -signal.SIGTERM:  # before resoc's handlers were in: nothing begun
            assert left == [], left
            continue
        stopped += 1
        assert p.returncode == 128 + signum, (p.returncode, err)
        if err.endswith("interrupted before it began; nothing was done\n"):  # still loading
            assert signum == signal.SIGINT and left == [], left
            continue
        assert err.endswith("interrupted; the change may or may not have been saved (see:"
                            " resoc log)\n"), err  # fmt: skip
        assert os.listdir(tmpdir) == []  # nothing in the system's temporary folder
        if argv[-1] in left:  # stopped after the rename: the whole file, as said
            assert set(left) <= done, left  # a backup's checksum beside it, or not yet
            assert (work / argv[-1]).stat().st_size == size
            for name in left:
                os.unlink(work / name)
            continue
        assert left == [], left  # no .part, no -journal, no XlsxWriter folder, no half file
    assert stopped >= 1  # at least one kill landed while the command ran


def _sigkilled(db, argv, work, tmpdir) -> list[str]:
    """Start ``argv``, SIGKILL it as soon as its temporary file appears; what it left."""
    p = _start(db, argv, work, tmpdir)
    deadline = time.monotonic() + 30
    while not any(name.endswith(".part") for name in os.listdir(work)):
        assert p.poll() is None, "finished before its temporary file was seen"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    p.kill()
    p.wait(timeout=30)
    return sorted(os.listdir(work))


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_what_a_sigkill_leaves_the_next_run_sweeps(caseload, tmp_path, kind):
    work, tmpdir = tmp_path / "work", tmp_path / "tmp"
    work.mkdir()
    tmpdir.mkdir()
    left = _sigkilled(caseload, COMMANDS[kind], work, tmpdir)
    assert left and all(name.startswith(".out.") for name in left), left
    assert os.listdir(tmpdir) == []  # XlsxWriter's files beside the target, not in /tmp
    p = _start(caseload, COMMANDS["csv"][:-1] + ["other.csv"], work, tmpdir)
    p.communicate(timeout=60)
    assert sorted(os.listdir(work)) == sorted([*left, "other.csv"])  # not stale yet: kept
    old = time.time() - files.STALE_S - 60
    for name in left:
        os.utime(work / name, (old, old))
        if (work / name).is_dir():
            for inner in os.listdir(work / name):
                os.utime(work / name / inner, (old, old))
    p = _start(caseload, COMMANDS["csv"][:-1] + ["other.csv"], work, tmpdir)
    p.communicate(timeout=60)
    assert sorted(os.listdir(work)) == ["other.csv"]


def test_the_sweep_takes_only_resoc_s_own_stale_names(tmp_path):
    tmp_path = tmp_path / "folder"
    tmp_path.mkdir()
    old = time.time() - files.STALE_S - 60
    names = [".a.csv.abcd_123.part", ".a.csv.abcd1234.part", ".a.db.abcd1234.part-journal",
             ".a.xlsx.abcd1234.part-tmp", "a.csv.abcd1234.part", ".a.csv.abcd1234.partx",
             "tmpk3j2h1g0", ".a.csv.ABCD1234.part"]  # fmt: skip
    for name in names:
        if name.endswith("-tmp"):
            (tmp_path / name).mkdir()
            (tmp_path / name / "tmpxyz").write_text("Rumcajs")
            os.utime(tmp_path / name / "tmpxyz", (old, old))
        else:
            (tmp_path / name).write_text("Rumcajs")
        os.utime(tmp_path / name, (old, old))
    (tmp_path / ".b.csv.abcd1234.part").write_text("a run still writing")
    assert files.sweep(tmp_path) == 4
    assert sorted(os.listdir(tmp_path)) == sorted(
        [".b.csv.abcd1234.part", "a.csv.abcd1234.part",
         ".a.csv.abcd1234.partx", "tmpk3j2h1g0", ".a.csv.ABCD1234.part"]
    )  # fmt: skip


def test_a_killed_encrypted_backup_leaves_no_plain_copy_for_long(caseload, tmp_path, monkeypatch):
    """Found in review: a SIGKILLed `backup --encrypt` left `.resoc.db.XXXX.backup`, the whole
    database unencrypted, under a name no sweep knew. Its temporary files are now named as
    every other of resoc's, and the next backup beside the database sweeps them once stale."""
    monkeypatch.setenv("RESOC_BACKUP_PASSPHRASE", "koloběžka")
    folder, tmpdir = caseload.parent, tmp_path / "tmp"
    tmpdir.mkdir()
    argv = ["backup", str(tmp_path / "out.db.age"), "--encrypt"]
    before = set(os.listdir(folder))
    p = _start(caseload, argv, folder, tmpdir)
    deadline = time.monotonic() + 30
    while not [n for n in os.listdir(folder) if n.endswith(".part") and n not in before]:
        assert p.poll() is None, "finished before its temporary file was seen"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    p.kill()
    p.wait(timeout=30)
    left = sorted(n for n in set(os.listdir(folder)) - before if n.startswith("."))
    assert left and all(files._OURS.fullmatch(name) for name in left), left
    old = time.time() - files.STALE_S - 60
    for name in left:
        os.utime(folder / name, (old, old))
    done = _start(caseload, argv, folder, tmpdir)
    _, err = done.communicate(timeout=60)
    assert done.returncode == 0, err
    assert not set(left) & set(os.listdir(folder))  # swept


def test_a_stop_that_lands_in_a_callback_still_stops_in_one_line(tmp_path):
    """Found by test_sigterm_and_sigint_at_random_moments under load: a SIGTERM whose handler
    ran inside a callback Python cannot raise from (importlib's module-lock weakref) printed
    "Exception ignored … Traceback … Stopped" and was lost, the command going on. It must
    still stop the command, with the one line and the exit status of a stop."""
    import subprocess
    import sys

    code = (
        "import os, signal, weakref, sys\n"
        "from resoc_cli import process\n"
        "process.prepare()\n"
        "class Thing: pass\n"
        "thing = Thing()\n"
        "ref = weakref.ref(thing, lambda r: os.kill(os.getpid(), signal.SIGTERM))\n"
        "try:\n"
        "    del thing\n"
        "    for _ in range(10**7): pass\n"
        "    print('went on')\n"
        "except KeyboardInterrupt as exc:\n"
        "    print('stopped', process.exit_code(exc))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr, r.stderr
    assert r.stdout == "stopped 143\n", (r.stdout, r.stderr)
