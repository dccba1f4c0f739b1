"""Time resoc as whole processes against floors measured in the same run, and print ratios.

    python benchmarks/run.py --db /tmp/resoc-bench.db [--runs 5] [--import-rows 1000000] [--json]

Each operation runs as a real process (the installed ``resoc`` next to this Python, else
``python -m resoc_cli``), several times, interleaved with its floor; the median is quoted.
Floors:
- hours / check: a bare Python process that opens the file and runs the lookup's one query;
- caseload --json / report year: the same SQL through plain sqlite3 in a Python process;
- export sessions --month: plain csv.writer over a cursor of the same SQL, to a file;
- import sessions: plain executemany of the same rows (read with csv.reader, no validation)
  into a copy of the same database, in one transaction;
- export of every session: peak memory (max RSS) of the process, against 150 MB.
The database is never changed: imports go into copies beside it, removed afterwards.
"""

import argparse
import csv
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from resoc_cli.storage.reports import YEAR_SQL  # noqa: E402
from resoc_cli.storage.views import _CASELOAD, _HOURS  # noqa: E402

PY = sys.executable
_exe = Path(PY).with_name("resoc")
RESOC = [str(_exe)] if _exe.exists() else [PY, "-m", "resoc_cli"]

MONTH_SQL = """SELECT s.id, s.date, c.code, p.code, s.activity, s.minutes, s.attendance,
       s.phase, s.note, s.meeting_id
FROM sessions s JOIN clients c ON c.id = s.client_id
LEFT JOIN enrolments e ON e.id = s.enrolment_id
LEFT JOIN programmes p ON p.id = e.programme_id
WHERE s.date BETWEEN :first AND :last ORDER BY s.date, s.id"""

FLOOR_QUERY = """
import sqlite3, sys, json
conn = sqlite3.connect(sys.argv[1])
params = json.loads(sys.argv[3])
for sql in json.loads(sys.argv[2]):
    conn.execute(sql, params).fetchall()
"""
FLOOR_CSV = """
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    cur = conn.execute(sys.argv[3], {"first": sys.argv[4], "last": sys.argv[5]})
    w.writerow([d[0] for d in cur.description])
    w.writerows(cur)
"""
FLOOR_IMPORT = """
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
codes = {code: cid for cid, code in conn.execute("SELECT id, code FROM clients")}
with open(sys.argv[2], newline="", encoding="utf-8") as f:
    reader = csv.reader(f)
    next(reader)
    rows = [(codes[c], d, int(m), a, att, int(p) if p else None) for d, c, m, a, att, p in reader]
conn.execute("BEGIN IMMEDIATE")
conn.executemany("INSERT INTO sessions (client_id, date, minutes, activity, attendance, phase)"
                 " VALUES (?, ?, ?, ?, ?, ?)", rows)
conn.execute("COMMIT")
"""


