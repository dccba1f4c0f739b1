"""The test suite itself on two engines (conftest.py): a command-line test runs on SQLite and
on PostgreSQL, and a machine without the server's binaries (Windows) still runs the SQLite
half, the other reported as skipped with the reason, not failed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ONE_TEST = "tests/test_cli_clients.py::test_auto_codes_count_up_from_k0001"


def _pytest(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", *args],
        capture_output=True, text=True, cwd=HERE.parent, timeout=300,
        env={**os.environ, **env},
    )  # fmt: skip


def test_a_command_line_test_runs_on_both_engines():
    r = _pytest("--collect-only", ONE_TEST)
    assert f"{ONE_TEST}[sqlite]" in r.stdout and f"{ONE_TEST}[postgresql]" in r.stdout, r.stdout


def test_a_test_of_the_file_itself_runs_on_sqlite_only():
    r = _pytest("--collect-only", "tests/test_stored_bytes.py")
    assert "test_stored_bytes.py::" in r.stdout and "[postgresql" not in r.stdout, r.stdout


def test_without_the_server_binaries_the_postgresql_half_is_skipped_with_the_reason(tmp_path):
    r = _pytest(ONE_TEST, PG_BIN=str(tmp_path / "nowhere"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1 passed, 1 skipped" in r.stdout, r.stdout
    assert "SKIPPED [1]" in r.stdout and "no PostgreSQL server binaries" in r.stdout, r.stdout


@pytest.mark.parametrize("given", ["", "nowhere"])
def test_pg_bin_naming_no_binaries_is_the_reason_not_a_crash(tmp_path, monkeypatch, given):
    from tests.pgserver import binaries

    monkeypatch.setenv("PG_BIN", str(tmp_path / given))
    with pytest.raises(RuntimeError, match="no PostgreSQL server binaries"):
        binaries()
