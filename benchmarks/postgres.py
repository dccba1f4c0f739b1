"""Time resoc against a local PostgreSQL server, as whole processes, against a floor.

    python benchmarks/postgres.py [--runs 15]                        # the example, ~1 min
    python benchmarks/postgres.py --big /tmp/resoc-bench.db [--runs 9] [--year 2025]

A throwaway server (tests/pgserver.py: its own folder and Unix socket, fsync off) gets the
bundled example caseload (``resoc example``): ``hours`` and ``check`` run there. With
``--big FILE`` a second database gets the 100,000-client organisation of
benchmarks/generate.py (made into FILE first when FILE does not exist, ~2 min; an existing
file is only read), copied into the server by benchmarks/pgload.py (COPY, ~2 min; then VACUUM
ANALYZE; no audit trail: generate.py writes none); there ``caseload --json``, ``report year
YEAR --json``, ``hours`` and ``check`` of an active client in the middle of the file run too.

The floor of each command is a bare Python process that imports psycopg, connects to the same
database as resoc does (autocommit), runs the SQL resoc runs for the command's answer (the
SQL of storage.views / storage.reports, translated by storage.dialect, with the same
parameters) and fetches every row, printing nothing. Every round runs each floor and each
command once, in an order shuffled per round (fixed seed). Each row shows the command's
median, its floor's median, the ratio and the target (hours, check <= 3x; caseload --json,
report year <= 2x). Exits 0 even when a row is OVER; 1 only if a command fails.
"""

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tests.pgserver import Server  # noqa: E402

LOOKUP, LISTING = 3.0, 2.0  # the targets: hours/check; caseload --json/report year


def floor_script(url: str, statements: list[str], params) -> str:
    return (
        "import psycopg\n"
        f"c = psycopg.connect({url!r}, autocommit=True)\n"
        f"for sql in {statements!r}:\n"
        f"    c.execute(sql, {params!r}).fetchall()\n"
        "c.close()\n"
    )


def timed(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    result = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"failed: {args[-3:]}: {result.stderr.decode()[-300:]}")
    return elapsed


def lookups(resoc: str, url: str, code: str, where: str) -> dict:
    """hours and check of client ``code``: name -> (command, statements, params, target)."""
    from resoc_cli.storage import views
    from resoc_cli.storage.dialect import translate

    check_sql = views._CHECK.format(
        enrolment=views.CURRENT_ENROLMENT, where="WHERE c.code = ? COLLATE NOCASE"
    )
    return {
        f"hours {code} ({where})": (
            [resoc, "--db", url, "hours", code], [translate(views._HOURS)], (code,), LOOKUP
        ),
        f"check {code} ({where})": (
            [resoc, "--db", url, "check", code], [translate(check_sql)], (code,), LOOKUP
        ),
    }  # fmt: skip


def listings(resoc: str, url: str, year: int, clients: int) -> dict:
    """caseload --json and report year: name -> (command, statements, params, target)."""
    from resoc_cli.storage.dialect import translate
    from resoc_cli.storage.reports import YEAR_SQL
    from resoc_cli.storage.views import _CASELOAD

    period = {"first": f"{year}-01-01", "last": f"{year}-12-31"}
    return {
        f"caseload --json ({clients} open)": (
            [resoc, "--db", url, "caseload", "--json"], [translate(_CASELOAD, False)], None,
            LISTING,
        ),
        f"report year {year} --json": (
            [resoc, "--db", url, "report", "year", str(year), "--json"],
            [translate(sql, True, True) for sql in YEAR_SQL], period, LISTING,
        ),
    }  # fmt: skip


def big_organisation(server: Server, path: Path, env: dict) -> tuple[str, str, int]:
    """The 100,000-client organisation in database ``big``: (url, a client's code, open
    clients)."""
    from pgload import load

    if not path.exists():
        print(f"generating {path} (benchmarks/generate.py, 100,000 clients) ...", flush=True)
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--db",
                        str(path)], env=env, check=True)  # fmt: skip
    url = server.create_database("big")
    print(f"copying {path} into the server ...", flush=True)
    load(str(path), url)
    file = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    codes = [r[0] for r in file.execute(
        "SELECT c.code FROM clients c JOIN enrolments e ON e.client_id = c.id"
        " AND e.state = 'active' ORDER BY c.id")]  # fmt: skip
    open_clients = file.execute("SELECT count(*) FROM clients WHERE closed_date IS NULL")
    open_count = open_clients.fetchone()[0]
    file.close()
    return url, codes[len(codes) // 2], open_count


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--big", type=Path, help="a generate.py file (made when missing)")
    parser.add_argument("--year", type=int, default=2025, help="report year's year (--big)")
    args = parser.parse_args()
    runs = args.runs

    resoc = str(Path(sys.executable).parent / "resoc")
    env = {k: v for k, v in os.environ.items() if k not in ("RESOC_DB", "RESOC_LANG", "LC_ALL")}
    env["LANG"] = "C.UTF-8"
    server = Server()
    try:
        url = server.create_database("bench")
        subprocess.run([resoc, "--db", url, "example"], env=env, check=True,
                       capture_output=True)  # fmt: skip
        cases = lookups(resoc, url, "K0001", "example")
        if args.big:
            big, code, open_count = big_organisation(server, args.big.resolve(), env)
            cases.update(listings(resoc, big, args.year, open_count))
            cases.update(lookups(resoc, big, code, "100k"))
        jobs = []
        for name, (command, statements, params, _target) in cases.items():
            floor = [sys.executable, "-c", floor_script(command[2], statements, params)]
            jobs += [(name, "floor", floor), (name, "resoc", command)]
        for _name, _kind, command in jobs:  # once before timing: fails loudly, warms the cache
            timed(command, env)
        times: dict[tuple[str, str], list[float]] = {(n, k): [] for n, k, _ in jobs}
        rng = random.Random(7)
        for _round in range(runs):
            rng.shuffle(jobs)
            for name, kind, command in jobs:
                times[(name, kind)].append(timed(command, env))
        print(f"PostgreSQL {server.version()} on a Unix socket, median of {runs} rounds")
        width = max(len(name) for name in cases)
        print(f"{'command':<{width}}{'resoc':>10}{'floor':>10}{'ratio':>8}  target")
        for name, (*_rest, target) in cases.items():
            mine = statistics.median(times[(name, "resoc")]) * 1000
            floor = statistics.median(times[(name, "floor")]) * 1000
            ratio = mine / floor
            verdict = "ok" if ratio <= target else "OVER"
            print(f"{name:<{width}}{mine:>8.1f}ms{floor:>8.1f}ms{ratio:>8.2f}"
                  f"  <= {target:g}x {verdict}")  # fmt: skip
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