def timed(cmd: list[str], stdout=subprocess.DEVNULL) -> tuple[float, int]:
    """(seconds, peak RSS in KB) of one process; fails loudly if it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # check exits 1 for an incomplete client
        sys.exit(f"run: {' '.join(cmd[:6])} failed ({code}): {err.strip()[:300]}")
    return elapsed, usage.ru_maxrss


def median_pair(op, floor, runs: int) -> tuple[float, float]:
    ops, floors = [], []
    for _ in range(runs):
        ops.append(op())
        floors.append(floor())
    return statistics.median(ops), statistics.median(floors)


def sample_client(db: str) -> str:
    conn = sqlite3.connect(db)
    codes = [
        r[0]
        for r in conn.execute(
            "SELECT c.code FROM clients c JOIN enrolments e ON e.client_id = c.id"
            " AND e.state = 'active' ORDER BY c.id"
        )
    ]
    conn.close()
    return codes[len(codes) // 2]


def busiest_month(db: str) -> str:
    conn = sqlite3.connect(db)
    month = conn.execute(
        "SELECT substr(date, 1, 7) AS m FROM sessions WHERE date >= '2026-01-01'"
        " GROUP BY m ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    conn.close()
    return month


def write_import_file(db: str, path: Path, rows: int) -> int:
    conn = sqlite3.connect(db)
    cur = conn.execute(
        """SELECT s.date, c.code, s.minutes, s.activity, s.attendance, s.phase
           FROM sessions s JOIN clients c ON c.id = s.client_id
           WHERE s.date <= '2026-10-31' ORDER BY s.id LIMIT ?""",
        (rows,),
    )
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["date", "client", "minutes", "activity", "attendance", "phase"])
        n = 0
        for row in cur:
            w.writerow(["" if v is None else v for v in row])
            n += 1
    conn.close()
    return n


def copy_db(db: str, folder: Path) -> Path:
    target = folder / "copy.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    src = sqlite3.connect(db)
    src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    src.close()
    shutil.copyfile(db, target)
    os.chmod(target, 0o600)
    return target


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default="/tmp/resoc-bench.db")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--import-runs", type=int, default=3)
    ap.add_argument("--import-rows", type=int, default=1_000_000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    db = str(Path(args.db).resolve())
    if not Path(db).exists():
        sys.exit(f"run: no database at {db} (make one with benchmarks/generate.py)")
    subprocess.run([*RESOC, "--db", db, "db"], check=True, capture_output=True)  # migrate first
    code, month = sample_client(db), busiest_month(db)
    year_params = json.dumps({"first": "2025-01-01", "last": "2025-12-31"})
    first, last = f"{month}-01", f"{month}-31"
    results = []

    def lookup_floor():
        return timed([PY, "-c", FLOOR_QUERY, db, json.dumps([_HOURS]), json.dumps([code])])[0]

    def add(name, target, op, floor, unit="s", better="lower", limit=None):
        ratio = op / floor
        ok = ratio <= limit if better == "lower" else ratio >= limit
        results.append(
            {
                "operation": name,
                "resoc": op,
                "floor": floor,
                "unit": unit,
                "ratio": ratio,
                "target": target,
                "ok": ok,
            }
        )

    for command in ("hours", "check"):
        op, floor = median_pair(
            lambda c=command: timed([*RESOC, "--db", db, c, code])[0], lookup_floor, args.runs
        )
        add(f"{command} one client", "<= 3.5x", op, floor, limit=3.5)

    env_complete = {**os.environ, "_RESOC_COMPLETE": "bash"}

    def complete_clients():
        start = time.perf_counter()
        subprocess.run(
            [*RESOC, "--db", db, "hours", "K"],
            env=env_complete,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return time.perf_counter() - start

    op, floor = median_pair(complete_clients, lookup_floor, args.runs)
    results.append(
        {
            "operation": "completion of client codes (hours K<TAB>)",
            "resoc": op,
            "floor": floor,
            "unit": "s",
            "ratio": op / floor,
            "target": "< 100 ms",
            "ok": op < 0.1,
        }
    )

    op, floor = median_pair(
        lambda: timed([*RESOC, "--db", db, "caseload", "--json"])[0],
        lambda: timed([PY, "-c", FLOOR_QUERY, db, json.dumps([_CASELOAD]), "{}"])[0],
        args.runs,
    )
    active = (
        sqlite3.connect(db)
        .execute("SELECT count(*) FROM enrolments WHERE state = 'active'")
        .fetchone()[0]
    )
    add(f"caseload --json ({active} active)", "<= 2x", op, floor, limit=2)

    op, floor = median_pair(
        lambda: timed([*RESOC, "--db", db, "report", "year", "2025", "--json"])[0],
        lambda: timed([PY, "-c", FLOOR_QUERY, db, json.dumps(list(YEAR_SQL)), year_params])[0],
        args.runs,
    )
    add("report year 2025", "<= 2x", op, floor, limit=2)

    with tempfile.TemporaryDirectory(dir=Path(db).parent, prefix=".resoc-bench-") as tmp:
        tmpdir = Path(tmp)
        out = tmpdir / "month.csv"
        n_month = (
            sqlite3.connect(db)
            .execute("SELECT count(*) FROM sessions WHERE date BETWEEN ? AND ?", (first, last))
            .fetchone()[0]
        )
        op, floor = median_pair(
            lambda: timed(
                [*RESOC, "--db", db, "export", "sessions", "--month", month, "--output", str(out)]
            )[0],
            lambda: timed([PY, "-c", FLOOR_CSV, db, str(out), MONTH_SQL, first, last])[0],
            args.runs,
        )
        add(f"export sessions --month {month} ({n_month} rows)", "<= 2x", op, floor, limit=2)

        if args.import_rows:
            source = tmpdir / "sessions.csv"
            n = write_import_file(db, source, args.import_rows)
            ops, floors = [], []
            for _ in range(args.import_runs):
                copy = copy_db(db, tmpdir)
                ops.append(timed([*RESOC, "--db", str(copy), "import", "sessions", str(source)])[0])
                copy = copy_db(db, tmpdir)
                floors.append(timed([PY, "-c", FLOOR_IMPORT, str(copy), str(source)])[0])
            op_rate = n / statistics.median(ops)
            floor_rate = n / statistics.median(floors)
            add(
                f"import sessions ({n} rows), rows/s",
                ">= 1/3",
                op_rate,
                floor_rate,
                unit="rows/s",
                better="higher",
                limit=1 / 3,
            )

        everything = tmpdir / "all.csv"
        seconds, peak_kb = timed(
            [*RESOC, "--db", db, "export", "sessions", "--output", str(everything)]
        )
        total = sqlite3.connect(db).execute("SELECT count(*) FROM sessions").fetchone()[0]
        results.append(
            {
                "operation": f"export every session ({total} rows), peak memory",
                "resoc": peak_kb / 1024,
                "floor": 150.0,
                "unit": "MB",
                "ratio": peak_kb / 1024 / 150.0,
                "target": "< 150 MB",
                "ok": peak_kb / 1024 < 150,
                "seconds": seconds,
            }
        )

    if args.json:
        json.dump({"db": db, "runs": args.runs, "results": results}, sys.stdout, indent=2)
        print()
        return
    print(f"database {db} ({Path(db).stat().st_size / 1e6:.0f} MB), median of {args.runs} runs")
    print(f"{'operation':58} {'resoc':>12} {'floor':>12} {'ratio':>7}  target   ok")
    for r in results:
        fmt = (
            (lambda v: f"{v * 1000:9.1f} ms")
            if r["unit"] == "s"
            else (lambda v, u=r["unit"]: f"{v:9.0f} {u}" if u == "rows/s" else f"{v:9.1f} {u}")
        )
        print(
            f"{r['operation']:58} {fmt(r['resoc']):>12} {fmt(r['floor']):>12}"
            f" {r['ratio']:7.2f}  {r['target']:8} {'yes' if r['ok'] else 'NO'}"
        )
    if not all(r["ok"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
