"""SQL for exports (streamed cursors) and imports (one transaction)."""

import secrets
import sqlite3
from collections.abc import Iterator
from datetime import date
from functools import partial

from resoc_cli.storage import audit
from resoc_cli.storage.views import CHECK_COLUMNS, CURRENT_ENROLMENT

_SERVED = """
    (EXISTS (SELECT 1 FROM enrolments e WHERE e.client_id = c.id AND e.start_date <= :last
              AND (e.end_date IS NULL OR e.end_date >= :first))
     OR EXISTS (SELECT 1 FROM sessions s WHERE s.client_id = c.id
                AND s.date BETWEEN :first AND :last))"""


def _period(first: date | None, last: date | None) -> dict[str, str]:
    return {"first": first.isoformat(), "last": last.isoformat()} if first else {}


def _order(conn: sqlite3.Connection, key: bytes | None, code: str, then: str) -> str:
    """``ORDER BY`` code (and ``then``), or with a pseudonym key by the pseudonyms of the
    codes: a pseudonymised export's row order tells nothing of the codes (SQLite sorts, on
    disk when large, so rows still stream). On a server, by the same HMAC-SHA256 computed
    there from the key's inner and outer pads (``:ipad``, ``:opad``: see ``_pads``)."""
    if key is None:
        return f"ORDER BY {code}, {then}"
    if getattr(conn, "engine", "sqlite") == "postgresql":
        digest = f"""sha256(:opad || sha256(:ipad || convert_to(upper({code} COLLATE "C"),
                     'UTF8')))"""
        return f"ORDER BY substr({digest}, 1, 6), {then}"  # the pseudonym's 12 hex digits
    from resoc_cli.domain.exchange import pseudonym

    conn.create_function("resoc_pseudonym", 1, partial(pseudonym, key), deterministic=True)
    return f"ORDER BY resoc_pseudonym({code}), {then}"


def _pads(conn, key: bytes | None) -> dict[str, bytes]:
    """HMAC's padded keys (RFC 2104, SHA-256's 64-byte block), for ``_order`` on a server."""
    if key is None or getattr(conn, "engine", "sqlite") != "postgresql":
        return {}
    block = key.ljust(64, b"\0")
    return {"ipad": bytes(b ^ 0x36 for b in block), "opad": bytes(b ^ 0x5C for b in block)}


def session_rows(
    conn: sqlite3.Connection, first: date | None, last: date | None, key: bytes | None = None
) -> Iterator:
    """Rows in SESSION_COLUMNS order, oldest first, streamed from the cursor; with a pseudonym
    ``key``, by pseudonym, then date."""
    where = "WHERE s.date BETWEEN :first AND :last" if first else ""
    order = "ORDER BY s.date, s.id" if key is None else _order(conn, key, "c.code", "s.date")
    return conn.execute(
        f"""SELECT s.id, s.date, c.code, p.code, s.activity, s.minutes, s.attendance, s.phase,
                   s.note, s.meeting_id
            FROM sessions s JOIN clients c ON c.id = s.client_id
            LEFT JOIN enrolments e ON e.id = s.enrolment_id
            LEFT JOIN programmes p ON p.id = e.programme_id
            {where} {order}""",
        _period(first, last) | _pads(conn, key),
    )


def session_count(conn: sqlite3.Connection, first: date | None, last: date | None) -> int:
    where = "WHERE date BETWEEN :first AND :last" if first else ""
    sql = f"SELECT count(*) FROM sessions {where}"
    return conn.execute(sql, _period(first, last)).fetchone()[0]


def client_rows(
    conn: sqlite3.Connection, first: date | None, last: date | None, key: bytes | None = None
) -> Iterator:
    """One row per client with the current (active, else latest) enrolment and the facts of
    its completion check (``views.CHECK_COLUMNS``), in one streamed query; by code, or with
    a pseudonym ``key`` by pseudonym."""
    where = f"WHERE {_SERVED}" if first else ""
    order = "ORDER BY c.code" if key is None else _order(conn, key, "c.code", "c.id")
    return conn.execute(
        f"""SELECT c.code, c.name, c.born, c.sex, c.referral, c.status, c.release_date,
                   c.contract_date, c.note, e.start_date, e.end_date, e.state,
                   e.id AS enrolment_id, {CHECK_COLUMNS}
            FROM clients c
            LEFT JOIN enrolments e ON {CURRENT_ENROLMENT}
            LEFT JOIN programmes p ON p.id = e.programme_id
            {where} {order}""",
        _period(first, last) | _pads(conn, key),
    )


def client_count(conn: sqlite3.Connection, first: date | None, last: date | None) -> int:
    where = f"WHERE {_SERVED}" if first else ""
    sql = f"SELECT count(*) FROM clients c {where}"
    return conn.execute(sql, _period(first, last)).fetchone()[0]


