"""What the audit chain alone cannot show: the schema objects resoc did not make, its guards
removed, values blanked outside an erasure. Read by ``doctor``, ``erase`` and ``verify_backup``."""

import sqlite3
from functools import cache

#: The append-only guards of the trail (schema.sql, migration 3).
GUARDS = (
    "audit_append_only_update",
    "audit_append_only_delete",
    "audit_values_no_delete",
    "audit_values_redact_only",
)


def _normal(sql: str | None) -> str:
    return " ".join((sql or "").split())


def _objects(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """``{(type, name): sql}`` of every table, index, view and trigger; SQLite's own
    (``sqlite_autoindex_*``, ``sqlite_sequence``, ``sqlite_stat*``) left out."""
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite^_%' ESCAPE '^'"
    )
    return {(t, n): _normal(s) for t, n, s in rows}


@cache
def expected(version: int | None = None) -> dict[tuple[str, str], str]:
    """The objects resoc's migrations build (up to schema ``version``; all of them by
    default), in a fresh database in memory."""
    from resoc_cli.storage.db import _statements, migrations

    fresh = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for number, _title, sql in migrations():
            if version is not None and number > version:
                break
            for statement in _statements(sql):
                fresh.execute(statement)
        return _objects(fresh)
    finally:
        fresh.close()


def _expected_for(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """What resoc makes at the schema version of ``conn`` (an older backup has less)."""
    return expected(conn.execute("PRAGMA user_version").fetchone()[0])


def _on_server(conn) -> bool:
    return getattr(conn, "engine", "sqlite") == "postgresql"


def foreign_objects(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """``(type, name)`` of every object no migration made, and of every trigger or view
    whose definition differs from resoc's (it could copy data elsewhere), by type and name.
    On a server, storage.pg_maintenance reads the server's catalog."""
    if _on_server(conn):
        from resoc_cli.storage import pg_maintenance

        return pg_maintenance.foreign_objects(conn)
    want, have = _expected_for(conn), _objects(conn)
    out = [key for key in have if key not in want]
    out += [
        key
        for key, sql in have.items()
        if key in want and key[0] in ("trigger", "view") and sql != want[key]
    ]
    return sorted(set(out))


def missing_guards(conn: sqlite3.Connection) -> list[str]:
    """The append-only guards that are missing or no longer resoc's."""
    if _on_server(conn):
        from resoc_cli.storage import pg_maintenance

        return pg_maintenance.missing_triggers(conn, guards=True)
    want, have = expected(), _objects(conn)  # every version since 3 has had them
    return [n for n in GUARDS if have.get(("trigger", n)) != want[("trigger", n)]]


def blanked_outside_erasure(conn: sqlite3.Connection) -> list[int]:
    """Audit rows with values or salts blanked although no erasure of their client came
    after them in the trail (erasure blanks a client's earlier rows, then appends its own)."""
    rows = conn.execute(
        """SELECT DISTINCT a.id FROM audit_values v JOIN audit a ON a.id = v.audit_id
           WHERE (v.salt IS NULL OR v.old_value IS NULL OR v.new_value IS NULL)
             AND NOT EXISTS (
                 SELECT 1 FROM audit e
                 WHERE e.action = 'erase' AND e.entity = 'clients'
                   AND e.client_id = a.client_id AND e.id > a.id)
           ORDER BY a.id"""
    )
    return [r[0] for r in rows]


def audit_rows(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM audit").fetchone()[0]


def has_trail(conn: sqlite3.Connection) -> bool:
    if _on_server(conn):
        return True  # a server's schema begins with the trail (schema_pg.sql)
    sql = "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit'"
    return conn.execute(sql).fetchone() is not None
