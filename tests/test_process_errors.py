"""The process around a command (issue 15, items 5, 6 and 14): a stdout that refuses the
answer, arguments that are not text, numbers beyond SQLite's, Ctrl-C and SIGTERM at any
moment. Real processes: the entry point is what is under test."""

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

QUICK = [("hours", "K0001", "--json"), ("check", "K0001"), ("caseload", "--json")]
FULL = [("client", "list"), ("export", "sessions"), ("db",)]


@pytest.fixture
def enrolled(ok, private_db):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("enrol", "K0001", "adult", "--date", "2026-01-05")
    ok("session", "add", "K0001", "--date", "2026-01-06", "--hours", "2.5")
    return private_db


def _run(db, argv, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "resoc_cli", "--db", str(db), *argv],
        stderr=subprocess.PIPE, text=True, timeout=60, **kwargs,
    )  # fmt: skip


@pytest.mark.parametrize("argv", QUICK + FULL)
def test_a_closed_stdout_is_one_line_not_two_tracebacks(enrolled, argv):
    """Found by attack: `resoc ... >&-` printed two chained tracebacks ('NoneType' object
    has no attribute 'write'), on the quick path and the full one."""
    r = subprocess.run(
        [sys.executable, "-c", "import os, sys; os.close(1); from resoc_cli.main import main;"
         " sys.argv[1:] = sys.argv[1:]; main()", "--db", str(enrolled), *argv],
        stderr=subprocess.PIPE, text=True, timeout=60,
    )  # fmt: skip
    assert "Traceback" not in r.stderr
    assert r.stderr == "resoc: error: standard output is closed; nothing could be printed\n"
    assert r.returncode == 5


@pytest.mark.parametrize("argv", QUICK + FULL)
def test_a_closed_pipe_ends_quietly_as_head_expects(enrolled, argv):
    """`resoc hours K0001 --json | head -c1` printed a BrokenPipeError traceback. The reader
    is gone before the first byte: exit 141 (as a program ended by SIGPIPE), nothing said."""
    read, write = os.pipe()
    os.close(read)
    try:
        r = _run(enrolled, argv, stdout=write)
    finally:
        os.close(write)
    assert (r.returncode, r.stderr) == (141, "")


@pytest.mark.parametrize("argv", QUICK + FULL)
def test_a_full_disk_under_stdout_is_one_line(enrolled, argv):
    with open("/dev/full", "w") as full:
        r = _run(enrolled, argv, stdout=full)
    assert r.stderr == "resoc: error: cannot use a file: No space left on device\n"
    assert r.returncode == 5


@pytest.mark.parametrize(
    "argv",
    [("print", "plan", b"\xff"), ("config", "set", "organisation.name", b"x\xffy"),
     ("hours", b"K\xff"), ("client", "show", b"\xc3"), (b"--lang=\xff", "client", "list")],
)  # fmt: skip
def test_an_argument_that_is_not_text_is_refused_at_the_entry_point(enrolled, tmp_path, argv):
    """`resoc print plan $'\\xff'` and `config set organisation.name $'x\\xffy'` exited 70
    with UnicodeEncodeError: one line, exit 2, nothing written."""
    args = [os.fsencode(a) if isinstance(a, str) else a for a in argv]
    work = tmp_path / "work"
    work.mkdir()
    r = subprocess.run(
        [sys.executable, "-m", "resoc_cli", "--db", str(enrolled), *args],
        capture_output=True, timeout=60, cwd=work,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )  # fmt: skip
    assert r.returncode == 2, r.stderr
    assert r.stderr.decode().startswith("resoc: error: argument ")
    assert r.stderr.count(b"\n") == 1 and r.stdout == b""
    assert list(work.iterdir()) == []


@pytest.mark.parametrize(
    "argv",
    [("session", "add", "K0001", "--hours", "1", "--with", "99999999999999999999"),
     ("session", "delete", "9999999999999999999999", "--yes"),
     ("session", "edit", "9999999999999999999999", "--hours", "1"),
     ("plan", "done", "K0001", "99999999999999999999"),
     ("meeting", "show", "99999999999999999999")],
)  # fmt: skip
def test_a_number_beyond_sqlite_is_exit_2_and_one_line(enrolled, resoc, argv):
    """Found by attack: exit 70 (OverflowError) for ids beyond 2**63."""
    r = resoc(*argv)
    assert r.exit_code == 2, r.stderr
    assert r.stderr.startswith("resoc: error: ") and r.stderr.count("\n") == 1
    assert "internal error" not in r.stderr


