"""A team's caseload on PostgreSQL (issue 17): two workers and a lead, each seeing what the
row-level security lets them see, through resoc and through plain SQL; the trail names the
worker and stays one chain; only the owner may change the trail, only a lead may erase."""

import json

import psycopg
import pytest

from tests.teamkit import caseload_of, codes, ok

pytestmark = pytest.mark.postgres


def test_each_worker_sees_only_their_own_and_shared_clients(team):
    caseload_of(team, "alice", [("Ferda Mravenec", "1988-04-12", "2"),
                                ("Pytlík Brouk", "1975-05-05", "1")])  # fmt: skip
    caseload_of(team, "bob", [("Manka Loupežnická", "1983-01-17", "3")])
    assert codes(team, "alice") == ["K0001", "K0002"]
    assert codes(team, "bob") == ["K0003"]
    assert codes(team, "lenka") == ["K0001", "K0002", "K0003"]
    # the same limits in plain SQL, whatever a worker types in psql
    assert team.sql("alice", "SELECT code FROM clients ORDER BY code") == [("K0001",), ("K0002",)]
    assert team.sql("bob", "SELECT count(*) FROM sessions") == [(3,)]
    assert team.sql("bob", "SELECT count(*) FROM enrolments") == [(1,)]
    assert team.sql("alice", "SELECT DISTINCT client_id FROM audit WHERE client_id IS NOT NULL"
                    " ORDER BY 1") == [(1,), (2,)]  # fmt: skip
    assert team.sql("lenka", "SELECT count(*) FROM sessions") == [(6,)]
    # another's client is as if it did not exist (no name, no hint)
    refused = team.run("bob", "hours", "K0001")
    assert refused.exit_code == 3 and "Ferda" not in refused.stderr
    # shared: bob sees it and works with it; alice stays responsible
    ok(team.run("alice", "client", "share", "K0001", team.login["bob"]))
    assert codes(team, "bob") == ["K0001", "K0003"]
    assert team.sql("bob", "SELECT count(*) FROM sessions") == [(5,)]
    ok(team.run("bob", "session", "add", "K0001", "--date", "2026-03-10", "--hours", "2"))
    shown = json.loads(ok(team.run("bob", "client", "show", "K0001", "--json")))
    assert (shown["worker"], shown["shared_with"]) == (team.login["alice"], [team.login["bob"]])
    # and no longer
    ok(team.run("alice", "client", "share", "K0001", team.login["bob"], "--stop"))
    assert codes(team, "bob") == ["K0003"]
    assert team.run("bob", "hours", "K0001").exit_code == 3


def test_a_worker_may_not_add_a_client_in_anothers_name_nor_see_through_psql(team):
    caseload_of(team, "alice", [("Ferda Mravenec", "1988-04-12", "1")])
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # the policy's check
        team.sql("bob", "INSERT INTO clients (code, name, born, sex, created, worker)"
                 " VALUES ('X1', 'Kmotr Ferdy', '1980-01-01', 'm', '2026-01-01', %s)",
                 (team.login["alice"],))  # fmt: skip
    assert team.sql("bob", "UPDATE sessions SET minutes = 720 RETURNING id") == []
    assert team.sql("bob", "DELETE FROM clients RETURNING id") == []
    assert team.sql("owner", "SELECT minutes FROM sessions") == [(120,)]
    # a login that is not in this database's team may not even connect to it
    with pytest.raises(psycopg.OperationalError, match="permission denied"):
        team.sql("outsider", "SELECT 1")
    refused = team.run("outsider", "caseload")
    assert refused.exit_code == 5 and len(refused.stderr.splitlines()) == 1
    assert "not in the database's team" in refused.stderr
    assert team.login["outsider"] not in refused.stderr and team.database not in refused.stderr


def test_a_handed_over_client_leaves_the_old_workers_sight(team):
    caseload_of(team, "alice", [("Ferda Mravenec", "1988-04-12", "1")])
    refused = team.run("bob", "client", "assign", "K0001", team.login["bob"])
    assert refused.exit_code == 3  # bob does not even see it
    out = ok(team.run("alice", "client", "assign", "K0001", team.login["bob"]))
    assert out == f"K0001: responsible worker {team.login['bob']}\n"
    assert codes(team, "alice") == [] and codes(team, "bob") == ["K0001"]
    assert team.sql("alice", "SELECT count(*) FROM client_shares") == [(0,)]  # nothing lent
    # bob is responsible now: alice (not shared) may not take it back; a lead may
    assert team.run("alice", "client", "assign", "K0001", team.login["alice"]).exit_code == 3
    ok(team.run("lenka", "client", "assign", "K0001", team.login["alice"]))
    assert codes(team, "alice") == ["K0001"]
    # a login outside the team is refused before anything changes
    outside = team.run("alice", "client", "assign", "K0001", team.login["outsider"])
    assert outside.exit_code == 2 and "resoc team add" in outside.stderr
    assert codes(team, "alice") == ["K0001"]


