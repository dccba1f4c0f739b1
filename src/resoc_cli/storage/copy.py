"""Copying a caseload from one database into another (``resoc db copy``): which tables are the
caseload and what each one refers to (``CASELOAD``, in the order they are written), opening
both ends, and the SQL that reads rows from one and writes them into the other with the
target's own ids. The rules (collisions, --prefix, remapping, the audit record) are
services.copy's.

Columns are never listed here: each table's are read from both databases and the ones both
have are copied, so a column added by a later migration travels without a change here."""

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from resoc_cli.errors import StorageError


@dataclass(frozen=True)
class Table:
    """One table of the caseload. ``refs``: column -> the table whose id it holds (remapped to
    the target's ids); ``own_id``: rows have an ``id`` of their own (given anew in the
    target); ``code``: a ``code`` column that --prefix renames and must not collide."""

    name: str
    refs: dict[str, str] = field(default_factory=dict)
    own_id: bool = True
    code: bool = False


#: The caseload, every table before the tables that refer to it. A table one of the two
#: databases lacks (an older schema) is left out; a test holds this list to the schema.
CASELOAD: tuple[Table, ...] = (
    Table("programmes"),
    Table("clients", code=True),
    Table("enrolments", {"client_id": "clients", "programme_id": "programmes"}),
    Table("family_members", {"client_id": "clients"}),
    Table("groups", {"programme_id": "programmes"}, code=True),
    Table("group_members", {"group_id": "groups", "client_id": "clients"}),
    Table("meetings", {"group_id": "groups"}),
    Table("sessions",
          {"client_id": "clients", "enrolment_id": "enrolments", "meeting_id": "meetings"}),
    Table("session_members", {"session_id": "sessions", "member_id": "family_members"},
          own_id=False),
    Table("contacts", {"client_id": "clients", "member_id": "family_members"}),
    Table("plans", {"client_id": "clients"}, own_id=False),
    Table("plan_needs", {"client_id": "clients"}),
    Table("plan_goals", {"client_id": "clients"}),
    Table("plan_reviews", {"client_id": "clients"}),
    Table("consents", {"client_id": "clients"}),
    Table("client_shares", {"client_id": "clients"}, own_id=False),
)  # fmt: skip

#: Tables that are not caseload, and why: the source's audit trail and undo journal are its
#: own history (the target keeps one chain of its own, which records the copy); ``settings``
#: holds only the database's own state (its last auto code, last backup, pseudonym key:
#: pseudonyms are per database, and an organisation's secret must not leave with a worker's
#: copy), none of it caseload.
NOT_COPIED = frozenset({"audit", "audit_values", "changes", "change_open", "journal", "settings"})

#: Rows written per statement batch.
BATCH = 2000


# --- the two ends ---------------------------------------------------------------------------


def is_server(conn) -> bool:
    return getattr(conn, "engine", "sqlite") == "postgresql"


def open_source(given) -> sqlite3.Connection:
    """The database to copy from: a file that must exist, or a server database with resoc's
    schema (reading a server as a worker sees what row-level security lets them see)."""
    from resoc_cli.storage import db

    if db.is_server(given):
        from resoc_cli.storage.server import open_server

        return open_server(given, create=False)
    return db.connect(Path(given).expanduser(), create=False)


def open_target(given) -> tuple[sqlite3.Connection, bool]:
    """The database to copy into, made (a new file) or given resoc's schema where it has none;
    whether it is a file made now (removed again if the copy fails)."""
    from resoc_cli.storage import db

    if db.is_server(given):
        from resoc_cli.storage.server import open_server

        return open_server(given, create=True), False
    path = Path(given).expanduser()
    new = not path.exists()
    conn = db.connect(path, create=True)
    conn.command = "db copy"
    return conn, new


def remove_new_file(given) -> None:
    """A target file made by a copy that failed: removed, with its WAL, index and witness."""
    from resoc_cli.storage.witness import path_of

    path = Path(given).expanduser()
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), path_of(path)):
        with suppress(FileNotFoundError):
            leftover.unlink()


def label(given) -> str:
    """A database as messages name it: a file's path, a server database's name (never its
    connection string, which may hold a password)."""
    from resoc_cli.storage import db

    if db.is_server(given):
        return db.server_database(given)
    return str(Path(given).expanduser())