def pseudonym_key(conn: sqlite3.Connection) -> bytes:
    """The database's secret pseudonym key, made on first use."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'pseudonym_key'").fetchone()
    if row:
        return bytes.fromhex(row[0])
    key = secrets.token_bytes(32)
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "INSERT OR IGNORE INTO settings (key, value) VALUES ('pseudonym_key', ?)", (key.hex(),)
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    row = conn.execute("SELECT value FROM settings WHERE key = 'pseudonym_key'").fetchone()
    return bytes.fromhex(row[0])


def programme_ids(conn: sqlite3.Connection) -> dict[str, int]:
    return {code.lower(): pid for pid, code in conn.execute("SELECT id, code FROM programmes")}


def client_codes(conn: sqlite3.Connection) -> dict[str, int]:
    return {code.upper(): cid for cid, code in conn.execute("SELECT id, code FROM clients")}


def client_by_code(conn: sqlite3.Connection, code: str) -> sqlite3.Row | None:
    """The client with this code (any case), None for no such code: never by name."""
    from resoc_cli.storage.clients import CLIENT_COLUMNS

    sql = f"SELECT {CLIENT_COLUMNS} FROM clients WHERE code = ? COLLATE NOCASE"
    return conn.execute(sql, (code,)).fetchone()


def enrolment_spans(conn: sqlite3.Connection) -> dict[int, list[tuple]]:
    """client id -> [(start, end, enrolment id, programme code, phases)] for attaching
    imported sessions."""
    spans: dict[int, list] = {}
    for cid, *span in conn.execute(
        """SELECT e.client_id, e.start_date, e.end_date, e.id, p.code, p.phases
           FROM enrolments e JOIN programmes p ON p.id = e.programme_id
           ORDER BY e.start_date"""
    ):
        spans.setdefault(cid, []).append(tuple(span))
    return spans


def meeting_for_import(conn: sqlite3.Connection, meeting_id: int) -> tuple | None:
    """``(date, frozenset of the ids of the clients with a session of it)`` of the meeting,
    None when there is no meeting with that id."""
    row = conn.execute("SELECT date FROM meetings WHERE id = ?", (meeting_id,)).fetchone()
    if row is None:
        return None
    clients = conn.execute("SELECT client_id FROM sessions WHERE meeting_id = ?", (meeting_id,))
    return row[0], frozenset(c for (c,) in clients)


def insert_clients(conn: sqlite3.Connection, clients: list[dict], today: date) -> None:
    """All rows in the open transaction; the audit trail gets one row for the import. In a
    team's caseload the importing worker is responsible for the clients (as for client add)."""
    from resoc_cli.storage.clients import new_client_worker

    worker = new_client_worker(conn)
    for c in clients:
        cur = conn.execute(
            """INSERT INTO clients (code, name, born, sex, referral, status, release_date,
                                    contract_date, note, created, worker)
               VALUES (:code, :name, :born, :sex, :referral, :status, :release, :contract,
                       :note, :created, :worker)""",
            {**c, "created": today.isoformat(), "worker": worker},
        )
        if c.get("programme_id"):
            conn.execute(
                """INSERT INTO enrolments (client_id, programme_id, start_date, end_date, state)
                   VALUES (?, ?, ?, ?, ?)""",
                (
                    cur.lastrowid,
                    c["programme_id"],
                    c["start_date"],
                    c["end_date"],
                    c["enrolment_state"],
                ),
            )
    from resoc_cli.storage.clients import remember_codes

    remember_codes(conn)
    codes = [c["code"] for c in clients]
    summary = {
        "rows": len(clients),
        "first": min(codes, default=None),
        "last": max(codes, default=None),
    }
    audit.append(conn, "import", "clients", f"{len(clients)} rows", None, audit.added(summary))


