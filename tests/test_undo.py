"""resoc undo and the journal behind it; ids that are never given twice."""

from datetime import date

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from support import write

from resoc_cli.domain.errors import Conflict, ResocError, RuleNotMet
from resoc_cli.services import clients, family, programmes, sessions, undo
from resoc_cli.storage import audit, journal
from resoc_cli.storage.db import connect

DAY = date(2026, 3, 2)
TABLES = sorted(journal.TABLES)


def snapshot(conn, widths: dict | None = None) -> dict:
    """Every row of every journalled table (that the database has); ``widths``: only the
    first so many columns of each table named (as an older schema had them)."""
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    if widths is not None:
        present &= set(widths)
    return {
        t: sorted(tuple(r)[: (widths or {}).get(t)] for r in conn.execute(f"SELECT * FROM {t}"))
        for t in TABLES
        if t in present
    }


def add_client(conn, name="Pokusný Klient", born="1990-01-01"):
    return write(conn, clients.add_client, DAY, name=name, born=born, sex="m")["code"]


def add_session(conn, code, minutes=120, members=()):
    return write(
        conn, sessions.add_session, code, date=DAY, minutes=minutes, members=list(members)
    )["id"]


# --- ids -----------------------------------------------------------------------------------


def test_a_deleted_sessions_id_is_not_given_to_the_next_session(conn):
    code = add_client(conn)
    first = add_session(conn, code)
    last = add_session(conn, code)
    write(conn, sessions.delete_session, last)
    again = add_session(conn, code)
    assert again > last > first


def test_an_undone_clients_code_is_not_given_again(conn):
    first = add_client(conn)
    write(conn, undo.undo)
    assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 0
    second = add_client(conn, "Pokusná Klientka")
    assert (first, second) == ("K0001", "K0002")


@pytest.mark.parametrize("version", [5, 6])
def test_the_migration_keeps_every_row_and_reference(tmp_path, monkeypatch, version):
    from resoc_cli.storage import db as dbmod

    path = tmp_path / "old.db"
    real = dbmod.migrations()
    monkeypatch.setattr(dbmod, "migrations", lambda: real[:version])
    # as the code of that version wrote it: no worker (schema 9) in the trail or the journal
    monkeypatch.setattr(dbmod.Connection, "worker", None)
    old = connect(path)
    code = add_client(old)
    write(old, programmes.enrol, code, "adult", DAY)
    member = write(old, family.add_member, code, name="Pokusná Dcera", relation="child")["id"]
    # as the code of that version wrote it (today's code writes today's columns)
    with old:
        session = old.execute(
            """INSERT INTO sessions (client_id, enrolment_id, date, minutes, activity, attendance)
               SELECT client_id, id, start_date, 120, 'social-training', 'attended'
               FROM enrolments"""
        ).lastrowid
        old.execute("INSERT INTO session_members VALUES (?, ?)", (session, member))
    before = snapshot(old)
    widths = {t: len(old.execute(f"SELECT * FROM {t}").description) for t in before}
    old.close()
    monkeypatch.setattr(dbmod, "migrations", lambda: real)
    new = connect(path)
    assert snapshot(new, widths) == before
    assert [r[0] for r in new.execute("SELECT DISTINCT meeting_id FROM sessions")] == [None]
    assert new.execute("PRAGMA foreign_key_check").fetchall() == []
    assert new.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    sql = new.execute("SELECT sql FROM sqlite_schema WHERE name = 'sessions'").fetchone()[0]
    assert "AUTOINCREMENT" in sql
    new.close()


# --- undo ----------------------------------------------------------------------------------


def test_undo_of_a_delete_puts_the_session_back_with_its_id_and_family_members(conn):
    code = add_client(conn)
    write(conn, programmes.enrol, code, "adult", DAY)
    member = write(conn, family.add_member, code, name="Pokusná Dcera", relation="child")["id"]
    session = add_session(conn, code, members=[member])
    before = snapshot(conn)
    write(conn, sessions.delete_session, session)
    assert snapshot(conn) != before
    done = write(conn, undo.undo)
    assert snapshot(conn) == before
    assert {s["action"] for s in done["steps"]} == {"restore"}
    assert {s["table"] for s in done["steps"]} == {"sessions", "session_members"}


def test_undo_of_an_edit_puts_the_old_values_back(conn):
    code = add_client(conn)
    session = add_session(conn, code, minutes=120)
    before = snapshot(conn)
    write(conn, sessions.edit_session, session, minutes=150)
    plan = undo.undo_plan(conn)
    [step] = plan["steps"]
    assert step["action"] == "revert" and step["fields"] == {"minutes": [150, 120]}
    write(conn, undo.undo)
    assert snapshot(conn) == before


def test_undo_walks_back_and_never_undoes_an_undo(conn):
    a = add_client(conn, "Pokusný Prvý")
    b = add_client(conn, "Pokusný Druhý")
    write(conn, undo.undo)
    codes = [r[0] for r in conn.execute("SELECT code FROM clients")]
    assert codes == [a]
    write(conn, undo.undo)
    assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 0
    with pytest.raises(RuleNotMet):
        write(conn, undo.undo)
    assert b == "K0002"


def test_a_failed_command_leaves_no_change_behind(conn):
    add_client(conn)
    count = conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    with pytest.raises(ResocError):
        write(conn, sessions.add_session, "K0404", date=DAY, minutes=60)
    assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == count
    assert conn.execute("SELECT count(*) FROM change_open").fetchone()[0] == 0


