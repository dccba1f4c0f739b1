"""A hostile or careless worker of a team's caseload (issue 17), through plain SQL as their
own login: what the database must refuse. Each test reproduces one hole found (or one that
held); the fixture is tests/teamkit.py's."""

import contextlib
import json

import psycopg
import pytest

from tests.teamkit import codes, ok

pytestmark = pytest.mark.postgres


def alices_client(team) -> str:
    """Alice's client K0001 (Ferda), edited once: the journal holds its earlier row."""
    code = ok(team.run("alice", "client", "add", "Ferda Mravenec", "--born", "1988-04-12",
                       "--sex", "m")).strip()  # fmt: skip
    ok(team.run("alice", "client", "edit", code, "--note", "bydlí u Berušky"))
    return code


def refused(team, who: str, statement: str, params=()) -> None:
    """The statement is refused, or does nothing (a row the policy hides)."""
    with contextlib.suppress(psycopg.errors.InsufficientPrivilege):
        assert team.sql(who, statement, params) == []


def test_a_worker_may_not_share_anothers_client_with_themselves(team):
    alices_client(team)
    refused(team, "bob", "INSERT INTO client_shares (client_id, worker) VALUES (1, %s)"
            " RETURNING client_id", (team.login["bob"],))  # fmt: skip
    assert codes(team, "bob") == []
    assert team.sql("bob", "SELECT count(*) FROM clients") == [(0,)]


def test_a_worker_may_not_take_anothers_changes_to_read_their_journal(team):
    alices_client(team)
    refused(team, "bob", "UPDATE changes SET worker = current_user RETURNING id")
    seen = team.sql("bob", "SELECT old FROM journal WHERE old IS NOT NULL")
    assert not any("Ferda" in (old or "") for (old,) in seen)
    assert team.sql("bob", "SELECT count(*) FROM journal") == [(0,)]


def test_a_worker_may_not_leave_an_open_change_that_journals_anothers_writes(team):
    with psycopg.connect(team.url("bob")) as conn:
        try:
            change = conn.execute(
                "INSERT INTO changes (id, at, command, worker)"
                " VALUES (1000, '2026-12-07T00:00:00+00:00', 'trap', current_user) RETURNING id"
            ).fetchone()[0]
            conn.execute("INSERT INTO change_open (id) VALUES (%s)", (change,))
        except psycopg.errors.InsufficientPrivilege:
            conn.rollback()
    alices_client(team)
    seen = team.sql("bob", "SELECT old FROM journal WHERE old IS NOT NULL")
    assert not any("Ferda" in (old or "") for (old,) in seen)
    assert team.sql("bob", "SELECT count(*) FROM journal") == [(0,)]


def test_a_worker_may_not_plant_a_step_in_a_leads_change(team):
    code = alices_client(team)
    ok(team.run("bob", "client", "add", "Manka Loupežnická", "--born", "1983-01-17",
                "--sex", "f"))  # fmt: skip
    ok(team.run("lenka", "client", "edit", "K0002", "--note", "viz spis"))
    lead_change = team.sql("owner", "SELECT max(id) FROM changes")[0][0]
    bob = team.login["bob"]
    old = json.dumps({"id": 1, "worker": bob})  # alice's client, bob's
    refused(team, "bob", "INSERT INTO journal (change_id, tbl, key, op, client_id, old)"
            " VALUES (%s, 'clients', '[1]', 'update', 1, %s)",
            (lead_change, old))  # fmt: skip
    ok(team.run("lenka", "undo", "--yes"))
    assert team.sql("owner", "SELECT worker FROM clients WHERE code = %s", (code,)) == [
        (team.login["alice"],)
    ]
    assert codes(team, "bob") == ["K0002"]


