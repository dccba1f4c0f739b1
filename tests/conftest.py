"""Shared fixtures. No test ever touches a real database: RESOC_DB points at a temp file."""

from dataclasses import dataclass
from datetime import date

import pytest
from typer.testing import CliRunner

from resoc_cli.cli import app


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "no_database: RESOC_DB points at a path that holds no database yet"
    )
    config.addinivalue_line("markers", "postgres: needs the throwaway PostgreSQL server")


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL server for the whole run (tests/pgserver.py), started on first
    use; its databases are made per test with ``pg_database``."""
    from tests.pgserver import Server

    server = Server()
    yield server
    server.stop()


@pytest.fixture
def pg_database(pg_server, request):
    """A new, empty PostgreSQL database for this test; its URL."""
    import re

    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50]
    import psycopg

    with psycopg.connect(pg_server.conninfo(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    return pg_server.create_database(name)


@pytest.fixture(autouse=True)
def private_db(tmp_path, monkeypatch, request):
    """An empty database, as ``resoc init`` leaves it (a read refuses a path without one);
    ``@pytest.mark.no_database`` for the tests of what happens before it exists."""
    path = tmp_path / "data" / "resoc.db"
    monkeypatch.setenv("RESOC_DB", str(path))
    monkeypatch.setenv("RESOC_CONFIG", str(tmp_path / "config" / "config.toml"))  # never the user's
    from resoc_cli import config

    config.load.cache_clear()  # the settings of an earlier test are not this one's
    if request.node.get_closest_marker("no_database") is None:
        from resoc_cli.storage.db import connect

        connect(path).close()
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("RESOC_LANG", "en")  # tests that need Czech ask for it
    from resoc_cli import i18n

    i18n.set_language("en")  # a test that spoke Czech in-process leaves no Czech behind
    yield path
    i18n.set_language("en")


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None


@pytest.fixture
def resoc():
    """``resoc("client", "add", ...)`` runs the CLI in-process and returns a Run."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Run:
        from resoc_cli.commands import common

        try:
            result = runner.invoke(app, list(args), input=input)
        finally:
            from resoc_cli import config

            common.close()  # as the process exit of a real run would
            config.load.cache_clear()  # a new process reads the settings afresh
        exc = result.exception
        if isinstance(exc, SystemExit):
            exc = None
        return Run(result.exit_code, result.stdout, result.stderr, exc)

    return run


@pytest.fixture
def ok(resoc):
    """Like ``resoc`` but asserts success and returns stripped stdout."""

    def run(*args: str) -> str:
        result = resoc(*args)
        assert result.exception is None, result.exception
        assert result.exit_code == 0, (args, result.stderr)
        return result.stdout.strip()

    return run


@pytest.fixture
def ferda_enrolled(ok):
    """K0001 Ferda Mravenec in the adult programme from 2026-01-05, one 2.5 h session."""
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("enrol", "K0001", "adult", "--date", "2026-01-05")
    ok("session", "add", "K0001", "--date", "2026-01-06", "--hours", "2.5")


@pytest.fixture
def conn(tmp_path):
    """An open, migrated database for the service-level tests (no Typer)."""
    from resoc_cli.storage.db import connect

    c = connect(tmp_path / "services.db")
    yield c
    c.close()


@pytest.fixture
def ferda(ok):
    """K0001 Ferda Mravenec, adult programme from 2026-01-05: 15 sessions of 2 h and one of
    1.5 h (31.5 h), goals in two areas, plan agreed on 2026-01-19."""
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("enrol", "K0001", "adult", "--date", "2026-01-05")
    ok("plan", "need", "K0001", "housing", "--date", "2026-01-05")
    ok("plan", "goal", "K0001", "housing", "Najít podnájem v mraveništi", "--date", "2026-01-05")
    ok("plan", "goal", "K0001", "work", "Nastoupit do práce u Berušky", "--date", "2026-01-06",
       "--due", "2026-06-30")  # fmt: skip
    ok("plan", "agree", "K0001", "--date", "2026-01-19")
    for week in range(15):
        day = date.fromordinal(date(2026, 1, 6).toordinal() + 7 * week).isoformat()
        ok("session", "add", "K0001", "--date", day, "--hours", "2", "--phase", str(1 + week // 5))
    ok("session", "add", "K0001", "--date", "2026-04-28", "--hours", "1.5", "--phase", "3")
