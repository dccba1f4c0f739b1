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
    values = []
    for field, (old, new) in sorted((changes or {}).items()):
        if old == new:
            continue
        salt = new_salt()
        old_e, new_e = encode(old), encode(new)
        values.append(
            (field, salt, old_e, new_e, digest(salt, field, old_e), digest(salt, field, new_e))
        )
    last = conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    prev = last[0] if last else GENESIS
    at = _now()
    digests = [(f, od, nd) for f, _s, _o, _n, od, nd in values]
    h = row_hash(prev, at, command, action, entity, record, client_id, digests)
    cur = conn.execute(
        """INSERT INTO audit (at, command, action, entity, record, client_id, prev_hash, hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        (at, command, action, entity, record, client_id, prev, h),
    )
    conn.executemany(
        """INSERT INTO audit_values
           (audit_id, field, salt, old_value, new_value, old_digest, new_digest)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        [(cur.lastrowid, *v) for v in values],
    )


def changes_between(old: Mapping, new: Mapping) -> dict[str, tuple[object, object]]:
    """The fields of ``new`` whose value differs from ``old``."""
    return {k: (old.get(k), v) for k, v in new.items() if old.get(k) != v}


def added(values: Mapping) -> dict[str, tuple[object, object]]:
    return {k: (None, v) for k, v in values.items() if v is not None}


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
    rows = conn.execute(
        """SELECT a.id, a.at, a.command, a.action, a.entity, a.record, a.client_id,
                  a.prev_hash, a.hash, v.field, v.salt, v.old_value, v.new_value,
                  v.old_digest, v.new_digest
           FROM audit a LEFT JOIN audit_values v ON v.audit_id = a.id
           ORDER BY a.id, v.field"""
    )
    for _id, group in groupby(rows, key=lambda r: r[0]):
        group = list(group)
        head = group[0]
        values = [tuple(r[9:15]) for r in group if r[9] is not None]
        entry = Entry(*head[:9], digests=tuple((f, od, nd) for f, _s, _o, _n, od, nd in values))
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
                     v.field, v.old_value, v.new_value, v.salt IS NULL AS erased
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
