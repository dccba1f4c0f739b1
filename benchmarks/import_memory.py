"""Peak memory of ``resoc import sessions`` on a long file, against a floor measured in the
same run: a bare Python reading the same file with the csv module (issue 15, item 10).

    python benchmarks/import_memory.py --rows 1000000 --folder /tmp/resoc-import-bench

Target: under 150 MB peak RSS for 1M rows, whatever the file's size (rows are validated as a
stream and staged in SQLite's temporary table, not held). Prints the figures and the ratio;
exits 1 when the target is missed. Everything is fictional. Measured (2 shared cores):
75.4 MB for 1M rows, 53.7 MB of csv, 4.54x the floor of 16.6 MB (32 MB of it the page cache
of the final insert).
"""

import argparse
import csv
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from resoc_cli.storage.db import connect  # noqa: E402

TARGET_MB = 150
FLOOR = (
    "import csv, sys\n"
    "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
    "    n = sum(1 for _ in csv.reader(f))\n"
)


def make_db(path: Path, clients: int) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    conn = connect(path)
    adult = conn.execute("SELECT id FROM programmes WHERE code = 'adult'").fetchone()[0]
    conn.execute("BEGIN IMMEDIATE")
    for i in range(1, clients + 1):
        cid = conn.execute(
            "INSERT INTO clients (code, name, born, sex, created) VALUES (?, ?, ?, 'm', ?)",
            (f"K{i:04d}", f"Ferda Mravenec {i}", "1980-01-01", "2021-12-01"),
        ).lastrowid
        conn.execute(
            "INSERT INTO enrolments (client_id, programme_id, start_date, state)"
            " VALUES (?, ?, '2022-01-01', 'active')",
            (cid, adult),
        )
    conn.execute("COMMIT")
    conn.close()


def make_file(path: Path, rows: int, clients: int) -> None:
    rng = random.Random(1)
    start, days = date(2022, 1, 3), (date(2026, 10, 30) - date(2022, 1, 3)).days
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["date", "client", "minutes", "activity", "attendance", "note"])
        for _ in range(rows):
            day = start + timedelta(days=rng.randrange(days))
            w.writerow([day.isoformat(), f"K{rng.randint(1, clients):04d}",
                        rng.choice((60, 90, 120)), "social-training", "attended",
                        rng.choice(("", "", "rozhovor o bydlení"))])  # fmt: skip


def peak(cmd: list[str], env: dict) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd[:5])} failed: {err.strip()[:300]}")
    return time.perf_counter() - t, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=2000)
    ap.add_argument("--folder", default="/tmp/resoc-import-bench")
    args = ap.parse_args()
    folder = Path(args.folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    db, data = folder / "bench.db", folder / "sessions.csv"
    make_db(db, args.clients)
    make_file(data, args.rows, args.clients)
    env = {**os.environ, "RESOC_DB": str(db), "RESOC_LANG": "en"}
    floor_s, floor_mb = peak([sys.executable, "-c", FLOOR, str(data)], env)
    run_s, run_mb = peak([sys.executable, "-m", "resoc_cli", "import", "sessions", str(data)], env)
    size_mb = data.stat().st_size / 1e6
    print(f"file: {args.rows:,} rows, {size_mb:.1f} MB")
    print(f"floor (python reading it with csv): {floor_mb:.1f} MB peak RSS, {floor_s:.1f} s")
    print(f"resoc import sessions: {run_mb:.1f} MB peak RSS ({run_mb / floor_mb:.2f}x the floor),"
          f" {run_s:.1f} s; target under {TARGET_MB} MB")  # fmt: skip
    for path in (db, data, *(Path(str(db) + s) for s in ("-wal", "-shm"))):
        path.unlink(missing_ok=True)
    sys.exit(0 if run_mb < TARGET_MB else 1)


if __name__ == "__main__":
    main()
