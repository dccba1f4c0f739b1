"""Shared fixtures. No test ever touches a real database: RESOC_DB points at a temp file, or,
for the ``[postgresql]`` half of the command-line tests, at a fresh database on a throwaway
PostgreSQL server (tests/pgserver.py).

Every test that drives resoc through its command line (the ``resoc``/``ok`` fixtures, or
``@pytest.mark.both_engines`` for one that runs ``resoc`` as a process) runs twice: on a
SQLite file (``[sqlite]``) and on a server (``[postgresql]``). A test that looks at the SQLite
file itself is ``@pytest.mark.sqlite_only("why")``; a test that names its databases itself is
``@pytest.mark.postgres``. Without the server binaries (Windows) the postgresql half is
skipped, with the reason; nothing else is."""

import itertools
from dataclasses import dataclass
from datetime import date

import pytest
from typer.testing import CliRunner

from resoc_cli.cli import app
from tests.teamkit import team  # noqa: F401 - the fixture of a team's caseload

ENGINES = ("sqlite", "postgresql")

#: The tests that use a command not yet working on a server (not in storage.postgres.PORTED):
#: on postgresql each is expected to fail on the command's one-line refusal, and fails the run
#: when it passes (then take it off this list) or fails for another reason. Module or
#: module::test; the whole list goes once every command is ported.
SERVER_PENDING: tuple[str, ...] = ()  # fmt: skip

_PENDING = frozenset(SERVER_PENDING)

#: What a command not yet ported says on a server (storage.db._not_on_server), in English
#: and in Czech.
_REFUSALS = ("works on a SQLite file only so far", "zatím pracuje jen se souborem SQLite")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "no_database: RESOC_DB points at a path that holds no database yet"
    )
    config.addinivalue_line("markers", "postgres: needs the throwaway PostgreSQL server")
    config.addinivalue_line(
        "markers", "sqlite_only(reason): looks at the SQLite file itself; not run on a server"
    )
    config.addinivalue_line(
        "markers", "both_engines: runs resoc as a process; on SQLite and on PostgreSQL"
    )
    config.addinivalue_line(
        "markers", "server_pending: uses a command not yet ported (conftest.SERVER_PENDING)"
    )


def _on_both_engines(definition, fixturenames) -> bool:
    if definition.get_closest_marker("sqlite_only") or definition.get_closest_marker("postgres"):
        return False
    if definition.get_closest_marker("both_engines"):
        return True
    return bool({"resoc", "ok"} & set(fixturenames))


def pytest_generate_tests(metafunc):
    if "engine" in metafunc.fixturenames and _on_both_engines(
        metafunc.definition, metafunc.fixturenames
    ):
        metafunc.parametrize("engine", ENGINES, indirect=True)


def _pending(nodeid: str) -> bool:
    path, _, name = nodeid.partition("::")
    module = path.rsplit("/", 1)[-1]
    test = name.split("[", 1)[0]
    return bool({module, f"{module}::{test}", f"{module}::{name}"} & _PENDING)


def _refused(text: str) -> bool:
    """Whether a failure's report shows the refusal (whole, or cut short by pytest as
    ``'resoc: e...esoc init)\\n'`` in a long comparison)."""
    return any(r in text for r in _REFUSALS) or "esoc init)\\n'" in text


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _engine_of(item) == "postgresql" and _pending(item.nodeid):
            item.add_marker("server_pending")


def _engine_of(item) -> str:
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("engine", "sqlite") if callspec else "sqlite"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A server_pending test on postgresql: expected to fail on the refusal of a command not
    yet ported (reported as xfailed); passing, it fails the run (take it off the list)."""
    report = yield
    if call.when not in ("setup", "call") or item.get_closest_marker("server_pending") is None:
        return report
    text = report.longreprtext
    refused = getattr(item, "refused_on_server", False) or _refused(text)
    if report.failed and refused:
        report.outcome = "skipped"
        report.wasxfail = "server_pending: a command not yet ported to a server"
    elif report.passed and call.when == "call":
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid} passes on a server now: take it off conftest.SERVER_PENDING"
        )
    return report


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL server for the whole run (tests/pgserver.py), started on first
    use; its databases are made per test with ``pg_database``. Skipped, with the reason, on a
    machine without the server's binaries."""
    from tests.pgserver import Server, binaries

    try:
        binaries()
    except RuntimeError as exc:
        pytest.skip(str(exc))
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


_numbers = itertools.count(1)


@pytest.fixture
def engine(request):
    """``"sqlite"`` or ``"postgresql"``: where this test's RESOC_DB is."""
    return getattr(request, "param", "sqlite")


def _server_db(request) -> str:
    """A fresh database on the throwaway server for this test: initialised as ``resoc init``
    leaves it (a copy of the server's template, made ahead), or empty for ``no_database``;
    its URL."""
    server = request.getfixturevalue("pg_server")
    if request.node.get_closest_marker("no_database") is not None:
        name = f"empty{next(_numbers)}"
        request.addfinalizer(lambda: server.drop_database(name))
        return server.create_database(name)
    url = server.fresh()
    request.addfinalizer(lambda: server.release(url))
    return url


@pytest.fixture(autouse=True)
def private_db(tmp_path, monkeypatch, request, engine):
    """An empty database, as ``resoc init`` leaves it (a read refuses a path without one);
    ``@pytest.mark.no_database`` for the tests of what happens before it exists. On the
    postgresql engine, the URL of a fresh database on the throwaway server."""
    path = tmp_path / "data" / "resoc.db"
    monkeypatch.setenv("RESOC_CONFIG", str(tmp_path / "config" / "config.toml"))  # never the user's
    from resoc_cli import config

    config.load.cache_clear()  # the settings of an earlier test are not this one's
    if engine == "postgresql":
        where = _server_db(request)
        monkeypatch.setenv("RESOC_DB", where)
    else:
        where = path
        monkeypatch.setenv("RESOC_DB", str(path))
        if request.node.get_closest_marker("no_database") is None:
            from resoc_cli.storage.db import connect

            connect(path).close()
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("RESOC_LANG", "en")  # tests that need Czech ask for it
    from resoc_cli import i18n

    i18n.set_language("en")  # a test that spoke Czech in-process leaves no Czech behind
    yield where
    i18n.set_language("en")


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None


@pytest.fixture
def resoc(request, engine):
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
        if engine == "postgresql" and any(r in result.stderr for r in _REFUSALS):
            request.node.refused_on_server = True  # see pytest_runtest_makereport
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