def same_file(source, target) -> bool:
    """Whether two file paths name one file (a target not yet made is no file)."""
    from resoc_cli.storage import db

    if db.is_server(source) or db.is_server(target):
        return False
    a, b = Path(source).expanduser(), Path(target).expanduser()
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def same_database(source, target) -> bool:
    """Two open connections to one server database (host, port and name)."""
    if not (is_server(source) and is_server(target)):
        return False
    a, b = source.raw.info, target.raw.info
    return (a.host, a.port, a.dbname) == (b.host, b.port, b.dbname)


def login(conn) -> str | None:
    """The login writing into a server (the responsible worker of what it copies)."""
    if not is_server(conn):
        return None
    return conn.execute("SELECT current_user").fetchone()[0]


@contextmanager
def snapshot(conn) -> Iterator[None]:
    """Every read of the source from one consistent state, whatever is written meanwhile."""
    if is_server(conn):
        conn.raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    else:
        conn.execute("BEGIN")
    try:
        yield
    finally:
        if is_server(conn):
            conn.raw.execute("ROLLBACK")
        else:
            conn.execute("ROLLBACK")


# --- reading --------------------------------------------------------------------------------


def columns(conn, table: str) -> dict[str, bool]:
    """The table's columns in order -> whether each is NOT NULL; empty when there is no such
    table."""
    return {r[1]: bool(r[3]) for r in conn.execute(f"PRAGMA table_info({table})")}


def rows(conn, table: Table, names: list[str]) -> Iterator[list[tuple]]:
    """The table's rows (the columns ``names``), in batches, in the order of their ids (of
    their key where they have none)."""
    order = "id" if table.own_id else ", ".join(k for k in table.refs)
    sql = f"SELECT {', '.join(names)} FROM {table.name} ORDER BY {order}"
    if is_server(conn):  # straight from psycopg (its loaders give values as SQLite does)
        cursor = conn.raw.cursor()
        cursor.execute(sql)
        while batch := cursor.fetchmany(BATCH):
            yield batch
        return
    cursor = conn.execute(sql)
    while batch := cursor.fetchmany(BATCH):
        yield [tuple(r) for r in batch]


def codes(conn, table: str) -> list[str]:
    """The codes of the rows of ``table`` the connection sees (what it copies)."""
    return [r[0] for r in conn.execute(f"SELECT code FROM {table}")]


def taken_codes(conn, table: str) -> list[str]:
    """Every code of ``table`` in a target, those of rows its login may not see included (a
    server's clients: through resoc_client_codes, which shows codes and nothing else)."""
    if table == "clients" and is_server(conn):
        return [r[0] for r in conn.execute("SELECT code FROM resoc_client_codes() AS code")]
    return codes(conn, table)


def programmes(conn) -> list[dict]:
    return [dict(r) for r in conn.execute("SELECT * FROM programmes ORDER BY id")]


# --- writing --------------------------------------------------------------------------------


def next_id(conn, table: str) -> int:
    """The first id the target gives next in ``table``: above every id it ever gave (SQLite's
    AUTOINCREMENT keeps them in sqlite_sequence, the server in resoc_sequence)."""
    book = "resoc_sequence" if is_server(conn) else "sqlite_sequence"
    given = conn.execute(f"SELECT seq FROM {book} WHERE name = ?", (table,)).fetchone()
    top = conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
    return max(given[0] if given else 0, top or 0) + 1


def insert(conn, table: str, names: list[str], values: list[tuple], last_id: int | None) -> None:
    """Write rows (each with every column of ``names``, ids included; ``last_id``: the highest
    of them) in the open transaction."""
    if not values:
        return
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    if not is_server(conn):
        conn.executemany(sql, values)
        return
    if last_id is not None:  # the ids taken at once: no row of resoc_sequence rewritten per row
        conn.execute(
            """INSERT INTO resoc_sequence (name, seq) VALUES (?, ?) ON CONFLICT (name)
               DO UPDATE SET seq = greatest(resoc_sequence.seq, excluded.seq)""",
            (table, last_id),
        )
    import psycopg

    from resoc_cli.storage.dialect import translate
    from resoc_cli.storage.server import _constraint

    try:
        with conn.raw.cursor() as cursor:
            cursor.executemany(translate(sql), values)
    except psycopg.errors.IntegrityError as exc:
        raise sqlite3.IntegrityError(_constraint(exc)) from None
    except psycopg.errors.InsufficientPrivilege:
        from resoc_cli.storage.postgres import no_rights

        raise StorageError(no_rights()) from None
    except psycopg.OperationalError as exc:
        raise sqlite3.OperationalError(_constraint(exc)) from None
    except psycopg.Error as exc:
        raise sqlite3.DatabaseError(_constraint(exc)) from None
