"""Time resoc's lookups against a local PostgreSQL server, as whole processes, against a floor.

    python benchmarks/postgres.py [--runs 15]

A throwaway server (tests/pgserver.py: its own folder and Unix socket) gets the bundled example
caseload (``resoc example``). The floor of each lookup is a bare Python process that imports
psycopg, connects to the same database and runs the same query resoc runs for it (the SQL of
storage.views, translated by storage.dialect), printing nothing. Every round runs each floor
and each command once, in an order shuffled per round (fixed seed). Each row shows the
command's median, its floor's median, the ratio and the target (hours, check <= 3x).
Exits 0 even when a row is OVER; 1 only if a command fails.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.pgserver import Server  # noqa: E402

TARGET = 3.0


def floor_script(url: str, sql: str, params: tuple) -> str:
    return (
        "import psycopg\n"
        f"c = psycopg.connect({url!r})\n"
        f"c.execute({sql!r}, {params!r}).fetchall()\n"
        "c.close()\n"
    )


def timed(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    result = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"failed: {args[-3:]}: {result.stderr.decode()[-300:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    from resoc_cli.storage import views
    from resoc_cli.storage.dialect import translate

    resoc = str(Path(sys.executable).parent / "resoc")
    env = {k: v for k, v in os.environ.items() if k not in ("RESOC_DB", "RESOC_LANG", "LC_ALL")}
    env["LANG"] = "C.UTF-8"
    server = Server()
    try:
        url = server.create_database("bench")
        subprocess.run([resoc, "--db", url, "example"], env=env, check=True,
                       capture_output=True)  # fmt: skip
        check_sql = views._CHECK.format(
            enrolment=views.CURRENT_ENROLMENT, where="WHERE c.code = ? COLLATE NOCASE"
        )
        cases = {
            "hours K0001": ([resoc, "--db", url, "hours", "K0001"], views._HOURS, ("K0001",)),
            "check K0001": ([resoc, "--db", url, "check", "K0001"], check_sql, ("K0001",)),
        }
        jobs = []
        for name, (command, sql, params) in cases.items():
            floor = [sys.executable, "-c", floor_script(url, translate(sql), params)]
            jobs += [(name, "floor", floor), (name, "resoc", command)]
        times: dict[tuple[str, str], list[float]] = {(n, k): [] for n, k, _ in jobs}
        rng = random.Random(7)
        for _round in range(runs):
            rng.shuffle(jobs)
            for name, kind, args in jobs:
                times[(name, kind)].append(timed(args, env))
        print(f"PostgreSQL {server.version()} on a Unix socket, example caseload, median of {runs}")
        print(f"{'command':<16}{'resoc':>10}{'floor':>10}{'ratio':>8}  target")
        for name in cases:
            mine = statistics.median(times[(name, "resoc")]) * 1000
            floor = statistics.median(times[(name, "floor")]) * 1000
            ratio = mine / floor
            verdict = "ok" if ratio <= TARGET else "OVER"
            print(f"{name:<16}{mine:>8.1f}ms{floor:>8.1f}ms{ratio:>8.2f}  <= {TARGET}x {verdict}")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
