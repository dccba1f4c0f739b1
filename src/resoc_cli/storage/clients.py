"""Clients: the people in the caseload."""

import re
import sqlite3
from datetime import date

from resoc_cli.errors import Conflict, InvalidInput, NotFound
from resoc_cli.i18n import _
from resoc_cli.storage import audit

CLIENT_COLUMNS = (
    "id, code, name, born, sex, referral, status, release_date, contract_date, note,"
    " created, closed_date, close_reason, erased_date"
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


#: How many candidates an ambiguous name lists.
CANDIDATES_SHOWN = 10


def find_client(conn: sqlite3.Connection, code: str) -> sqlite3.Row:
    """A client by code, else by a unique part of the name (``novák``, ``Nov``, ``novak``)."""
    row = conn.execute(
        f"SELECT {CLIENT_COLUMNS} FROM clients WHERE code = ? COLLATE NOCASE", (code,)
    ).fetchone()
    if row is not None:
        return row
    return conn.execute(
        f"SELECT {CLIENT_COLUMNS} FROM clients WHERE code = ?", (client_by_name(conn, code),)
    ).fetchone()


def code_of(conn: sqlite3.Connection, client_id: int) -> str:
    """The code of the client with this id."""
    return conn.execute("SELECT code FROM clients WHERE id = ?", (client_id,)).fetchone()[0]


def client_by_name(conn: sqlite3.Connection, text: str) -> str:
    """The code of the one client whose name contains ``text`` (case and accents ignored).

    None: NotFound. Several: InvalidInput listing them (on the curator's own terminal; the
    list is the point of the message), so they can pick the code."""
    from resoc_cli.domain.collation import czech_key, fold

    needle = fold(text.strip())
    found = []
    if needle:
        rows = conn.execute("SELECT code, name FROM clients WHERE erased_date IS NULL")
        found = [(code, name) for code, name in rows if needle in fold(name)]
    if not found:
        raise NotFound(_("client: no client with that code or name"))
    if len(found) > 1:
        found.sort(key=lambda c: czech_key(c[1]))
        shown = ", ".join(f"{code} {name}" for code, name in found[:CANDIDATES_SHOWN])
        more = len(found) - CANDIDATES_SHOWN
        message = (
            _("client: {text!r} matches {n} clients: {shown} and {more} more; use the code")
            if more > 0
            else _("client: {text!r} matches {n} clients: {shown}; use the code")
        )
        raise InvalidInput(message.format(text=text, n=len(found), shown=shown, more=more))
    return found[0][0]


def people(conn: sqlite3.Connection, born: str | None = None) -> dict[tuple[str, str], str]:
    """``collation.person_key`` -> code of every client not erased (born on ``born`` only,
    when given): the lookup for duplicates."""
    from resoc_cli.domain.collation import person_key

    sql = "SELECT code, name, born FROM clients WHERE erased_date IS NULL AND born IS NOT NULL"
    rows = conn.execute(sql + " AND born = ?", (born,)) if born else conn.execute(sql)
    found: dict[tuple[str, str], str] = {}
    for code, name, day in rows:
        found.setdefault(person_key(name, day), code)
    return found


def next_code(conn: sqlite3.Connection) -> str:
    """Auto codes K0001, K0002, ... one above the highest auto code ever given: a code whose
    client was undone is not given again (the highest is kept in ``settings``, which undo
    does not touch)."""
    top = 0
    for (code,) in conn.execute("SELECT code FROM clients WHERE code LIKE 'K%'"):
        match = _AUTO.match(code)
        if match:
            top = max(top, int(match.group(1)))
    given = conn.execute("SELECT value FROM settings WHERE key = 'last_auto_code'").fetchone()
    if given is not None and given[0].isdigit():
        top = max(top, int(given[0]))
    return f"K{top + 1:04d}"


def remember_codes(conn: sqlite3.Connection) -> None:
    """After adding clients: the highest auto code given so far is kept."""
    top = int(next_code(conn)[1:]) - 1
    conn.execute(
        """INSERT INTO settings (key, value) VALUES ('last_auto_code', ?)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
        (str(top),),
    )


def insert_client(conn: sqlite3.Connection, values: dict, today: date) -> str:
    code = values.get("code") or next_code(conn)
    if conn.execute("SELECT 1 FROM clients WHERE code = ? COLLATE NOCASE", (code,)).fetchone():
        raise Conflict(_("code: a client with code {code!r} already exists").format(code=code))
    columns = ["code", "created"]
    params: list = [code, today.isoformat()]
    worker = new_client_worker(conn)
    if worker is not None:
        columns.append("worker")
        params.append(worker)
    for field, column in FIELD_COLUMNS.items():
        if values.get(field) is not None:
            columns.append(column)
            params.append(_sql_value(values[field]))
    cur = conn.execute(
        f"INSERT INTO clients ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        params,
    )
    audit.append(
        conn,
        "add",
        "clients",
        code,
        cur.lastrowid,
        audit.added(dict(zip(columns, params, strict=True)), leave_out=("worker",)),
    )
    remember_codes(conn)
    return code


def update_client(conn: sqlite3.Connection, client_id: int, changes: dict) -> None:
    if not changes:
        return
    new = {FIELD_COLUMNS[field]: _sql_value(v) for field, v in changes.items()}
    old = conn.execute(f"SELECT code, {', '.join(new)} FROM clients WHERE id = ?", (client_id,))
    old = dict(old.fetchone())
    sets = ", ".join(f"{column} = ?" for column in new)
    conn.execute(f"UPDATE clients SET {sets} WHERE id = ?", (*new.values(), client_id))
    audit.append(conn, "edit", "clients", old["code"], client_id, audit.changes_between(old, new))


def set_closed(conn: sqlite3.Connection, client_id: int, day: date | None, reason: str | None):
    old = conn.execute(
        "SELECT code, closed_date, close_reason FROM clients WHERE id = ?", (client_id,)
    ).fetchone()
    new = {"closed_date": day.isoformat() if day else None, "close_reason": reason}
    conn.execute(
        "UPDATE clients SET closed_date = ?, close_reason = ? WHERE id = ?",
        (*new.values(), client_id),
    )
    action = "close" if day else "reopen"
    audit.append(
        conn, action, "clients", old["code"], client_id, audit.changes_between(dict(old), new)
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


def new_client_worker(conn: sqlite3.Connection) -> str | None:
    """Who is responsible for a client being added (client add, import clients): in a team's
    caseload the worker adding it; in a file nobody until one is assigned."""
    return conn.worker if getattr(conn, "team", False) else None


def worker_of(conn: sqlite3.Connection, client_id: int) -> str | None:
    """The client's responsible worker (None in a file, unless one was assigned)."""
    return conn.execute("SELECT worker FROM clients WHERE id = ?", (client_id,)).fetchone()[0]


def shares_of(conn: sqlite3.Connection, client_id: int) -> list[str]:
    """The workers a client is shared with, by login."""
    rows = conn.execute(
        "SELECT worker FROM client_shares WHERE client_id = ? ORDER BY worker", (client_id,)
    )
    return [r[0] for r in rows]


def set_worker(conn: sqlite3.Connection, client_id: int, worker: str) -> None:
    conn.execute("UPDATE clients SET worker = ? WHERE id = ?", (worker, client_id))


def add_share(conn: sqlite3.Connection, client_id: int, worker: str) -> bool:
    """Share the client with ``worker``; False when it already was."""
    found = conn.execute(
        "SELECT 1 FROM client_shares WHERE client_id = ? AND worker = ?", (client_id, worker)
    ).fetchone()
    if found is not None:
        return False
    conn.execute("INSERT INTO client_shares (client_id, worker) VALUES (?, ?)", (client_id, worker))
    return True


def remove_share(conn: sqlite3.Connection, client_id: int, worker: str) -> bool:
    """Stop sharing the client with ``worker``; False when it was not shared with them."""
    cur = conn.execute(
        "DELETE FROM client_shares WHERE client_id = ? AND worker = ?", (client_id, worker)
    )
    return cur.rowcount > 0
