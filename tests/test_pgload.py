"""benchmarks/pgload.py copies a generated organisation into a server as resoc would hold it
there: every command the benchmark times answers as on the file, the audit trail (empty)
verifies, and the next record written gets the next id, as on the file."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("pgload") / "gen.db"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--clients", "300",
         "--sessions", "9000", "--db", str(path), "--seed", "3"],
        check=True, capture_output=True,
    )  # fmt: skip
    return path


def run(db: str, *args: str) -> tuple[int, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "resoc_cli", "--db", db, *args], capture_output=True, text=True
    )
    return proc.returncode, proc.stdout


def test_the_copy_answers_as_the_file(generated, pg_database, tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from pgload import load
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    copied = load(str(generated), pg_database, say=lambda _text: None)
    assert copied["clients"] == 300 and copied["sessions"] > 8000
    file = str(generated)
    for args in (["report", "year", "2025", "--json"], ["hours", "K0150"], ["check", "K0150"],
                 ["hours", "K0001", "--json"], ["client", "show", "K0007"]):  # fmt: skip
        assert run(pg_database, *args) == run(file, *args), args
    # the same documents (clients of the same name may come in another order: see the report)
    on_file, on_server = run(file, "caseload", "--json"), run(pg_database, "caseload", "--json")
    assert on_server[0] == on_file[0] == 0
    assert sorted(json.loads(on_server[1]), key=lambda d: d["code"]) == sorted(
        json.loads(on_file[1]), key=lambda d: d["code"]
    )

    from resoc_cli.storage import audit
    from resoc_cli.storage.server import open_server

    server = open_server(pg_database, create=False)
    try:
        assert audit.verify(server) == (0, None)
    finally:
        server.close()
    copy = tmp_path / "copy.db"
    copy.write_bytes(generated.read_bytes())
    for db in (str(copy), pg_database):
        added = run(db, "client", "add", "Pat Nový", "--born", "1990-01-01", "--sex", "m",
                    "--allow-duplicate")  # fmt: skip
        assert added == (0, "K0301\n"), db
        assert run(db, "enrol", "K0301", "adult", "--date", "2026-10-01")[0] == 0
        assert run(db, "session", "add", "K0301", "--date", "2026-10-02", "--hours", "2")[0] == 0
    assert run(pg_database, "session", "list", "K0301") == run(str(copy), "session", "list",
                                                               "K0301")  # fmt: skip
