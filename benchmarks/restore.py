"""Time ``resoc backup`` and ``resoc restore`` of a large database, and their peak memory,
against a floor measured in the same run.

    python benchmarks/restore.py --db /tmp/big.db [--runs 3] [--src PATH]

The database (made by benchmarks/generate.py) is copied into a temporary directory; the
commands run as whole processes on that copy (``--src`` runs another checkout's code, to
compare with an older resoc). Peak memory is the child's maximum resident set (``wait4``).
The floor is copying the file and reading it through SHA-256, which any backup must at least
do. Each row prints the median time, its ratio to the floor, and the peak memory in MB.
"""

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def child(args: list[str], env: dict) -> tuple[float, float]:
    """Seconds and peak MB of one resoc process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "resoc_cli", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"resoc {' '.join(args)} failed: {proc.stderr.read().decode()[:300]}")
    proc.stderr.close()
    return took, usage.ru_maxrss / 1024  # KiB on Linux


def floor(db: Path, work: Path) -> float:
    start = time.perf_counter()
    shutil.copyfile(db, work / "floor.db")
    digest = hashlib.sha256()
    with open(work / "floor.db", "rb") as f:
        while piece := f.read(1 << 20):
            digest.update(piece)
    took = time.perf_counter() - start
    (work / "floor.db").unlink()
    return took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--src", type=Path, default=Path(__file__).resolve().parents[1] / "src")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="resoc-restore-bench-") as tmp:
        work = Path(tmp)
        os.chmod(work, 0o700)
        live = work / "data" / "resoc.db"
        live.parent.mkdir(mode=0o700)
        shutil.copyfile(args.db, live)
        os.chmod(live, 0o600)
        env = {**os.environ, "RESOC_DB": str(live), "PYTHONPATH": str(args.src), "LANG": "C.UTF-8"}
        env.pop("RESOC_LANG", None)
        rows: dict[str, list[tuple[float, float]]] = {"backup": [], "restore": []}
        floors = []
        for n in range(args.runs):
            floors.append(floor(live, work))
            copy = work / f"copy-{n}.db"
            rows["backup"].append(child(["backup", str(copy)], env))
            rows["restore"].append(child(["restore", str(copy), "--yes"], env))
            for kept in live.parent.glob("resoc-before-restore-*"):
                kept.unlink()
        base = statistics.median(floors)
        size = live.stat().st_size / 1_000_000
        print(f"database {size:.0f} MB, floor (copy + sha256) {base:.2f} s, code {args.src}")
        for name, got in rows.items():
            secs = statistics.median(t for t, _ in got)
            peak = max(m for _, m in got)
            print(f"{name:8} {secs:6.2f} s  {secs / base:5.1f}x floor  peak {peak:6.0f} MB")


if __name__ == "__main__":
    main()