def insert_sessions(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """Rows of (client_id, enrolment_id, date, minutes, activity, phase, attendance, note,
    meeting_id)."""
    conn.executemany(
        """INSERT INTO sessions
           (client_id, enrolment_id, date, minutes, activity, phase, attendance, note,
            meeting_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        rows,
    )
    dates = [r[2] for r in rows]
    summary = {
        "rows": len(rows),
        "first": min(dates, default=None),
        "last": max(dates, default=None),
    }
    audit.append(conn, "import", "sessions", f"{len(rows)} rows", None, audit.added(summary))
    conn.execute("PRAGMA optimize")


# --- staging an import: validated rows wait in a temporary table of this connection --------
# SQLite keeps a connection's temporary tables in a file of its own (deleted as it is opened,
# so nothing outlives the process, even after SIGKILL); writing it takes no lock on the
# database, so the validation of a long file runs while others write.

_STAGED = ("line", "client", "client_id", "enrolment_id", "date", "minutes", "activity",
           "phase", "attendance", "note", "meeting_id")  # fmt: skip


#: The page cache (KB) of the statement that inserts staged rows.
_INSERT_CACHE_KB = 32 * 1024


def _on_server(conn) -> bool:
    return getattr(conn, "engine", "sqlite") == "postgresql"


def data_version(conn: sqlite3.Connection) -> int:
    """Changes when another connection commits to the database (not for this one's own).
    On a server: the last change resoc recorded and the ids given so far, which every
    resoc write moves (a change is recorded for each; a rolled-back one moves neither)."""
    if _on_server(conn):
        row = conn.execute(
            """SELECT (SELECT coalesce(max(id), 0) FROM changes),
                      (SELECT coalesce(sum(seq), 0) FROM resoc_sequence)"""
        ).fetchone()
        return hash(tuple(row))
    return conn.execute("PRAGMA main.data_version").fetchone()[0]


#: The staged columns' types on a server (SQLite keeps each value's own type); ``rowid``
#: numbers the rows in the order they were staged, as SQLite's own does.
_STAGED_TYPES = ("bigint", "text", "bigint", "bigint", "text", "bigint", "text", "bigint",
                 "text", "text", "bigint")  # fmt: skip


def _temp(conn) -> str:
    """The schema of this connection's temporary tables."""
    return "pg_temp" if _on_server(conn) else "temp"


def stage_table(conn: sqlite3.Connection, name: str) -> None:
    """A new, empty staging table ``temp.name`` for rows of sessions."""
    conn.execute(f"DROP TABLE IF EXISTS {_temp(conn)}.{name}")
    if _on_server(conn):
        columns = ", ".join(f"{c} {t}" for c, t in zip(_STAGED, _STAGED_TYPES, strict=True))
        conn.execute(
            f"CREATE TEMP TABLE {name} (rowid bigint GENERATED ALWAYS AS IDENTITY, {columns})"
        )
        return
    conn.execute(f"CREATE TEMP TABLE {name} ({', '.join(_STAGED)})")


def drop_stage(conn: sqlite3.Connection, name: str) -> None:
    conn.execute(f"DROP TABLE IF EXISTS {_temp(conn)}.{name}")


def stage_sessions(conn: sqlite3.Connection, name: str, rows: list[tuple]) -> None:
    """Rows of (line, client as typed, then the row of ``insert_sessions``)."""
    marks = ", ".join("?" * len(_STAGED))
    conn.executemany(
        f"INSERT INTO {_temp(conn)}.{name} ({', '.join(_STAGED)}) VALUES ({marks})", rows
    )


def staged_sessions(conn: sqlite3.Connection, name: str) -> Iterator[tuple[int, dict]]:
    """The staged rows as the records of a file (line, {column: text}), to check again."""
    cur = conn.execute(
        f"""SELECT line, client, date, minutes, activity, attendance, phase, note, meeting_id
            FROM {_temp(conn)}.{name} ORDER BY line"""
    )
    columns = ("client", "date", "minutes", "activity", "attendance", "phase", "note",
               "meeting_id")  # fmt: skip
    for line, *values in cur:
        yield line, {c: "" if v is None else str(v) for c, v in zip(columns, values, strict=True)}


def insert_staged_sessions(conn: sqlite3.Connection, name: str) -> int:
    """The staged rows into ``sessions``, in the open transaction, with the import's audit
    row (as ``insert_sessions``); returns their count."""
    # Staged in line order, so rowid order is line order (no sort). The rows land in three
    # indexes in no order of theirs: a larger page cache for this statement keeps the write
    # lock short (about half the time at 200k rows), for a bounded 32 MB.
    server = _on_server(conn)
    size = None if server else conn.execute("PRAGMA main.cache_size").fetchone()[0]
    if not server:
        conn.execute(f"PRAGMA main.cache_size = {-_INSERT_CACHE_KB}")
    temp = _temp(conn)
    try:
        conn.execute(
            f"""INSERT INTO sessions
                (client_id, enrolment_id, date, minutes, activity, phase, attendance, note,
                 meeting_id)
                SELECT client_id, enrolment_id, date, minutes, activity, phase, attendance,
                       note, meeting_id FROM {temp}.{name} ORDER BY rowid"""
        )
    finally:
        if size is not None:
            conn.execute(f"PRAGMA main.cache_size = {int(size)}")
    n, first, last = conn.execute(
        f"SELECT count(*), min(date), max(date) FROM {temp}.{name}"
    ).fetchone()
    summary = {"rows": n, "first": first, "last": last}
    audit.append(conn, "import", "sessions", f"{n} rows", None, audit.added(summary))
    if not server:
        conn.execute("PRAGMA optimize")
    return n
