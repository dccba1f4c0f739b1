"""Restore: the backup checked, staged in a private file beside the database, and copied over
it while the write lock is held from the safety copy to the swap."""

import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from resoc_cli.errors import InvalidInput, StorageError, sqlite_reason
from resoc_cli.i18n import _
from resoc_cli.storage import audit, maintenance
from resoc_cli.storage.backup import _read_only, copy, note_backup, private_file
from resoc_cli.storage.db import latest_version


def inspect_backup(path: Path, page_size: int | None = None, *, trusted: bool = False) -> int:
    """The schema version of a usable backup; refuses anything that is not one (and, given
    the live database's page size, a backup whose pages differ: SQLite cannot copy those
    into a WAL database). A ``trusted`` backup (resoc wrote and checked it, and it is still
    byte for byte what it wrote) gets ``quick_check`` and the index agreement; any other file
    the whole ``integrity_check``."""
    if not path.is_file():
        raise InvalidInput(_("restore: no file {path}").format(path=path))
    try:
        with closing(sqlite3.connect(_read_only(path), uri=True)) as src:
            problems = maintenance.integrity(src, full=not trusted)
            version = src.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in src.execute("SELECT name FROM sqlite_schema")}
            pages = src.execute("PRAGMA page_size").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StorageError(
            _("restore: {path} is not a usable database ({error})").format(
                path=path, error=sqlite_reason(exc)
            )
        ) from None
    if problems:
        raise StorageError(
            _("restore: {path} fails the integrity check; nothing was replaced").format(path=path)
        )
    if version < 1 or "clients" not in tables:
        raise StorageError(
            _("restore: {path} is not a resoc database; nothing was replaced").format(path=path)
        )
    if version > latest_version():
        raise StorageError(
            _("restore: {path} comes from a newer resoc (schema {version}); upgrade resoc first")
            .format(path=path, version=version)
        )  # fmt: skip
    if page_size is not None and pages != page_size:
        raise StorageError(
            _(
                "restore: {path} uses {pages}-byte pages and this database {page_size}; nothing"
                " was replaced (copy the file into place instead, with no resoc running)"
            ).format(path=path, pages=pages, page_size=page_size)
        )
    return version


def safety_copy(db_path: Path, kept: Path) -> None:
    """The database as it is now (its last commit), copied to ``kept``."""
    with closing(sqlite3.connect(_read_only(db_path), uri=True)) as reader:
        copy(reader, kept, lambda _conn: [])


def restore(
    conn: sqlite3.Connection,
    db_path: Path,
    source: Path,
    name: str,
    version: int,
    kept: Path,
    timeout: float = 5.0,
    keep_copy: Callable[[Path, Path], None] | None = None,
) -> None:
    """Replace the whole content of ``conn``'s database with the backup ``source``, in one step.

    The backup is copied into a 0600 file beside the database (not into memory), brought to
    the current schema there, and given its audit row and the note of the safety copy. Then
    SQLite's backup API copies it over the live database: its first step takes the write
    lock and copies all pages but the last; with the lock held, the database as last
    committed is copied to ``kept``; the last step then commits the swap. So every write
    another process committed is in ``kept`` or waited and lands in the restored database;
    a crash leaves the old database, or the restored one with its audit row. Like every
    other write, it gives up when another process keeps the database busy for ``timeout``
    seconds; the staged file is removed whatever happens."""
    from resoc_cli.storage.db import Connection, transaction, upgrade
    from resoc_cli.storage.journal import record_restore as journal_restore

    keep_copy = keep_copy or safety_copy
    deadline = time.monotonic() + timeout
    done: list[bool] = []

    def step(status: int, _remaining: int, _total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            if time.monotonic() > deadline:
                raise sqlite3.OperationalError("database is locked")
            return
        if not done:  # the write lock is ours, the swap not yet committed
            keep_copy(db_path, kept)
            done.append(True)

    with (
        private_file(db_path, "restore") as staged,
        closing(sqlite3.connect(staged, isolation_level=None, factory=Connection)) as stage,
    ):
        with closing(sqlite3.connect(_read_only(source), uri=True)) as src:
            src.backup(stage)
        stage.execute("PRAGMA foreign_keys = ON")
        upgrade(stage)
        stage.execute("PRAGMA journal_mode = DELETE")  # no -wal beside the staged file
        stage.command = getattr(conn, "command", "resoc")
        with transaction(stage):
            note_backup(stage)  # the safety copy, made just before the swap
            audit.append(
                stage, "restore", "database", name, None, {"schema_version": (None, version)}
            )
            journal_restore(stage, stage.command)
        pages = stage.execute("PRAGMA page_count").fetchone()[0]
        stage.backup(conn, pages=max(1, pages - 1), progress=step, sleep=0.05)


def open_backup(path: Path) -> sqlite3.Connection:
    """A backup opened read-only (for the checks of its schema and audit chain)."""
    conn = sqlite3.connect(_read_only(path), uri=True)
    conn.row_factory = sqlite3.Row
    return conn