def test_a_worker_may_not_add_values_to_anothers_trail(team):
    alices_client(team)
    audit = team.sql("owner", "SELECT max(id) FROM audit WHERE client_id = 1")[0][0]
    refused(team, "bob", "INSERT INTO audit_values (audit_id, field, old_digest, new_digest)"
            " VALUES (%s, 'name', 'x', 'y')", (audit,))  # fmt: skip
    assert team.sql("owner", "SELECT count(*) FROM audit_values WHERE old_digest = 'x'") == [(0,)]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE resoc_sequence SET seq = 0 WHERE name = 'clients' RETURNING seq",
        "DELETE FROM resoc_sequence WHERE name = 'clients' RETURNING seq",
    ],
)
def test_a_worker_may_not_wind_the_id_counter_back(team, statement):
    alices_client(team)
    with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.RaiseException)):
        team.sql("bob", statement)
    assert team.sql("owner", "SELECT seq FROM resoc_sequence WHERE name = 'clients'") == [(1,)]
    ok(team.run("alice", "client", "add", "Pytlík Brouk", "--born", "1975-05-05", "--sex", "m"))


def test_a_setting_of_the_transaction_moves_only_the_workers_own_ids(team):
    """``SET resoc.id_clients`` is the worker's own session's: another's ids are unaffected,
    and a lower value gives a duplicate key the server refuses (it never reuses an id)."""
    alices_client(team)
    with psycopg.connect(team.url("bob")) as conn:
        conn.execute("SET resoc.id_clients = '0'")
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute(
                "INSERT INTO clients (code, name, born, sex, created, worker) VALUES"
                " ('X1', 'Kmotr', '1980-01-01', 'm', '2026-01-01', current_user)"
            )
    assert ok(team.run("alice", "client", "add", "Pytlík Brouk", "--born", "1975-05-05",
                       "--sex", "m")).strip() == "K0002"  # fmt: skip


def test_team_init_again_replaces_an_earlier_policy_on_shares(team, resoc):
    """A database set up before the fix: its old policy let anyone share to themselves."""
    bob_or_me = "worker = current_user OR resoc_client_worker(client_id) = current_user"
    team.sql("owner", f"CREATE POLICY resoc_worker_all ON client_shares TO resoc_worker"
             f" USING ({bob_or_me}) WITH CHECK ({bob_or_me})")  # fmt: skip
    ok(resoc("--db", team.url("owner"), "team", "init"))
    alices_client(team)
    refused(team, "bob", "INSERT INTO client_shares (client_id, worker) VALUES (1, %s)",
            (team.login["bob"],))  # fmt: skip
    assert codes(team, "bob") == []


def test_the_old_worker_undoing_a_handover_is_refused_and_writes_nothing(team):
    """Undo of a handover re-lends the client to its old worker for a moment (a share only
    the responsible worker, now the new one, may give): refused in one line, the client stays
    the new worker's. (Before the fix the old worker took the client back by undo.)"""
    alices_client(team)
    ok(team.run("alice", "client", "assign", "K0001", team.login["bob"]))
    undone = team.run("alice", "undo", "--yes")
    assert undone.exit_code == 5 and undone.exception is None
    assert [line for line in undone.stderr.splitlines() if line.startswith("resoc: error")]
    assert "Traceback" not in undone.stderr and "internal error" not in undone.stderr
    assert codes(team, "bob") == ["K0001"] and codes(team, "alice") == []
    assert team.sql("owner", "SELECT count(*) FROM client_shares") == [(0,)]


@pytest.mark.xfail(strict=True, reason="open: an explicit id (or resoc.id_* setting) far above"
                   " the counter pushes it to the top for everyone; not fixed")  # fmt: skip
def test_a_worker_may_not_push_the_id_counter_to_its_end(team):
    with contextlib.suppress(psycopg.errors.InsufficientPrivilege):
        team.sql("bob", "INSERT INTO clients (id, code, name, born, sex, created, worker) VALUES"
                 " (9223372036854775807, 'X1', 'Kmotr', '1980-01-01', 'm', '2026-01-01',"
                 " current_user)")  # fmt: skip
    ok(team.run("alice", "client", "add", "Pytlík Brouk", "--born", "1975-05-05", "--sex", "m"))


