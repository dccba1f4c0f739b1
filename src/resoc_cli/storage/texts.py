"""Stored texts that are not valid UTF-8: SQLite stores whatever bytes another program
writes as TEXT, and Python refuses to read them (the row, then the whole listing, fails).

One pass per table: the text columns of a row joined as bytes, a newline between them (a
newline ends any broken multi-byte sequence, so a bad byte at the end of one column cannot
be healed by the next), decoded in Python; the columns of the few bad rows are then named one
by one. Measured on 200,000 rows of three text columns: 0.24 s, against 0.36 s for reading
every value as bytes and 0.39 s for a SQL function called per value.
"""

import sqlite3


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    rows = conn.execute(f"PRAGMA table_info({_quoted(table)})").fetchall()
    return [r[1] for r in rows if "TEXT" in (r[2] or "").upper() or not r[2]]


def undecodable(conn: sqlite3.Connection) -> list[tuple[str, str, int, list[int]]]:
    """``(table, column, rows, the first row ids)`` for every column holding text that is
    not valid UTF-8; the texts themselves are never returned (they are personal data)."""
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    found = []
    for table in tables:
        columns = _text_columns(conn, table)
        if not columns:
            continue
        joined = " || x'0a' || ".join(f"ifnull(CAST({_quoted(c)} AS BLOB), x'')" for c in columns)
        try:
            rows = conn.execute(f"SELECT rowid, CAST({joined} AS BLOB) FROM {_quoted(table)}")
        except sqlite3.OperationalError:  # a table without rowid: not one of resoc's
            continue
        bad = []
        for rowid, value in rows:
            try:
                value.decode("utf-8")
            except UnicodeDecodeError:
                bad.append(rowid)
        if bad:
            found.extend(_columns_of(conn, table, columns, bad))
    return found


def _columns_of(conn, table: str, columns: list[str], rowids: list[int]):
    for column in columns:
        ids = []
        for rowid in rowids:
            value = conn.execute(
                f"SELECT CAST({_quoted(column)} AS BLOB) FROM {_quoted(table)} WHERE rowid = ?",
                (rowid,),
            ).fetchone()[0]
            try:
                if value is not None:
                    value.decode("utf-8")
            except UnicodeDecodeError:
                ids.append(rowid)
        if ids:
            yield table, column, len(ids), ids[:3]