def test_the_leads_yearly_report_is_the_sum_of_the_workers(team):
    caseload_of(team, "alice", [("Ferda Mravenec", "1988-04-12", "4"),
                                ("Pytlík Brouk", "2009-05-05", "2")])  # fmt: skip
    caseload_of(team, "bob", [("Manka Loupežnická", "1983-01-17", "3")])

    def report(who: str) -> dict:
        return json.loads(ok(team.run(who, "report", "year", "2026", "--json")))

    alice, bob, lead = report("alice"), report("bob"), report("lenka")
    assert (alice["clients_total"], bob["clients_total"]) == (2, 1)
    for key in ("clients_total", "new_clients", "sessions", "minutes_total"):
        assert lead[key] == alice[key] + bob[key], key
    for key in ("by_sex", "by_age_band"):
        assert lead[key] == {k: alice[key][k] + bob[key][k] for k in lead[key]}, key
    assert lead["minutes_total"] == 9 * 120


def test_the_trail_names_each_worker_and_stays_one_chain(team):
    from resoc_cli.storage import audit
    from resoc_cli.storage.server import open_server

    caseload_of(team, "alice", [("Ferda Mravenec", "1988-04-12", "1")])
    caseload_of(team, "bob", [("Manka Loupežnická", "1983-01-17", "1")])
    entries = json.loads(ok(team.run("lenka", "log", "--json")))
    by_record = {(e["entity"], e["record"]): e["worker"] for e in entries}
    assert by_record[("clients", "K0001")] == team.login["alice"]
    assert by_record[("clients", "K0002")] == team.login["bob"]
    assert by_record[("team", team.login["lenka"])] == "resoc_owner"
    server = open_server(team.url("owner"), create=False)
    try:
        rows, broken = audit.verify(server)
    finally:
        server.close()
    assert broken is None and rows == len(entries)
    # the worker is part of the hash: naming another breaks the chain
    team.sql("owner", "ALTER TABLE audit DISABLE TRIGGER audit_append_only_update")
    team.sql("owner", "UPDATE audit SET worker = %s WHERE record = 'K0002'",
             (team.login["alice"],))  # fmt: skip
    server = open_server(team.url("owner"), create=False)
    try:
        assert audit.verify(server)[1] is not None
    finally:
        server.close()


