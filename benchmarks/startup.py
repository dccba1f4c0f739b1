"""Time the start-up of every kind of resoc command, as whole processes, against a floor.

    python benchmarks/startup.py [--runs 15] [--json] [--db PATH]

Without ``--db`` the bundled example caseload is built in a temporary directory (with
``resoc example`` where this resoc has it, else ``python examples/load.py``); ``--db`` takes an
existing copy of it instead (K0001 to K0009, K0006 with family member 1, no K0010). Reads
run against that database; writes go to a copy made once, so the reads see the original;
that copy gets three more clients and a group of all twelve, for `meeting add` (one meeting,
twelve participants' sessions, in one process and one transaction) and one meeting held
before timing, for `print attendance 1`; the papers go to the temporary directory.

The floor ("the one-row-insert floor") is a bare Python process (this interpreter, no extra
flags, as the installed ``resoc`` gets it) that opens the example database with sqlite3, sets
``PRAGMA synchronous=FULL`` and inserts one row into a scratch table in a transaction, then
commits; it works on a copy of its own with the scratch table made before timing.

Every round runs the floor, then each command once in an order shuffled per round (fixed
seed), so machine noise hits all alike. Each row shows the command's median, the floor's
median, their ratio and the target: writes <= 5x, reads <= 4x, quick lookups <= 2x; a paper
(`resoc print`, one PDF typeset by Typst) <= 1.5 s as a whole process, whatever the floor. The
benchmark reports and exits 0 even when a row is OVER; it exits 1 only if a command fails.
Commands run with LANG=C.UTF-8, no RESOC_LANG/LC_ALL/RESOC_DB, and a settings file that does
not exist, output to /dev/null. Without ``--db`` nothing is written outside the temporary
directory; a ``--db`` database is only checkpointed before it is copied (as run.py does).
"""

