"""The change journal behind ``resoc undo``: one ``changes`` row per write command, and the
rows it touched (noted by the triggers of schema migrations 6 and 7) with their state before."""

import json
import sqlite3
from datetime import UTC, datetime

#: The primary key of every journalled table (``id`` where not named).
KEYS = {
    "session_members": ("session_id", "member_id"),
    "plans": ("client_id",),
    "client_shares": ("client_id", "worker"),
}
#: The tables the triggers journal: the only ones undo may touch.
TABLES = frozenset(
    {
        "programmes",
        "clients",
        "enrolments",
        "family_members",
        "sessions",
        "session_members",
        "contacts",
        "plans",
        "plan_needs",
        "plan_goals",
        "plan_reviews",
        "consents",
        "groups",
        "group_members",
        "meetings",
        "client_shares",
    }
)


def begin(conn: sqlite3.Connection, command: str, kind: str = "change") -> int | None:
    """Open a change; None on a database not yet migrated to the journal (an old backup
    being read in a test of the upgrade)."""
    at = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        conn.execute("DELETE FROM change_open")
    except sqlite3.OperationalError:
        return None
    worker = getattr(conn, "worker", None)
    if worker is None:
        sql, values = "INSERT INTO changes (at, command, kind) VALUES (?, ?, ?)", ()
    else:
        sql = "INSERT INTO changes (at, command, kind, worker) VALUES (?, ?, ?, ?)"
        values = (worker,)
    change_id = conn.execute(sql, (at, command, kind, *values)).lastrowid
    conn.execute("INSERT INTO change_open (id) VALUES (?)", (change_id,))
    return change_id


def finish(conn: sqlite3.Connection, change_id: int | None) -> None:
    if change_id is None:
        return
    conn.execute("DELETE FROM change_open")
    conn.execute(
        """DELETE FROM changes WHERE id = ? AND kind = 'change'
           AND NOT EXISTS (SELECT 1 FROM journal WHERE change_id = ?)""",
        (change_id, change_id),
    )


def mark(conn: sqlite3.Connection, kind: str, undoes: int | None = None) -> None:
    """Say what the open change is: an ``undo`` of another, an ``erase``, a ``restore``."""
    conn.execute(
        "UPDATE changes SET kind = ?, undoes = ? WHERE id = (SELECT id FROM change_open)",
        (kind, undoes),
    )


def record_restore(conn: sqlite3.Connection, command: str) -> None:
    """A restored database says so: undo stops there."""
    at = datetime.now(UTC).isoformat(timespec="seconds")
    conn.execute("INSERT INTO changes (at, command, kind) VALUES (?, ?, 'restore')", (at, command))


def forget_client(conn: sqlite3.Connection, client_id: int) -> None:
    """Erasure: the journal keeps no earlier state of the client's rows."""
    conn.execute("DELETE FROM journal WHERE client_id = ?", (client_id,))


def last_change(conn: sqlite3.Connection) -> sqlite3.Row | None:
    """The most recent change that is not an undo and has not been undone (the open one
    aside). In a team's caseload, the most recent of this worker's own changes: another's
    is theirs to undo."""
    mine = getattr(conn, "worker", None) if getattr(conn, "team", False) else None
    return conn.execute(
        """SELECT c.id, c.at, c.command, c.kind FROM changes c
           WHERE c.kind != 'undo'
             AND NOT EXISTS (SELECT 1 FROM changes u WHERE u.undoes = c.id)
             AND c.id NOT IN (SELECT id FROM change_open)
             AND (? IS NULL OR c.worker = ? OR c.kind != 'change')
           ORDER BY c.id DESC LIMIT 1""",
        (mine, mine),
    ).fetchone()


def steps(conn: sqlite3.Connection, change_id: int) -> list[dict]:
    """The change's rows, last first: ``{table, key, op, client_id, old}`` where ``old`` is
    the row before the change (None for an insert)."""
    rows = conn.execute(
        """SELECT tbl, key, op, client_id, old FROM journal
           WHERE change_id = ? ORDER BY id DESC""",
        (change_id,),
    )
    return [
        {
            "table": r[0],
            "key": json.loads(r[1]),
            "op": r[2],
            "client_id": r[3],
            "old": json.loads(r[4]) if r[4] is not None else None,
        }
        for r in rows
    ]


def _where(table: str, key: list) -> tuple[str, list]:
    if table not in TABLES:
        raise LookupError(table)  # never from input: the journal names only these
    columns = KEYS.get(table, ("id",))
    return " AND ".join(f"{c} = ?" for c in columns), list(key)


def current(conn: sqlite3.Connection, table: str, key: list) -> dict | None:
    where, params = _where(table, key)
    row = conn.execute(f"SELECT * FROM {table} WHERE {where}", params).fetchone()
    return dict(row) if row is not None else None


def touched_since(conn: sqlite3.Connection, table: str, key: list, change_id: int) -> int | None:
    """A later change, neither an undo nor undone, that touched the row: its id."""
    row = conn.execute(
        """SELECT j.change_id FROM journal j JOIN changes c ON c.id = j.change_id
           WHERE j.tbl = ? AND j.key = ? AND j.change_id > ? AND c.kind != 'undo'
             AND NOT EXISTS (SELECT 1 FROM changes u WHERE u.undoes = c.id)
             AND c.id NOT IN (SELECT id FROM change_open)
           ORDER BY j.change_id DESC LIMIT 1""",
        (table, json.dumps(key, separators=(",", ":")), change_id),
    ).fetchone()
    return row[0] if row else None


def put_back(conn: sqlite3.Connection, step: dict) -> None:
    """Revert one step: delete an inserted row, re-insert a deleted one, restore an update."""
    table, old = step["table"], step["old"]
    where, params = _where(table, step["key"])
    if step["op"] == "insert":
        conn.execute(f"DELETE FROM {table} WHERE {where}", params)
        return
    columns = _columns(conn, table)
    values = {c: v for c, v in old.items() if c in columns}
    if step["op"] == "delete":
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(values.values()))
    else:
        sets = ", ".join(f"{c} = ?" for c in values)
        conn.execute(f"UPDATE {table} SET {sets} WHERE {where}", [*values.values(), *params])


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def code_of(conn: sqlite3.Connection, client_id: int | None) -> str | None:
    if client_id is None:
        return None
    row = conn.execute("SELECT code FROM clients WHERE id = ?", (client_id,)).fetchone()
    return row[0] if row else None
