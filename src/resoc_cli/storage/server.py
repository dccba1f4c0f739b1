"""The connection the storage modules use on a PostgreSQL server, as they use a sqlite3 one.

``ServerConnection.execute`` takes SQLite's SQL (storage.dialect translates it) and answers
with rows by name and position, ``lastrowid`` and SQLite's exception classes, which storage
and the services already handle; ``BEGIN IMMEDIATE`` is a transaction holding resoc's write
lock. ``open_server`` opens one, making the schema for a write (storage.postgres)."""

import re

from resoc_cli.errors import StorageError
from resoc_cli.i18n import _
from resoc_cli.storage.postgres import (
    WRITE_LOCK,
    connect,
    database_name,
    latest_version,
    migrate,
    no_rights,
    version,
)

#: Tables whose rows get an identity id: an INSERT into them reports it as ``lastrowid``.
IDENTITY_TABLES = frozenset(
    {"programmes", "clients", "enrolments", "family_members", "groups", "group_members",
     "meetings", "sessions", "contacts", "plan_needs", "plan_goals", "plan_reviews",
     "consents", "audit", "changes", "journal"}
)  # fmt: skip


_INSERT = re.compile(r"\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+([A-Za-z_]+)", re.IGNORECASE)


class Row(tuple):
    """A result row as storage reads SQLite's: by position, by column name, ``keys()``."""

    _names: tuple[str, ...] = ()

    def __getitem__(self, key, _get=tuple.__getitem__, _isinstance=isinstance, _str=str):
        # the built-ins as defaults: read per access in loops over thousands of rows
        if _isinstance(key, _str):
            return _get(self, self._names.index(key))
        return _get(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _sqlite_values(raw) -> None:
    """Teach connection ``raw`` to give values as SQLite does, as psycopg reads them (one
    pass, no second one over every value): a ``numeric`` (``sum()`` of integers is one) as an
    int when whole, else a float; a boolean as 1 or 0."""
    from decimal import Decimal

    from psycopg.adapt import Loader

    class Numeric(Loader):
        def load(self, data):
            try:
                return int(data)  # the text of a whole number: nearly every one
            except (TypeError, ValueError):
                value = Decimal(bytes(data).decode())
                return int(value) if value == value.to_integral_value() else float(value)

    class Boolean(Loader):
        def load(self, data):
            return 1 if bytes(data) == b"t" else 0

    raw.adapters.register_loader("numeric", Numeric)
    raw.adapters.register_loader("bool", Boolean)


def _as_sqlite(value):
    """A parameter as SQLite stores it: a date as its ISO text, a bool as 0 or 1; an integer
    beyond 64 bits is refused as sqlite3 refuses it (OverflowError: a number too large),
    not compared as a numeric that matches no row."""
    from datetime import date

    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        raise OverflowError("Python int too large to convert to SQLite INTEGER")
    return value


def _row_factory(cursor):
    """Rows by name and position (``Row``), one class per result."""
    names = tuple(d.name for d in cursor.description or ())
    return type("Row", (Row,), {"_names": names})


def _tuple_factory(cursor):
    """Plain tuples (a cursor whose ``row_factory`` is None)."""
    return tuple


class Cursor:
    """The part of sqlite3.Cursor that storage uses."""

    def __init__(self, rows: list, rowcount: int = -1, lastrowid: int | None = None):
        self._rows, self.rowcount, self.lastrowid = rows, rowcount, lastrowid
        self._next = 0

    def fetchone(self):
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list:
        rows = self._rows[self._next :] if self._next else self._rows
        self._rows, self._next = [], 0
        return rows

    def __iter__(self):
        return iter(self.fetchall())


class _ServerCursor:
    """What ``ServerConnection.cursor()`` gives, as a sqlite3 cursor: rows by name unless
    its ``row_factory`` is set to None, then plain tuples (cheaper, for thousands of rows)."""

    def __init__(self, conn: "ServerConnection") -> None:
        self._conn = conn
        self.row_factory = Row

    def execute(self, sql: str, parameters=()) -> Cursor:
        return self._conn.execute(sql, parameters, plain=self.row_factory is None)


class ServerConnection:
    """A PostgreSQL connection that storage uses as it uses a sqlite3 one: ``execute`` with
    SQLite's SQL (storage.dialect translates it), rows by name and position, ``lastrowid``,
    SQLite's exception classes (storage and services catch those), BEGIN IMMEDIATE as a
    transaction holding resoc's write lock."""

    engine = "postgresql"
    db_path = None  # no file beside which to keep the audit witness
    team = True  # a team's caseload: each worker has their clients, their changes

    def __init__(self, raw) -> None:
        self._raw = raw
        self.command = None
        self._worker: str | None = None
        _sqlite_values(raw)

    @property
    def raw(self):
        """The psycopg connection (storage.team's SQL about roles is PostgreSQL's alone)."""
        return self._raw

    @property
    def worker(self) -> str:
        """The database role this connection works as (named in the audit trail)."""
        if self._worker is None:
            self._worker = self._raw.execute("SELECT current_user").fetchone()[0]
        return self._worker

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        state = self._raw.info.transaction_status
        return state in (TransactionStatus.INTRANS, TransactionStatus.INERROR,
                         TransactionStatus.ACTIVE)  # fmt: skip

    def execute(self, sql: str, parameters=(), *, plain: bool = False) -> Cursor:
        """``sql`` (SQLite's) run on the server; ``plain``: rows as tuples, not ``Row``."""
        import sqlite3

        import psycopg

        from resoc_cli.storage.dialect import translate

        word = sql.lstrip()[:16].upper()
        if word.startswith(("BEGIN", "COMMIT", "END", "ROLLBACK")):
            return self._control(word)
        if word.startswith("PRAGMA"):
            return self._pragma(sql)
        named = isinstance(parameters, dict)
        if named:
            parameters = {k: _as_sqlite(v) for k, v in parameters.items()}
        else:
            parameters = tuple(_as_sqlite(v) for v in parameters or ())
        text = translate(sql, bool(parameters), named)
        insert = _INSERT.match(sql)
        wants_id = bool(insert) and insert.group(1).lower() in IDENTITY_TABLES
        if wants_id and "RETURNING" not in sql.upper():
            text += " RETURNING id"
        try:
            cursor = self._raw.cursor(row_factory=_tuple_factory if plain else _row_factory)
            cursor.execute(text, parameters or None)
            rows = cursor.fetchall() if cursor.description else []
        except psycopg.errors.IntegrityError as exc:
            raise sqlite3.IntegrityError(_constraint(exc)) from None
        except psycopg.errors.RaiseException as exc:  # a trigger's refusal (the audit trail)
            raise sqlite3.IntegrityError(exc.diag.message_primary or "refused") from None
        except psycopg.errors.InsufficientPrivilege:
            raise StorageError(no_rights()) from None
        except psycopg.errors.LockNotAvailable:
            raise sqlite3.OperationalError("database is locked") from None
        except psycopg.OperationalError as exc:
            raise sqlite3.OperationalError(_constraint(exc)) from None
        except psycopg.Error as exc:
            import os

            if os.environ.get("RESOC_DEBUG"):  # the developer's view: the statement, the error
                raise sqlite3.DatabaseError(f"{exc}\n{text}") from exc
            raise sqlite3.DatabaseError(_constraint(exc)) from None
        if wants_id and rows:
            return Cursor([], cursor.rowcount, rows[0][0])
        return Cursor(rows, cursor.rowcount)

    def cursor(self) -> _ServerCursor:
        """A cursor, for a row factory of its own (storage asks one for plain tuples)."""
        return _ServerCursor(self)

    def _control(self, word: str) -> Cursor:
        """BEGIN [IMMEDIATE], COMMIT, ROLLBACK. A write (IMMEDIATE) waits at most 5 s for
        resoc's write lock, as SQLite's busy timeout does, then is refused as busy; every
        transaction reads committed data, whatever the server's default."""
        import sqlite3

        import psycopg

        try:
            if word.startswith("BEGIN"):
                self._raw.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
                if "IMMEDIATE" in word:
                    self._raw.execute("SET LOCAL lock_timeout = '5s'")
                    self._raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            elif word.startswith("ROLLBACK"):
                self._raw.execute("ROLLBACK")
            else:
                self._raw.execute("COMMIT")
        except psycopg.errors.LockNotAvailable:
            raise sqlite3.OperationalError("database is locked") from None
        except psycopg.OperationalError:
            raise sqlite3.OperationalError("the server closed the connection") from None
        except psycopg.Error as exc:
            raise sqlite3.DatabaseError(_constraint(exc)) from None
        return Cursor([])

    def executemany(self, sql: str, rows) -> Cursor:
        count = 0
        for values in rows:
            count += max(0, self.execute(sql, values).rowcount)
        return Cursor([], count)

    def _pragma(self, sql: str) -> Cursor:
        """SQLite's PRAGMAs that storage asks on every database: the table's columns
        (``table_info``); switches SQLite needs and PostgreSQL does not are no-ops."""
        found = re.match(r"\s*PRAGMA\s+table_info\s*\(\s*\"?(\w+)\"?\s*\)", sql, re.I)
        if found:
            rows = self.execute(
                """SELECT ordinal_position - 1, column_name, data_type,
                          CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END, column_default, 0
                   FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = ?
                   ORDER BY ordinal_position""",
                (found.group(1),),
            ).fetchall()
            return Cursor(rows)
        if re.match(r"\s*PRAGMA\s+(foreign_keys|busy_timeout|synchronous|cache_size)\b", sql, re.I):
            return Cursor([])
        raise NotImplementedError(f"not on PostgreSQL: {sql.split()[1] if ' ' in sql else sql}")

    def commit(self) -> None:
        self._raw.commit()

    def rollback(self) -> None:
        self._raw.rollback()

    def close(self) -> None:
        self._raw.close()


def _constraint(exc) -> str:
    """The refusal as SQLite words it where storage reads it (``UNIQUE constraint failed``),
    from the server's structured fields, never its free text (it may quote a value)."""
    diag = exc.diag
    table, constraint = diag.table_name or "", diag.constraint_name or ""
    state = getattr(exc, "sqlstate", None) or ""
    if state == "23505":
        return f"UNIQUE constraint failed: {table} ({constraint})"
    if state == "23503":
        return f"FOREIGN KEY constraint failed: {table} ({constraint})"
    if state == "23514":
        return f"CHECK constraint failed: {table} ({constraint})"
    if state == "23502":
        return f"NOT NULL constraint failed: {table}.{diag.column_name or ''}"
    return f"PostgreSQL error {state}"


def open_server(url: str, *, create: bool) -> ServerConnection:
    """The caseload on a server, ready for storage: migrated when ``create`` (a write makes
    the schema, as it makes a SQLite file); a read of a database without it is refused."""
    raw = connect(url)
    raw.autocommit = True  # transactions are storage's: BEGIN ... COMMIT, as on SQLite
    current = version(raw)
    if current is None and not create:
        raw.close()
        raise StorageError(
            _("no database at {path}; resoc init creates one").format(path=database_name(url))
        )
    if current != latest_version():  # migrated as a file is when opened (newer: refused)
        raw.autocommit = False
        try:
            migrate(raw)
        except BaseException:
            raw.close()
            raise
        raw.autocommit = True
    return ServerConnection(raw)