def test_nobody_but_the_owner_changes_the_trail_and_only_a_lead_erases(team):
    caseload_of(team, "alice", [("Ferda Mravenec", "1988-04-12", "1")])
    for who in ("alice", "lenka"):
        for statement in (
            "UPDATE audit SET command = 'x'",
            "DELETE FROM audit",
            "DELETE FROM audit_values",
            "UPDATE audit_values SET field = 'x'",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                team.sql(who, statement)
    # a worker may not mark their client erased, nor blank the trail's values
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        team.sql("alice", "UPDATE clients SET erased_date = '2026-12-01'")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        team.sql("alice", "UPDATE audit_values SET old_value = NULL, new_value = NULL,"
                 " salt = NULL")  # fmt: skip
    # a lead may blank them (the grant names these columns; the trigger allows only blanking)
    blanked = team.sql("lenka", "UPDATE audit_values SET old_value = NULL, new_value = NULL,"
                       " salt = NULL WHERE field = 'name' RETURNING field")  # fmt: skip
    assert blanked == [("name",)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        team.sql("lenka", "UPDATE audit_values SET new_digest = 'x'")
    with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
        team.sql("lenka", "UPDATE audit_values SET new_value = 'x'")


def test_each_worker_undoes_their_own_last_change(team):
    caseload_of(team, "alice", [("Ferda Mravenec", "1988-04-12", "1")])
    caseload_of(team, "bob", [("Manka Loupežnická", "1983-01-17", "1")])
    undone = json.loads(ok(team.run("alice", "undo", "--yes", "--json")))
    assert undone["command"] == "session add"
    assert team.sql("owner", "SELECT client_id FROM sessions ORDER BY id") == [(2,)]


def test_team_commands_refuse_a_file_and_write_nothing(resoc, tmp_path, monkeypatch):
    missing = tmp_path / "nowhere" / "resoc.db"
    for args in (["team", "init"], ["team", "add", "alice"], ["team", "list"]):
        r = resoc("--db", str(missing), *args)
        assert r.exit_code == 2 and r.exception is None
        assert r.stderr.startswith("resoc: error: team: a team's caseload lives on a PostgreSQL")
        assert len(r.stderr.splitlines()) == 1
    assert not missing.parent.exists()


def test_team_add_refuses_what_it_cannot_do(team, resoc):
    owner = team.url("owner")
    for login, code, words in (("no_such_login_x", 2, "no such login"),
                               ("bad login", 2, "not a login name"),
                               (team.login["lenka"], 4, "already a lead")):  # fmt: skip
        r = resoc("--db", owner, "team", "add", login)
        assert (r.exit_code, len(r.stderr.splitlines())) == (code, 1), r.stderr
        assert words in r.stderr
    # a worker may not set the team up nor grant parts
    assert team.run("alice", "team", "init").exit_code == 5
    r = team.run("alice", "team", "add", team.login["outsider"])
    assert r.exit_code == 5 and "may not grant" in r.stderr
    table = ok(team.run("lenka", "team", "list")).splitlines()
    listed = [tuple(cell.strip() for cell in line.split("│")[1:3]) for line in table
              if line.startswith("│")]  # fmt: skip
    assert listed == [(team.login["alice"], "worker"), (team.login["bob"], "worker"),
                      (team.login["lenka"], "lead")]  # fmt: skip


def test_assign_and_share_in_a_file_record_the_names(ok, resoc):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    assert ok("client", "assign", "K0001", "novakova") == "K0001: responsible worker novakova"
    assert ok("client", "share", "K0001", "dvorak") == "K0001: shared with dvorak"
    shown = json.loads(ok("client", "show", "K0001", "--json"))
    assert (shown["worker"], shown["shared_with"]) == ("novakova", ["dvorak"])
    assert "shared with  dvorak" in ok("client", "show", "K0001")
    assert ok("client", "share", "K0001", "dvorak", "--stop") == "K0001: shared with nobody"
    ok("undo", "--yes")
    assert json.loads(ok("client", "show", "K0001", "--json"))["shared_with"] == ["dvorak"]
    bad = resoc("client", "assign", "K0001", "no;body")
    assert bad.exit_code == 2 and "login" in bad.stderr
    assert resoc("client", "share", "K0001", "novakova").exit_code == 4  # already theirs


def test_ten_workers_writing_at_once_leave_one_chain_that_names_each(team):
    """Real processes, two workers and a lead, at once: nothing lost, no "busy", one chain
    whose rows name who wrote them (a worker cannot see the others' rows: the chain's head
    comes from the server)."""
    import subprocess
    import sys

    from resoc_cli.storage import audit
    from resoc_cli.storage.server import open_server

    who = ["alice", "bob", "lenka", "alice", "bob", "alice", "bob", "lenka", "alice", "bob"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "resoc_cli", "--db", team.url(w), "client", "add",
             f"Mravenec Číslo{n}", "--born", "1980-01-01", "--sex", "m"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for n, w in enumerate(who)
    ]  # fmt: skip
    results = [(p.wait(), p.stdout.read(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [code for code, _, _ in results] == [0] * 10, results
    assert sorted(out.strip() for _, out, _ in results) == [f"K{n:04d}" for n in range(1, 11)]
    written = dict(team.sql("owner", "SELECT record, worker FROM audit WHERE entity = 'clients'"))
    made = {out.strip(): team.login[w] for w, (_, out, _) in zip(who, results, strict=True)}
    assert written == made
    assert dict(team.sql("owner", "SELECT code, worker FROM clients")) == made
    server = open_server(team.url("owner"), create=False)
    try:
        rows, broken = audit.verify(server)
    finally:
        server.close()
    assert broken is None and rows == len(team.sql("owner", "SELECT id FROM audit"))


def test_a_worker_may_not_erase_and_a_lead_may(team):
    caseload_of(team, "alice", [("Ferda Mravenec", "1988-04-12", "1")])
    ok(team.run("alice", "drop", "K0001", "--date", "2026-04-01"))
    ok(team.run("alice", "client", "close", "K0001", "--date", "2026-04-02"))
    for args in (["--dry-run"], ["--yes"]):
        refused = team.run("alice", "client", "erase", "K0001", *args)
        assert (refused.exit_code, refused.stdout) == (4, "")
        assert refused.stderr == (
            "resoc: error: client erase: in a team only a lead may erase personal data\n"
        )
    assert team.sql("owner", "SELECT name FROM clients") == [("Ferda Mravenec",)]
    ok(team.run("lenka", "client", "erase", "K0001", "--yes"))
    assert team.sql("owner", "SELECT name FROM clients") == [("(erased)",)]
    assert "Ferda" not in json.dumps(json.loads(ok(team.run("lenka", "log", "--json"))))


def test_doctor_verifies_the_whole_chain_for_a_lead_and_says_why_not_for_a_worker(team):
    caseload_of(team, "alice", [("Ferda Mravenec", "1988-04-12", "1")])
    caseload_of(team, "bob", [("Manka Loupežnická", "1983-01-17", "1")])

    def trail(who: str) -> tuple[int, dict]:
        r = team.run(who, "doctor", "--json")
        assert r.exception is None and len(r.stderr.splitlines()) <= 1, r.stderr
        found = {c["check"]: c for c in json.loads(r.stdout)["checks"]}
        return r.exit_code, found["audit trail"]

    code, lead = trail("lenka")
    assert (code, lead["status"]) == (0, "ok") and "hash chain intact" in lead["detail"]
    code, worker = trail("alice")
    assert worker["status"] == "n/a" and "a lead or the owner verifies" in worker["detail"]


def test_a_worker_imports_into_the_team_and_exports_only_their_own(team, tmp_path):
    """An import stages its rows in a temporary table: a worker may make one (team add gives
    the right with the connection), and what they export is what they may see."""
    caseload_of(team, "alice", [("Ferda Mravenec", "1988-04-12", "1")])
    caseload_of(team, "bob", [("Manka Loupežnická", "1983-01-17", "1")])
    clients = tmp_path / "klienti.csv"
    clients.write_text("name,born,sex\nPytlík Brouk,1975-05-05,m\n", encoding="utf-8")
    assert ok(team.run("alice", "import", "clients", str(clients))).startswith("imported 1")
    sessions = tmp_path / "sezeni.csv"
    sessions.write_text("client,date,hours,activity\nK0001,2026-03-20,2,social-training\n",
                        encoding="utf-8")  # fmt: skip
    assert ok(team.run("alice", "import", "sessions", str(sessions))).startswith("imported 1")
    assert team.sql("owner", "SELECT worker FROM clients WHERE code = 'K0003'") == [
        (team.login["alice"],)]  # fmt: skip
    # bob's client in alice's file is refused as unknown, and nothing is written
    sessions.write_text("client,date,hours,activity\nK0002,2026-03-20,2,social-training\n",
                        encoding="utf-8")  # fmt: skip
    refused = team.run("alice", "import", "sessions", str(sessions))
    assert refused.exit_code != 0 and "Manka" not in refused.stderr
    assert team.sql("owner", "SELECT count(*) FROM sessions") == [(3,)]
    exported = ok(team.run("alice", "export", "clients", "--format", "json"))
    assert sorted(c["code"] for c in json.loads(exported)) == ["K0001", "K0003"]


def test_a_worker_may_not_share_anothers_client_with_themselves(team):
    """A share naming oneself would open any client: only the client's worker (or a lead)
    makes one, through resoc or psql alike."""
    caseload_of(team, "bob", [("Manka Loupežnická", "1983-01-17", "1")])
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        team.sql("alice", "INSERT INTO client_shares (client_id, worker) VALUES (1, %s)",
                 (team.login["alice"],))  # fmt: skip
    assert team.sql("alice", "SELECT count(*) FROM clients") == [(0,)]
    assert team.run("alice", "client", "share", "K0001", team.login["alice"]).exit_code == 3
    ok(team.run("bob", "client", "share", "K0001", team.login["alice"]))
    assert codes(team, "alice") == ["K0001"]
    # the one it is shared with may leave the share, not pass it on
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        team.sql("alice", "INSERT INTO client_shares (client_id, worker) VALUES (1, %s)",
                 (team.login["lenka"],))  # fmt: skip
    assert team.sql("alice", "DELETE FROM client_shares RETURNING client_id") == [(1,)]
    assert codes(team, "alice") == []
