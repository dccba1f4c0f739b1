"""A team's caseload for the tests (issue 17): an owner, two workers (alice, bob), a lead
(lenka) and a login outside the team, each a login of the throwaway server; the ``team``
fixture and the helpers tests/test_team.py and tests/test_team_attack.py share."""

import json
from urllib.parse import urlsplit

import pytest


@pytest.fixture
def team(pg_server, pg_database, resoc):
    """A database set up by its owner with two workers and a lead; ``team.url(who)``."""
    import psycopg  # here: conftest imports this module for every test

    suffix = urlsplit(pg_database).path.lstrip("/")[-20:]
    logins = {who: f"{who}_{suffix}" for who in ("alice", "bob", "lenka", "outsider")}
    with psycopg.connect(pg_server.conninfo(), autocommit=True) as conn:
        for login in logins.values():
            conn.execute(f'DROP ROLE IF EXISTS "{login}"')
            conn.execute(f'CREATE ROLE "{login}" LOGIN')
    owner = pg_database
    assert resoc("--db", owner, "init").exit_code == 0
    ready = resoc("--db", owner, "team", "init")
    assert ready.exit_code == 0, ready.stderr
    assert resoc("--db", owner, "team", "add", logins["alice"]).exit_code == 0
    assert resoc("--db", owner, "team", "add", logins["bob"]).exit_code == 0
    assert resoc("--db", owner, "team", "add", logins["lenka"], "--lead").exit_code == 0

    class Team:
        login = logins
        database = urlsplit(pg_database).path.lstrip("/")

        @staticmethod
        def url(who: str) -> str:
            return pg_server.conninfo(Team.database, user=logins[who]) if who != "owner" else owner

        @staticmethod
        def run(who: str, *args: str):
            return resoc("--db", Team.url(who), *args)

        @staticmethod
        def sql(who: str, statement: str, params=()):
            with psycopg.connect(Team.url(who)) as conn:
                cursor = conn.execute(statement, params)
                return cursor.fetchall() if cursor.description else []

    return Team


def ok(result) -> str:
    assert result.exit_code == 0 and result.exception is None, result.stderr
    return result.stdout


def codes(team, who: str) -> list[str]:
    return sorted(c["code"] for c in json.loads(ok(team.run(who, "client", "list", "--json"))))


def caseload_of(team, who: str, clients: list[tuple[str, str, str]]) -> None:
    """``who`` adds clients, enrols each and records 2 h sessions (count given per client)."""
    for name, born, sessions in clients:
        code = ok(team.run(who, "client", "add", name, "--born", born, "--sex", "m")).strip()
        ok(team.run(who, "enrol", code, "adult", "--date", "2026-02-02"))
        for day in range(int(sessions)):
            ok(team.run(who, "session", "add", code, "--date", f"2026-03-{day + 1:02}",
                        "--hours", "2"))  # fmt: skip