def test_a_worker_may_not_change_a_meeting_with_participants_they_do_not_see(team):
    code = alices_client(team)
    ok(team.run("alice", "enrol", code, "adult", "--date", "2026-02-02"))
    ok(team.run("alice", "group", "add", "SV-JARO", "--name", "Jaro"))
    ok(team.run("alice", "group", "join", "SV-JARO", code, "--date", "2026-03-01"))
    ok(team.run("alice", "meeting", "add", "SV-JARO", "--date", "2026-03-09", "--hours", "2"))
    for args in (("edit", "1", "--hours", "3"), ("delete", "1", "--yes")):
        got = team.run("bob", "meeting", *args)
        assert got.exit_code == 5 and got.stderr.startswith("resoc: error: meeting 1: it has")
        assert "Ferda" not in got.stderr and code not in got.stderr
    # and the trail says nothing happened (it said bob changed and deleted the meeting)
    assert team.sql("owner", "SELECT count(*) FROM audit WHERE entity = 'meetings'") == [(1,)]
    refused(team, "bob", "UPDATE meetings SET minutes = 180 RETURNING id")
    refused(team, "bob", "DELETE FROM meetings RETURNING id")
    assert team.sql("owner", "SELECT minutes FROM meetings") == [(120,)]
    assert team.sql("owner", "SELECT minutes FROM sessions") == [(120,)]
    # one who sees every participant may (alice; a lead)
    ok(team.run("alice", "meeting", "edit", "1", "--hours", "3"))
    assert team.sql("owner", "SELECT minutes FROM sessions") == [(180,)]
    # a meeting of bob's own, with no one else's sessions, stays bob's to change
    ok(team.run("bob", "client", "add", "Manka Loupežnická", "--born", "1983-01-17",
                "--sex", "f"))  # fmt: skip
    ok(team.run("bob", "enrol", "K0002", "adult", "--date", "2026-02-02"))
    ok(team.run("bob", "meeting", "add", "--client", "K0002", "--date", "2026-03-10",
                "--hours", "1"))  # fmt: skip
    ok(team.run("bob", "meeting", "edit", "2", "--hours", "2"))
    assert team.sql("owner", "SELECT minutes FROM meetings ORDER BY id") == [(180,), (120,)]


def test_a_worker_may_not_write_into_the_trail_of_anothers_client(team):
    alices_client(team)
    refused(team, "bob", "INSERT INTO audit (at, command, action, entity, record, client_id,"
            " prev_hash, hash, worker) VALUES ('2026-12-07T00:00:00+00:00', 'client edit',"
            " 'edit', 'clients', 'K0001', 1, 'a', 'b', current_user)")  # fmt: skip
    assert team.sql("owner", "SELECT count(*) FROM audit WHERE worker = %s",
                    (team.login["bob"],)) == [(0,)]  # fmt: skip
    # on their own client the trail's rows are theirs to append (resoc does it)
    ok(team.run("bob", "client", "add", "Manka Loupežnická", "--born", "1983-01-17",
                "--sex", "f"))  # fmt: skip
    assert team.sql("owner", "SELECT client_id FROM audit WHERE worker = %s",
                    (team.login["bob"],)) == [(2,)]  # fmt: skip


def test_a_worker_a_client_is_shared_with_may_not_take_it_over(team):
    alices_client(team)
    ok(team.run("alice", "client", "share", "K0001", team.login["bob"]))
    refused(team, "bob", "UPDATE clients SET worker = current_user RETURNING id")
    assert team.sql("owner", "SELECT worker FROM clients") == [(team.login["alice"],)]
    # resoc refuses it too (only the responsible worker or a lead hands a client over)
    assert team.run("bob", "client", "assign", "K0001", team.login["bob"]).exit_code == 4
    ok(team.run("lenka", "client", "assign", "K0001", team.login["bob"]))
    assert team.sql("owner", "SELECT worker FROM clients") == [(team.login["bob"],)]
