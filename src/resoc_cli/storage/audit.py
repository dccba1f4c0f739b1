"""The audit trail: append a hash-chained row per change, read it, verify it, redact it."""

import json
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from itertools import groupby

from resoc_cli.domain.audit import GENESIS, Entry, digest, encode, new_salt, row_hash, verify_chain


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def append(
    conn: sqlite3.Connection,
    action: str,
    entity: str,
    record: str,
    client_id: int | None = None,
    changes: Mapping[str, tuple[object, object]] | None = None,
) -> None:
    """One audit row, chained to the last. Call inside the command's write transaction.

    ``changes`` maps a field to ``(old, new)``; unchanged fields are left out."""
    command = getattr(conn, "command", "resoc")
    worker = worker_of(conn)
    values = []
    for field, (old, new) in sorted((changes or {}).items()):
        if old == new:
            continue
        salt = new_salt()
        old_e, new_e = encode(old), encode(new)
        values.append(
            (field, salt, old_e, new_e, digest(salt, field, old_e), digest(salt, field, new_e))
        )
    prev = head(conn) or GENESIS
    at = _now()
    digests = [(f, od, nd) for f, _s, _o, _n, od, nd in values]
    h = row_hash(prev, at, command, action, entity, record, client_id, digests, worker)
    row = (at, command, action, entity, record, client_id, prev, h)
    if worker is None:  # a connection that cannot tell who it is (no user name anywhere)
        cur = conn.execute(
            """INSERT INTO audit (at, command, action, entity, record, client_id, prev_hash,
               hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            row,
        )
    else:
        cur = conn.execute(
            """INSERT INTO audit (at, command, action, entity, record, client_id, prev_hash,
               hash, worker) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (*row, worker),
        )
    conn.executemany(
        """INSERT INTO audit_values
           (audit_id, field, salt, old_value, new_value, old_digest, new_digest)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        [(cur.lastrowid, *v) for v in values],
    )


def worker_of(conn) -> str | None:
    """Who is writing: the database role on a server, the OS user on a file (the connection
    knows; None on a connection that cannot tell, such as a bare one in a test)."""
    return getattr(conn, "worker", None)


def changes_between(old: Mapping, new: Mapping) -> dict[str, tuple[object, object]]:
    """The fields of ``new`` whose value differs from ``old``."""
    return {k: (old.get(k), v) for k, v in new.items() if old.get(k) != v}


def added(values: Mapping, leave_out: tuple[str, ...] = ()) -> dict[str, tuple[object, object]]:
    """``leave_out``: what the row itself says (a new client's worker is the row's worker)."""
    return {k: (None, v) for k, v in values.items() if v is not None and k not in leave_out}


def removed(values: Mapping) -> dict[str, tuple[object, object]]:
    return {k: (v, None) for k, v in values.items() if v is not None}


def redact_client(conn: sqlite3.Connection, client_id: int) -> int:
    """Blank every value (and salt) of the client's audit rows; the digests stay."""
    cur = conn.execute(
        """UPDATE audit_values SET salt = NULL, old_value = NULL, new_value = NULL
           WHERE salt IS NOT NULL
             AND audit_id IN (SELECT id FROM audit WHERE client_id = ?)""",
        (client_id,),
    )
    return cur.rowcount


def _entries(conn: sqlite3.Connection) -> Iterator[tuple[Entry, list]]:
    # an older backup (before schema 9) names no worker
    columns = {r[1] for r in conn.execute("PRAGMA table_info(audit)")}
    worker = "a.worker" if "worker" in columns else "NULL"
    rows = conn.execute(
        f"""SELECT a.id, a.at, a.command, a.action, a.entity, a.record, a.client_id,
                   a.prev_hash, a.hash, v.field, v.salt, v.old_value, v.new_value,
                   v.old_digest, v.new_digest, {worker}
            FROM audit a LEFT JOIN audit_values v ON v.audit_id = a.id
            ORDER BY a.id, v.field"""
    )
    for _id, group in groupby(rows, key=lambda r: r[0]):
        group = list(group)
        first = group[0]
        values = [tuple(r[9:15]) for r in group if r[9] is not None]
        digests = tuple((f, od, nd) for f, _s, _o, _n, od, nd in values)
        entry = Entry(*first[:9], digests=digests, worker=first[15])
        yield entry, values


def verify(conn: sqlite3.Connection):
    """``(rows checked, first Break or None)`` for the whole trail."""
    values: dict[int, list] = {}

    def entries():
        for entry, vals in _entries(conn):
            values[entry.id] = vals
            yield entry

    return verify_chain(entries(), values)


def head(conn: sqlite3.Connection) -> str | None:
    """The trail's last hash (on a server, through a function that sees every row: a worker
    may not see the last writer's row, and the chain must still be one)."""
    row = conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else None


def log(
    conn: sqlite3.Connection, client_id: int | None, since: str | None, before: str | None = None
) -> list[dict]:
    """Audit rows (newest last) with their changes, for one client or all; ``since``: at or
    after that ISO day, ``before``: before that one."""
    where, params = [], []
    if client_id is not None:
        where.append("a.client_id = ?")
        params.append(client_id)
    if since is not None:
        where.append("a.at >= ?")
        params.append(since)
    if before is not None:
        where.append("a.at < ?")
        params.append(before)
    sql = f"""SELECT a.id, a.at, a.command, a.action, a.entity, a.record, a.client_id,
                     v.field, v.old_value, v.new_value, v.salt IS NULL AS erased, a.worker
              FROM audit a LEFT JOIN audit_values v ON v.audit_id = a.id
              {"WHERE " + " AND ".join(where) if where else ""}
              ORDER BY a.id, v.field"""
    out: list[dict] = []
    for _id, group in groupby(conn.execute(sql, params), key=lambda r: r[0]):
        group = list(group)
        r = group[0]
        out.append(
            {
                "id": r[0],
                "at": r[1],
                "command": r[2],
                "action": r[3],
                "entity": r[4],
                "record": r[5],
                "worker": r[11],
                "changes": {
                    g[7]: {"erased": True}
                    if g[10]
                    else {"old": json.loads(g[8]), "new": json.loads(g[9])}
                    for g in group
                    if g[7] is not None
                },
            }
        )
    return out