def test_undo_refuses_an_erasure_and_the_journal_keeps_nothing_of_the_erased(conn):
    from resoc_cli.services import privacy

    code = add_client(conn)
    add_session(conn, code)
    write(conn, clients.close_client, code, DAY, None)
    write(conn, privacy.erase, code, DAY)
    with pytest.raises(Conflict, match="erasure"):
        write(conn, undo.undo)
    leftover = conn.execute("SELECT count(*) FROM journal WHERE client_id = 1").fetchone()[0]
    assert leftover == 0
    assert "Pokusný" not in str(conn.execute("SELECT * FROM journal").fetchall())


def test_undo_refuses_when_a_later_record_refers_to_the_record_it_would_remove(conn):
    code = add_client(conn)
    member = write(conn, family.add_member, code, name="Pokusná Dcera", relation="child")["id"]
    # A row written by another program, outside any resoc change, points at the member.
    conn.execute(
        "INSERT INTO contacts (client_id, member_id, date, kind) VALUES (1, ?, ?, 'phone')",
        (member, DAY.isoformat()),
    )
    before = snapshot(conn)
    with pytest.raises(Conflict, match="referred to"):
        write(conn, undo.undo)
    assert snapshot(conn) == before


def test_a_later_change_to_the_same_row_is_found(conn):
    code = add_client(conn)
    session = add_session(conn, code)
    write(conn, sessions.edit_session, session, minutes=90)
    first, second = [r[0] for r in conn.execute("SELECT id FROM changes ORDER BY id")][1:3]
    assert journal.touched_since(conn, "sessions", [session], first) == second
    assert journal.touched_since(conn, "sessions", [session], second) is None


def test_undo_checks_it_is_still_the_change_the_user_was_shown(conn):
    add_client(conn)
    shown = undo.undo_plan(conn)["change"]
    add_client(conn, "Pokusná Klientka")
    with pytest.raises(Conflict, match="meanwhile"):
        write(conn, undo.undo, expected=shown)


def test_undo_every_change_of_the_example_leaves_no_clients(conn):
    from resoc_cli.services.example import load_example

    write(conn, load_example, DAY)
    code = "K0001"
    write(conn, sessions.add_session, code, date=DAY, minutes=60)
    write(conn, clients.edit_client, code, note="Opravená poznámka")
    while True:
        try:
            write(conn, undo.undo)
        except RuleNotMet:
            break
    assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
    assert audit.verify(conn)[1] is None


# --- a long random sequence ----------------------------------------------------------------


class Casework(RuleBasedStateMachine):
    """Random adds, edits, deletes and undos; after every undo the database is exactly as it
    was before the change undone, and the audit trail always verifies."""

    def __init__(self):
        super().__init__()
        import tempfile
        from pathlib import Path

        self.dir = tempfile.TemporaryDirectory()
        self.conn = connect(Path(self.dir.name) / "machine.db")
        self.before: list[dict] = []  # the snapshot before each change not undone
        self.n = 0

    def do(self, use_case, *args, **kwargs):
        state = snapshot(self.conn)
        try:
            write(self.conn, use_case, *args, **kwargs)
        except ResocError:
            assert snapshot(self.conn) == state
            return
        if snapshot(self.conn) != state:
            self.before.append(state)

    def codes(self):
        return [r[0] for r in self.conn.execute("SELECT code FROM clients")]

    def ids(self, table):
        return [r[0] for r in self.conn.execute(f"SELECT id FROM {table}")]

    @rule()
    def add_client(self):
        self.n += 1
        self.do(
            clients.add_client, DAY, name=f"Pokusný Klient {self.n}", born="1990-01-01", sex="m"
        )

    @precondition(lambda self: self.codes())
    @rule(data=st.data(), minutes=st.integers(1, 720))
    def add_session(self, data, minutes):
        code = data.draw(st.sampled_from(self.codes()))
        members = [
            r[0]
            for r in self.conn.execute(
                "SELECT f.id FROM family_members f JOIN clients c ON c.id = f.client_id"
                " WHERE c.code = ?",
                (code,),
            )
        ]
        self.do(sessions.add_session, code, date=DAY, minutes=minutes, members=members)

    @precondition(lambda self: self.codes())
    @rule(data=st.data())
    def enrol(self, data):
        self.do(programmes.enrol, data.draw(st.sampled_from(self.codes())), "adult", DAY)

    @precondition(lambda self: self.codes())
    @rule(data=st.data())
    def add_member(self, data):
        code = data.draw(st.sampled_from(self.codes()))
        self.do(family.add_member, code, name="Pokusná Dcera", relation="child")

    @precondition(lambda self: self.ids("sessions"))
    @rule(data=st.data(), minutes=st.integers(1, 720))
    def edit_session(self, data, minutes):
        self.do(
            sessions.edit_session, data.draw(st.sampled_from(self.ids("sessions"))), minutes=minutes
        )

    @precondition(lambda self: self.ids("sessions"))
    @rule(data=st.data())
    def delete_session(self, data):
        self.do(sessions.delete_session, data.draw(st.sampled_from(self.ids("sessions"))))

    @precondition(lambda self: self.codes())
    @rule(data=st.data())
    def edit_client(self, data):
        code = data.draw(st.sampled_from(self.codes()))
        self.do(clients.edit_client, code, note=f"poznámka {self.n}")

    @precondition(lambda self: self.before)
    @rule()
    def undo(self):
        write(self.conn, undo.undo)
        assert snapshot(self.conn) == self.before.pop()

    @invariant()
    def trail_verifies(self):
        assert audit.verify(self.conn)[1] is None

    def teardown(self):
        while self.before:
            self.undo()
        assert self.codes() == []
        with pytest.raises(RuleNotMet):
            write(self.conn, undo.undo)
        self.conn.close()
        self.dir.cleanup()


Casework.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_casework_undo = Casework.TestCase
