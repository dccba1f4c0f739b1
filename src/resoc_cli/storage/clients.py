"""Clients: the people in the caseload."""

import re
import sqlite3
from datetime import date

from resoc_cli.errors import Conflict, NotFound

CLIENT_COLUMNS = (
    "id, code, name, born, sex, referral, status, release_date, contract_date, note,"
    " created, closed_date, close_reason"
)
#: ClientIn / ClientPatch field -> column
FIELD_COLUMNS = {
    "name": "name",
    "born": "born",
    "sex": "sex",
    "referral": "referral",
    "status": "status",
    "release": "release_date",
    "contract": "contract_date",
    "note": "note",
}
_AUTO = re.compile(r"^K(\d+)$", re.IGNORECASE)


def find_client(conn: sqlite3.Connection, code: str) -> sqlite3.Row:
    row = conn.execute(
        f"SELECT {CLIENT_COLUMNS} FROM clients WHERE code = ? COLLATE NOCASE", (code,)
    ).fetchone()
    if row is None:
        raise NotFound(f"client: no client with code {code!r}")
    return row


def next_code(conn: sqlite3.Connection) -> str:
    """Auto codes K0001, K0002, ... one above the highest auto code in use."""
    top = 0
    for (code,) in conn.execute("SELECT code FROM clients WHERE code LIKE 'K%'"):
        match = _AUTO.match(code)
        if match:
            top = max(top, int(match.group(1)))
    return f"K{top + 1:04d}"


def insert_client(conn: sqlite3.Connection, values: dict, today: date) -> str:
    code = values.get("code") or next_code(conn)
    if conn.execute("SELECT 1 FROM clients WHERE code = ? COLLATE NOCASE", (code,)).fetchone():
        raise Conflict(f"code: a client with code {code!r} already exists")
    columns = ["code", "created"]
    params: list = [code, today.isoformat()]
    for field, column in FIELD_COLUMNS.items():
        if values.get(field) is not None:
            columns.append(column)
            params.append(_sql_value(values[field]))
    conn.execute(
        f"INSERT INTO clients ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        params,
    )
    return code


def update_client(conn: sqlite3.Connection, client_id: int, changes: dict) -> None:
    if not changes:
        return
    sets = ", ".join(f"{FIELD_COLUMNS[field]} = ?" for field in changes)
    params = [_sql_value(v) for v in changes.values()]
    conn.execute(f"UPDATE clients SET {sets} WHERE id = ?", (*params, client_id))


def set_closed(conn: sqlite3.Connection, client_id: int, day: date | None, reason: str | None):
    conn.execute(
        "UPDATE clients SET closed_date = ?, close_reason = ? WHERE id = ?",
        (day.isoformat() if day else None, reason, client_id),
    )


def list_clients(conn: sqlite3.Connection, include_closed: bool) -> list[sqlite3.Row]:
    where = "" if include_closed else "WHERE c.closed_date IS NULL"
    return conn.execute(
        f"""SELECT c.code, c.name, c.born, c.sex, c.status, c.referral, c.release_date,
                   c.closed_date, p.code AS programme
            FROM clients c
            LEFT JOIN enrolments e ON e.client_id = c.id AND e.state = 'active'
            LEFT JOIN programmes p ON p.id = e.programme_id
            {where}"""
    ).fetchall()


def _sql_value(value):
    return value.isoformat() if isinstance(value, date) else value
