"""The audit trail: every change appends a chained row; tampering is found and named."""

import json
import sqlite3

import pytest

from resoc_cli.domain.audit import GENESIS, Entry, entry_hash, verify_chain


def day_of_work(ok):
    code = ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("client", "edit", code, "--status", "released", "--note", "Mraveniště")
    ok("enrol", code, "adult", "--date", "2026-09-01")
    sid = ok("session", "add", code, "--date", "2026-10-05", "--hours", "2")
    ok("session", "delete", sid, "--yes")
    member = ok("family", "add", code, "Beruška Mravencová", "--relation", "spouse")
    ok("contact", "add", code, "--member", member, "--date", "2026-10-06", "--kind", "phone")
    ok("plan", "need", code, "housing")
    goal = ok("plan", "goal", code, "housing", "Najít mraveniště")
    ok("plan", "done", code, goal, "--outcome", "achieved")
    ok("plan", "agree", code)
    ok("plan", "review", code, "--note", "Jde to")
    ok("drop", code, "--date", "2026-11-01")
    ok("client", "close", code)
    return code


def doctor(resoc):
    r = resoc("doctor", "--json")
    return r.exit_code, {c["check"]: c for c in json.loads(r.stdout)["checks"]}


def test_every_change_is_logged_with_old_and_new_values(ok):
    code = day_of_work(ok)
    entries = json.loads(ok("log", code, "--json"))
    assert [(e["command"], e["action"], e["entity"]) for e in entries] == [
        ("client add", "add", "clients"),
        ("client edit", "edit", "clients"),
        ("enrol", "add", "enrolments"),
        ("session add", "add", "sessions"),
        ("session delete", "delete", "sessions"),
        ("family add", "add", "family_members"),
        ("contact add", "add", "contacts"),
        ("plan need", "add", "plan_needs"),
        ("plan goal", "add", "plan_goals"),
        ("plan done", "edit", "plan_goals"),
        ("plan agree", "edit", "plans"),
        ("plan review", "add", "plan_reviews"),
        ("drop", "dropped", "enrolments"),
        ("client close", "close", "clients"),
    ]
    edit = entries[1]["changes"]
    assert edit == {
        "note": {"old": None, "new": "Mraveniště"},
        "status": {"old": None, "new": "released"},
    }
    deleted = entries[4]["changes"]
    assert deleted["minutes"] == {"old": 120, "new": None}
    assert all(e["at"].endswith("+00:00") for e in entries)
    ids = [e["id"] for e in entries]
    assert ids == sorted(ids)


def test_log_filters_and_import_is_one_row(ok, tmp_path):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    f = tmp_path / "c.csv"
    f.write_text("name,born,sex\nManka Loupežnická,1983-01-17,f\nCipísek Lesní,2001-05-05,m\n")
    ok("import", "clients", str(f))
    every = json.loads(ok("log", "--json"))
    assert [e["action"] for e in every] == ["add", "import"]
    assert every[1]["changes"]["rows"] == {"old": None, "new": 2}
    assert json.loads(ok("log", "--since", "2999-01-01", "--json")) == []
    assert len(json.loads(ok("log", "--since", "today", "--json"))) == 2
    assert "client add" in ok("log")


def test_failed_command_leaves_no_audit_row(ok, resoc):
    code = ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("enrol", code, "adult", "--date", "2026-09-01")
    assert resoc("enrol", code, "juvenile", "--date", "2026-09-02").exit_code == 4
    assert len(json.loads(ok("log", "--json"))) == 2


@pytest.mark.sqlite_only("writes to the SQLite file past resoc to test its triggers")
def test_trail_is_append_only(ok, private_db):
    day_of_work(ok)
    conn = sqlite3.connect(private_db)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit SET action = 'x' WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit WHERE id = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit_values SET new_value = '\"x\"' WHERE audit_id = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit_values")
    conn.close()


def _tamper(private_db, *statements):
    """Change the trail behind resoc's back, the way someone with the sqlite3 shell would."""
    conn = sqlite3.connect(private_db)
    for trigger in (
        "audit_append_only_update",
        "audit_append_only_delete",
        "audit_values_no_delete",
        "audit_values_redact_only",
    ):
        conn.execute(f"DROP TRIGGER {trigger}")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def test_healthy_chain_verifies(ok, resoc):
    day_of_work(ok)
    code, checks = doctor(resoc)
    assert code == 0 and checks["audit trail"]["status"] == "ok"
    assert checks["audit trail"]["detail"].startswith("14 rows")


@pytest.mark.parametrize(
    ("statements", "row", "reason"),
    [
        (["UPDATE audit SET record = 'K9999' WHERE id = 3"], 3, "content"),
        (["DELETE FROM audit_values WHERE audit_id = 5", "DELETE FROM audit WHERE id = 5"], 6,
         "follow"),
        (["UPDATE audit_values SET new_value = '\"Jiný Mravenec\"' "
          "WHERE audit_id = 1 AND field = 'name'"], 1, "'name'"),
        (["UPDATE audit_values SET new_digest = 'ab' WHERE audit_id = 2 AND field = 'note'"], 2,
         "content"),
        (["DELETE FROM audit_values WHERE audit_id = 4"], 4, "content"),
    ],
)  # fmt: skip
@pytest.mark.sqlite_only("tampers with the audit rows in the SQLite file itself")
def test_tampering_is_found_and_the_first_broken_row_named(
    ok, resoc, private_db, statements, row, reason
):
    day_of_work(ok)
    _tamper(private_db, *statements)
    code, checks = doctor(resoc)
    assert code == 1
    audit = checks["audit trail"]
    assert audit["status"] == "fail"
    assert audit["detail"].startswith(f"row {row}:") and reason in audit["detail"]
    human = resoc("doctor")
    assert human.exit_code == 1 and f"FAIL audit trail: row {row}:" in human.stdout


def test_chain_rules_pure():
    e1 = Entry(1, "t1", "client add", "add", "clients", "K0001", 1, GENESIS, "", ())
    e1 = e1._replace(hash=entry_hash(e1))
    e2 = Entry(
        2, "t2", "client edit", "edit", "clients", "K0001", 1, e1.hash, "", (("a", "x", "y"),)
    )
    e2 = e2._replace(hash=entry_hash(e2))
    assert verify_chain([e1, e2]) == (2, None)
    n, broken = verify_chain([e2])
    assert broken.id == 2
    moved = e2._replace(digests=(("a", "x", "z"),))
    assert verify_chain([e1, moved])[1].id == 2