import argparse
import json
import os
import random
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from run import PY, RESOC, copy_db

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261123
SCRATCH = "bench_startup_scratch"
TARGETS = {"write": 5.0, "read": 4.0, "quick": 2.0}
PRINT_TARGET_MS = 1500.0  # a paper (PDF) as a whole process: an absolute target, not a ratio
DROPPED_ENV = ("RESOC_DB", "RESOC_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "_RESOC_COMPLETE")

FLOOR = f"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA synchronous=FULL")
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO {SCRATCH} (note) VALUES ('floor')")
conn.execute("COMMIT")
conn.close()
"""


def base_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    env["LANG"] = "C.UTF-8"
    env["RESOC_CONFIG"] = str(tmp / "no-such-config.toml")  # the user's settings stay out
    env["PATH"] = os.pathsep.join([str(Path(PY).parent), env.get("PATH", "")])
    return env


def byte_compile(env: dict[str, str]) -> None:
    """Compile resoc's modules to bytecode first, as installing a wheel does: with
    PYTHONDONTWRITEBYTECODE set (or a fresh editable checkout) every run would otherwise
    compile them again, and that is not what a curator's installed resoc pays."""
    where = subprocess.run(
        [PY, "-c", "import resoc_cli, os; print(os.path.dirname(resoc_cli.__file__))"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    clean = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([PY, "-m", "compileall", "-q", where], env=clean, check=True)


def build_example(db: Path, env: dict[str, str]) -> None:
    """The example caseload into ``db``: ``resoc example`` if there is one, else load.py."""
    probe = [*RESOC, "--db", str(db.with_name("probe.db")), "example", "--help"]
    has_example = subprocess.run(probe, env=env, capture_output=True).returncode == 0
    cmd = [*RESOC, "--db", str(db), "example"] if has_example else [
        PY, str(ROOT / "examples" / "load.py"), str(db)
    ]  # fmt: skip
    proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if proc.returncode != 0 or not db.exists():
        sys.exit(f"startup: building the example failed ({shlex.join(cmd)}): {proc.stderr[-500:]}")


def floor_copy(db: str, folder: Path) -> Path:
    """The floor's own copy of the database, with its scratch table."""
    folder.mkdir()
    path = copy_db(db, folder)
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE TABLE {SCRATCH} (id INTEGER PRIMARY KEY, note TEXT)")
    conn.commit()
    conn.close()
    return path


GROUP = "BENCH-12"  # the 9 example clients and 3 more: a group of 12 for `meeting add`


def prepare_writes(writes: str, env: dict[str, str]) -> None:
    """Before timing, in the writes' copy: three more (enrolled) clients and a group of 12,
    so that `meeting add` records one meeting with 12 participants' sessions."""
    w = [*RESOC, "--db", writes]
    steps = [
        f'client add "Testovací Účastník {n}" --born 1990-01-0{n} --sex m --allow-duplicate'
        for n in (1, 2, 3)
    ]
    steps += [f"enrol K00{n} adult --date 2026-01-05" for n in (10, 11, 12)]
    members = " ".join(f"K{n:04d}" for n in range(1, 13))
    steps += [
        f'group add {GROUP} --name "Testovací skupina"',
        f"group join {GROUP} {members} --date 2026-01-05",
        f"meeting add {GROUP} --date 2026-01-12 --hours 2",
    ]  # fmt: skip  (meeting 1)
    for line in steps:
        proc = subprocess.run([*w, *shlex.split(line)], env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True)  # fmt: skip
        if proc.returncode != 0:
            sys.exit(f"startup: preparing `{line}` failed: {proc.stderr.strip()[-500:]}")


def commands(db: str, writes: str, papers: Path) -> list[dict]:
    """Every timed command: label, argv, extra env, accepted exit codes, kind."""
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    w = [*RESOC, "--db", writes]
    r = [*RESOC, "--db", db]
    table = [
        ("write", w, 'client add "Testovací Klient" --born 1990-01-01 --sex m --allow-duplicate'),
        ("write", w, f"session add K0007 --date {yesterday} --hours 2"),
        ("write", w, f"contact add K0006 --member 1 --date {yesterday} --kind phone"),
        ("write", w, 'plan goal K0007 housing "Najít bydlení"'),
        (
            "write",
            w,
            f"meeting add {GROUP} --date {yesterday} --hours 2 --absent K0003 --late K0005",
        ),
        ("read", r, "client show K0001"),
        ("read", r, "session list K0001"),
        ("read", r, "agenda"),
        ("read", r, "caseload"),
        ("read", r, "report year 2026"),
        ("read", r, "--help"),
        ("quick", r, "hours K0001"),
        ("quick", r, "check K0001"),
        ("quick", r, "caseload --json"),
        ("print", r, "print certificate K0001"),
        ("print", r, "print plan K0001"),
        ("print", w, "print attendance 1"),
        ("print", r, "print report 2026"),
    ]

    def argv(kind: str, prefix: list[str], line: str) -> list[str]:
        words = [*prefix, *shlex.split(line)]  # a paper goes to the temporary directory
        return [*words, "-o", str(papers / f"{words[-2]}.pdf")] if kind == "print" else words

    out = [
        {"label": line, "argv": argv(kind, prefix, line), "env": {},
         "codes": (0, 1) if line.startswith("check") else (0,), "kind": kind}
        for kind, prefix, line in table
    ]  # fmt: skip
    # What the bash function of completion.py runs for `resoc --db DB hours K<TAB>`:
    # _RESOC_COMPLETE=bash resoc "${COMP_WORDS[@]:1:COMP_CWORD}", i.e. the words so far.
    out.append(
        {"label": "complete: hours K<TAB>", "argv": [*r, "hours", "K"],
         "env": {"_RESOC_COMPLETE": "bash"}, "codes": (0,), "kind": "quick",
         "expect": "K0001"}
    )  # fmt: skip
    return out


def check_once(cmd: dict, env: dict[str, str]) -> None:
    """Run a command once before timing; abort with its output if it fails."""
    proc = subprocess.run(
        cmd["argv"], env={**env, **cmd["env"]}, stdin=subprocess.DEVNULL,
        capture_output=True, text=True,
    )  # fmt: skip
    if proc.returncode not in cmd["codes"]:
        sys.exit(
            f"startup: `{cmd['label']}` failed (exit {proc.returncode}):\n"
            f"{(proc.stderr or proc.stdout).strip()[-800:]}"
        )
    if cmd.get("expect") and cmd["expect"] not in proc.stdout.split():
        sys.exit(f"startup: `{cmd['label']}` did not offer {cmd['expect']}: {proc.stdout!r}")


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(
        argv, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - start, proc.returncode


def measure(cmds: list[dict], floor_argv: list[str], env: dict[str, str], runs: int) -> list:
    rng = random.Random(SEED)
    floor_times: list[float] = []
    times: dict[str, list[float]] = {c["label"]: [] for c in cmds}
    for _ in range(runs):
        seconds, code = timed(floor_argv, env)
        if code != 0:
            sys.exit(f"startup: the floor failed (exit {code})")
        floor_times.append(seconds)
        for cmd in rng.sample(cmds, len(cmds)):
            seconds, code = timed(cmd["argv"], {**env, **cmd["env"]})
            if code not in cmd["codes"]:
                sys.exit(f"startup: `{cmd['label']}` failed while timed (exit {code})")
            times[cmd["label"]].append(seconds)
    floor = statistics.median(floor_times)
    results = [{"kind": "floor", "command": "one-row-insert floor", "median_ms": floor * 1000,
                "floor_ms": floor * 1000, "ratio": 1.0, "target": None, "status": ""}]  # fmt: skip
    for cmd in cmds:
        median = statistics.median(times[cmd["label"]])
        ratio = median / floor
        if cmd["kind"] == "print":
            target, within = None, median * 1000 <= PRINT_TARGET_MS
        else:
            target = TARGETS[cmd["kind"]]
            within = ratio <= target
        results.append(
            {"kind": cmd["kind"], "command": cmd["label"], "median_ms": median * 1000,
             "floor_ms": floor * 1000, "ratio": ratio, "target": target,
             "target_ms": PRINT_TARGET_MS if cmd["kind"] == "print" else None,
             "status": "ok" if within else "OVER"}
        )  # fmt: skip
    return results


def print_table(results: list[dict], db: str, runs: int) -> None:
    print(f"database {db}, median of {runs} interleaved rounds")
    width = max(len(r["command"]) for r in results)
    print(f"{'kind':6} {'command':{width}} {'median':>10} {'floor':>10} {'ratio':>6} target")
    for r in results:
        target = f"<= {r['target']:g}x" if r["target"] else ""
        if r.get("target_ms"):
            target = f"<= {r['target_ms'] / 1000:g} s"
        print(
            f"{r['kind']:6} {r['command']:{width}} {r['median_ms']:7.1f} ms"
            f" {r['floor_ms']:7.1f} ms {r['ratio']:6.2f} {target:7} {r['status']}".rstrip()
        )
    over = sum(r["status"] == "OVER" for r in results)
    print(f"{over} of {len(results) - 1} over target" if over else "all within target")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="interleaved rounds (default 15)")
    ap.add_argument("--json", action="store_true", help="print one JSON document")
    ap.add_argument("--db", help="an existing example database (default: build one)")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    tmp = Path(tempfile.mkdtemp(prefix="resoc-startup-"))
    try:
        env = base_env(tmp)
        byte_compile(env)
        if args.db:
            db = str(Path(args.db).resolve())
            if not Path(db).is_file():
                sys.exit(f"startup: no database at {db}")
        else:
            db = str(tmp / "example.db")
            build_example(Path(db), env)
        writes = str(copy_db(db, tmp))
        prepare_writes(writes, env)
        floor_argv = [PY, "-c", FLOOR, str(floor_copy(db, tmp / "floor"))]
        (tmp / "papers").mkdir()
        cmds = commands(db, writes, tmp / "papers")
        if subprocess.run(floor_argv, env=env).returncode != 0:
            sys.exit("startup: the floor failed")
        for cmd in cmds:
            check_once(cmd, env)
        results = measure(cmds, floor_argv, env, args.runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        json.dump({"db": args.db or "example (built)", "runs": args.runs, "seed": SEED,
                   "results": results}, sys.stdout, indent=2, ensure_ascii=False)  # fmt: skip
        print()
    else:
        print_table(results, args.db or "example (built in a temporary directory)", args.runs)


if __name__ == "__main__":
    main()