#: Python is up; everything from here on is resoc's start-up (its very first import included).
_FROM_START = (
    "import sys; sys.stderr.write('up\\n'); sys.stderr.flush();"
    " from resoc_cli.main import main; main()"
)


def _stop_at(db, argv, delay, signum):
    p = subprocess.Popen(
        [sys.executable, "-c", _FROM_START, "--db", str(db), *argv],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert p.stderr.readline() == "up\n"
    time.sleep(delay)
    p.send_signal(signum)
    _, err = p.communicate(timeout=30)
    return p.returncode, err


def test_ctrl_c_or_sigterm_at_any_moment_of_start_up_is_one_line(enrolled):
    """Ctrl-C during start-up printed a traceback. Bounded: 12 signals, seeded moments."""
    rng = random.Random(15)
    for n in range(12):
        signum = (signal.SIGINT, signal.SIGTERM)[n % 2]
        code, err = _stop_at(enrolled, ["client", "list"], rng.uniform(0.0, 0.25), signum)
        assert "Traceback" not in err, err
        if code == 0:  # it finished first
            continue
        if code == -signal.SIGTERM:  # before main() put the handler in: nothing was opened
            assert err == ""
            continue
        assert code == 128 + signum, (code, err)
        assert err.startswith("resoc: error: interrupted") and err.count("\n") == 1, err


def test_ctrl_c_at_a_prompt_is_130_and_one_line(enrolled):
    """At `client add`'s prompt Ctrl-C said "error: aborted" with exit 1. A terminal (a
    pseudo-terminal) for stdin and stderr, as resoc asks only there."""
    import pty
    import select
    import time

    def read(until) -> bytes:
        """What the terminal shows until ``until(seen)`` or its other end closes; bounded:
        a run that hangs fails the test instead of holding CI (seen once under load)."""
        got, deadline = b"", time.monotonic() + 30
        while not until(got):
            assert time.monotonic() < deadline, f"no answer within 30 s: {seen + got!r}"
            if not select.select([leader], [], [], 0.5)[0]:
                continue
            try:
                chunk = os.read(leader, 1000)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            got += chunk
        return got

    leader, follower = pty.openpty()
    seen = b""
    p = subprocess.Popen(
        [sys.executable, "-m", "resoc_cli", "--db", str(enrolled), "client", "add"],
        stdin=follower, stdout=follower, stderr=follower,
    )  # fmt: skip
    try:
        seen += read(lambda got: got.rstrip().endswith(b":"))  # the prompt: resoc waits
        # As a person would, a moment after the prompt shows: a SIGINT in the instant between
        # the prompt's write and the read of the answer is only noted by Python, and the
        # read (readline's select) then waits for Enter (CPython's race, seen under load).
        time.sleep(0.5)
        p.send_signal(signal.SIGINT)
        os.close(follower)
        follower = -1
        seen += read(lambda got: False)
        p.wait(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait(timeout=30)
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    text = seen.decode(errors="replace")
    assert p.returncode == 130, text
    assert text.strip().splitlines()[-1].startswith("resoc: error: interrupted"), text
    assert "Traceback" not in text and "aborted" not in text


@pytest.mark.parametrize(
    "name, content, argv",
    [("deep.json", "[" * 100_000 + "]" * 100_000, ()),
     ("deep.jsonl", '{"client": ' + "[" * 100_000 + "]" * 100_000 + "}\n", ()),
     ("num.json", '[{"client": "K0001", "date": "2026-01-07", "activity": "other",'
                  ' "minutes": ' + "9" * 5000 + "}]", ()),
     ("num.jsonl", '{"client": "K0001", "date": "2026-01-07", "activity": "other",'
                   ' "minutes": ' + "9" * 5000 + "}\n", ()),
     ("num.csv", "client,date,activity,minutes\nK0001,2026-01-07,other," + "9" * 5000, ()),
     ("a.csv", "client,date\n", ("--encoding", "undefined")),
     ("b.csv", "client,date\n", ("--encoding", "rot13"))],
)  # fmt: skip
def test_hostile_import_files_are_refused_not_internal_errors(
    enrolled, resoc, tmp_path, name, content, argv
):
    """Found by attack: exit 70 for JSON nested 100,000 deep (RecursionError), a 5,000-digit
    number (ValueError: the digit limit of int()) and --encoding undefined (UnicodeError)."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    r = resoc("import", "sessions", str(path), *argv)
    assert r.exit_code in (1, 2), r.stderr  # refused as input: the problems, or one line
    assert "internal error" not in r.stderr and r.exception is None
    assert r.stderr.strip().splitlines()[-1].startswith("resoc: error: ")
    assert "9" * 30 not in r.stderr


#: Words a fuzzed command line is made of: commands, options, and hostile values.
_WORDS = ["client", "session", "plan", "meeting", "hours", "check", "caseload", "export",
          "import", "print", "config", "add", "list", "show", "edit", "delete", "done",
          "sessions", "clients", "K0001", "--json", "--with", "--hours", "--date", "--yes",
          "--db", "--lang", "--output", "--format", "--encoding", "99999999999999999999",
          "-1", "0", "1e309", "2026-02-30", "x" * 300, "\udcff", "K\udcc3", "\x00", "--",
          "-", "'; DROP TABLE clients; --", "cs", "en", "xlsx", "undefined", "?", ""]  # fmt: skip


#: The values that broke it: beyond SQLite's integers, bytes that are not text, odd numbers.
_VALUES = ["99999999999999999999", "9" * 400, "\udcff", "K\udcc3", "x\udcffy", "-1", "1e309",
           "\x00", "x" * 300, "K0001", "1"]  # fmt: skip

#: Real commands to begin with, so that the words reach the commands' own parsing.
_STARTS = [("session", "add", "K0001"), ("session", "add", "K0001", "--hours", "1", "--with"),
           ("session", "delete"), ("session", "edit"), ("plan", "done", "K0001"),
           ("meeting", "show"), ("client", "show"), ("client", "list"), ("hours",), ("check",),
           ("caseload",), ("print", "plan"), ("config", "set", "organisation.name"),
           ("export", "sessions", "--format"), ("--lang",), ("--db",)]  # fmt: skip


def test_fuzzed_command_lines_never_exit_70_or_print_a_traceback(enrolled, tmp_path):
    """277 of 8,600 fuzzed command lines exited 70. Seeded, bounded: 300 command lines in
    a few processes (each runs many through the real entry point's checks and the CLI)."""
    script = tmp_path / "fuzz.py"
    script.write_text(
        "import io, json, sys\n"
        "from contextlib import redirect_stderr, redirect_stdout\n"
        "from resoc_cli import main, process\n"
        "from resoc_cli.commands import common\n"
        "out = []\n"
        "for argv in json.loads(sys.stdin.read()):\n"
        "    err = io.StringIO()\n"
        "    with redirect_stderr(err), redirect_stdout(io.StringIO()):\n"
        "        try:\n"
        "            code = main.run(argv)\n"
        "        except BaseException as exc:\n"
        "            code = repr(exc)\n"
        "        finally:\n"
        "            common.close()\n"
        "    out.append([argv, code, err.getvalue()])\n"
        "print(json.dumps(out, ensure_ascii=True))\n",
        encoding="utf-8",
    )
    rng = random.Random(1515)
    lines = [[*rng.choice(_STARTS), rng.choice(_VALUES),
              *(rng.choice(_WORDS) for _ in range(rng.randint(0, 2))),
              *rng.choice([(), ("--yes",), ("--hours", "1")])]
             for _ in range(300)]  # fmt: skip
    for chunk in (lines[i : i + 100] for i in range(0, len(lines), 100)):
        r = subprocess.run(
            [sys.executable, str(script)], input=json.dumps(chunk),  # lone surrogates kept
            capture_output=True, text=True, timeout=300, cwd=tmp_path,
            env={**os.environ, "RESOC_DB": str(enrolled)},
        )  # fmt: skip
        assert r.returncode == 0, r.stderr[-2000:]
        for argv, code, err in json.loads(r.stdout):
            assert code != 70 and isinstance(code, int), (argv, code, err)
            assert "Traceback" not in err, (argv, err)


def test_ctrl_c_while_resoc_itself_loads_is_one_line():
    """Found in CI on a fresh clone (Python compiling resoc on its first run): a SIGINT
    during ``from resoc_cli.main import main``, before resoc's handlers are in, printed
    Python's traceback. The entry point now catches it. The interrupt is made to land there
    by an import hook that raises KeyboardInterrupt as resoc_cli.main is looked up."""
    script = (
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'resoc_cli.main':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "from resoc_cli.entry import main\n"
        "main()\n"
    )
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert p.returncode == 130
    assert p.stderr == "resoc: interrupted before it began; nothing was done\n"
