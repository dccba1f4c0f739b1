"""How long ``resoc db copy`` takes from a file into a PostgreSQL server (and into a new file),
for the example caseload and for a generated one.

    python benchmarks/copy.py [--clients 1000 --sessions 50000]

A throwaway server (tests/pgserver.py) on a Unix socket; each copy goes into a new database
made by ``resoc init``, as a real process (start-up included). Wall-clock seconds, median of
``--runs`` for the example caseload, one run for the generated one."""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(argv: list[str], env: dict) -> float:
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv[3:])}: {result.stderr.strip()}")
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=1000)
    ap.add_argument("--sessions", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from tests.pgserver import Server

    resoc = [sys.executable, "-m", "resoc_cli"]
    env = {**os.environ, "RESOC_LANG": "en"}
    folder = Path(tempfile.mkdtemp(prefix="resoc-copy-"))
    example = folder / "example.db"
    subprocess.run([*resoc, "--db", str(example), "example"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    big = folder / "generated.db"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--clients",
                    str(args.clients), "--sessions", str(args.sessions), "--db", str(big)],
                   check=True, capture_output=True)  # fmt: skip
    server = Server()
    try:
        n = 0

        def into_server(source: Path) -> float:
            nonlocal n
            n += 1
            url = server.create_database(f"copy_{n}")
            subprocess.run([*resoc, "--db", url, "init"], env=env, check=True,
                           capture_output=True)  # fmt: skip
            return timed([*resoc, "--db", str(source), "db", "copy", "--to", url], env)

        def into_file(source: Path) -> float:
            nonlocal n
            n += 1
            return timed([*resoc, "--db", str(source), "db", "copy", "--to",
                          str(folder / f"copy_{n}.db")], env)  # fmt: skip

        print(f"PostgreSQL {server.version()} on a Unix socket; wall-clock seconds")
        cases = [
            ("example (9 clients, 90 sessions)", example, args.runs),
            (f"generated ({args.clients} clients, {args.sessions} sessions)", big, 1),
        ]
        for name, source, runs in cases:
            server_s = statistics.median(into_server(source) for _ in range(runs))
            file_s = statistics.median(into_file(source) for _ in range(runs))
            print(f"{name:<44} file->server {server_s:8.2f}   file->file {file_s:8.2f}")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
