"""Backups, restore and the health checks behind resoc doctor."""

import sqlite3
import stat
from contextlib import closing, suppress
from datetime import UTC, datetime
from pathlib import Path

from resoc_cli.errors import InvalidInput, StorageError
from resoc_cli.files import atomic_path
from resoc_cli.i18n import _
from resoc_cli.storage import audit
from resoc_cli.storage.db import latest_version

BACKUP_TAG = "backup"


def backup_name(db_path: Path, tag: str = BACKUP_TAG) -> Path:
    """``<folder>/<stem>-backup-YYYYMMDD-HHMMSS.db`` beside the database (unique)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = db_path.with_name(f"{db_path.stem}-{tag}-{stamp}.db")
    n = 1
    while candidate.exists():
        candidate = db_path.with_name(f"{db_path.stem}-{tag}-{stamp}-{n}.db")
        n += 1
    return candidate


def backups_of(db_path: Path) -> list[Path]:
    """The default-named backups beside the database, oldest first."""
    found = db_path.parent.glob(f"{db_path.stem}-{BACKUP_TAG}-*.db")
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name))


def backup(conn: sqlite3.Connection, target: Path) -> int:
    """A consistent online copy (SQLite backup API) written to a temp file, then renamed.

    The copy is a single self-contained file (rollback journal, not WAL), mode 0600."""
    if target.exists():
        raise InvalidInput(_("backup: {path} already exists").format(path=target))
    try:
        with atomic_path(target, "backup") as tmp, closing(sqlite3.connect(tmp)) as dest:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as exc:
        raise StorageError(
            _("backup: cannot write {path}: {error}").format(path=target, error=exc)
        ) from None
    return target.stat().st_size


def note_backup(conn: sqlite3.Connection) -> None:
    """Remember when the last backup was made (resoc doctor reports its age)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with suppress(sqlite3.OperationalError):  # a busy database must not fail a finished backup
        conn.execute(
            """INSERT INTO settings (key, value) VALUES ('last_backup', ?)
               ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
            (now,),
        )


def prune(db_path: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` default-named backups; returns the removed ones."""
    old = backups_of(db_path)[:-keep] if keep else backups_of(db_path)
    for path in old:
        _unlink(path)
    return old


def _unlink(path: Path) -> None:
    with suppress(FileNotFoundError):
        path.unlink()


def inspect_backup(path: Path, page_size: int | None = None) -> int:
    """The schema version of a usable backup; refuses anything that is not one (and, given
    the live database's page size, a backup whose pages differ: SQLite cannot copy those
    into a WAL database)."""
    if not path.is_file():
        raise InvalidInput(_("restore: no file {path}").format(path=path))
    try:
        with closing(sqlite3.connect(_read_only(path), uri=True)) as src:
            result = src.execute("PRAGMA integrity_check").fetchone()[0]
            version = src.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in src.execute("SELECT name FROM sqlite_schema")}
            pages = src.execute("PRAGMA page_size").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StorageError(
            _("restore: {path} is not a usable database ({error})").format(path=path, error=exc)
        ) from None
    if result != "ok":
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


def restore(conn: sqlite3.Connection, source: Path, version: int, timeout: float = 5.0) -> None:
    """Replace the whole content of ``conn``'s database with the backup ``source``, in one step.

    The backup is staged in memory, brought to the current schema there, and given its audit
    row and the note of the backup made just before; only then is it copied over the live
    database, and SQLite's backup API holds the destination's write transaction for the whole
    copy. A crash at any moment leaves the old database, or the restored one with its audit
    row: never a restored database that does not say so. Nothing is staged on disk, so no
    stray copy of personal data can be left behind. Like every other write, it gives up when
    another process keeps the database busy for ``timeout`` seconds."""
    import time

    from resoc_cli.storage.db import Connection, transaction, upgrade

    deadline = time.monotonic() + timeout

    def give_up_when_busy(status: int, _remaining: int, _total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise sqlite3.OperationalError("database is locked")

    with (
        closing(sqlite3.connect(_read_only(source), uri=True)) as src,
        closing(sqlite3.connect(":memory:", isolation_level=None, factory=Connection)) as stage,
    ):
        src.backup(stage)
        stage.execute("PRAGMA foreign_keys = ON")
        upgrade(stage)
        stage.command = getattr(conn, "command", "resoc")
        with transaction(stage):
            note_backup(stage)  # the copy of the replaced database, made just before
            record_restore(stage, source, version)
            from resoc_cli.storage.journal import record_restore as journal_restore

            journal_restore(stage, stage.command)
        stage.backup(conn, pages=256, progress=give_up_when_busy, sleep=0.05)


def _read_only(path: Path) -> str:
    from urllib.parse import quote

    return f"file:{quote(str(Path(path).resolve()))}?mode=ro"


def record_restore(conn: sqlite3.Connection, source: Path, version: int) -> None:
    audit.append(
        conn, "restore", "database", source.name, None, {"schema_version": (None, version)}
    )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def permissions(db_path: Path) -> list[str]:
    """Problems with who can read the file and its folder (empty when private)."""
    problems = []
    if _mode(db_path) & 0o077:
        problems.append(
            _("the file is readable by others (mode {mode:o}): chmod 600").format(
                mode=_mode(db_path)
            )
        )
    if _mode(db_path.parent) & 0o077:
        problems.append(
            _("its folder is open to others (mode {mode:o}): chmod 700 the folder").format(
                mode=_mode(db_path.parent)
            )
        )
    return problems


def integrity(conn: sqlite3.Connection) -> list[str]:
    # quick_check: 0.7 s instead of 8 s on a 600 MB file (SQLITE.md); it skips only the
    # comparison of index contents with their tables.
    rows = [r[0] for r in conn.execute("PRAGMA quick_check(20)")]
    return [] if rows == ["ok"] else rows


def foreign_keys(conn: sqlite3.Connection) -> list[str]:
    text = _("{table} row {row} -> {parent}")
    return [
        text.format(table=r[0], row=r[1], parent=r[2])
        for r in conn.execute("PRAGMA foreign_key_check")
    ]


def wal_state(conn: sqlite3.Connection, db_path: Path) -> dict:
    """Checkpoints first (so pages an erasure left behind leave the WAL), then reports."""
    with suppress(sqlite3.OperationalError):
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = db_path.with_name(db_path.name + "-wal")
    return {
        "journal_mode": conn.execute("PRAGMA journal_mode").fetchone()[0],
        "wal_bytes": wal.stat().st_size if wal.exists() else 0,
    }


def size(conn: sqlite3.Connection, db_path: Path) -> dict:
    return {
        "bytes": db_path.stat().st_size,
        "pages": conn.execute("PRAGMA page_count").fetchone()[0],
        "free_pages": conn.execute("PRAGMA freelist_count").fetchone()[0],
    }


def last_backup(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = 'last_backup'").fetchone()
    return row[0] if row else None


def schema_differences(conn: sqlite3.Connection) -> list[str]:
    """How the file's tables, columns, indexes and triggers differ from what resoc's
    migrations build (a fresh database in memory): an append-only guard dropped, a column
    changed, a trigger no migration made (another program could copy personal data with it).

    Read with sqlite-utils' introspection, which already knows every PRAGMA this needs; only
    ``doctor`` imports it."""
    from sqlite_utils import Database

    from resoc_cli.storage.db import _migrate

    expected = sqlite3.connect(":memory:", isolation_level=None)
    try:
        _migrate(expected)
        want, have = Database(expected), Database(conn)
        out = []
        tables = set(have.table_names())
        for name in want.table_names():
            if name not in tables:
                out.append(_("table {name} missing").format(name=name))
                continue
            columns = {c.name: (c.type, c.notnull, c.is_pk) for c in have[name].columns}
            for c in want[name].columns:
                if columns.get(c.name) != (c.type, c.notnull, c.is_pk):
                    out.append(
                        _("column {name} missing or changed").format(name=f"{name}.{c.name}")
                    )
            indexes = {i.name: i.columns for i in have[name].indexes}
            for i in want[name].indexes:
                if indexes.get(i.name) != i.columns:
                    out.append(_("index {name} missing or changed").format(name=i.name))
        triggers = {t.name: " ".join(t.sql.split()) for t in have.triggers}
        wanted = {t.name: " ".join(t.sql.split()) for t in want.triggers}
        changed = _("trigger {name} missing or changed")
        foreign = _("trigger {name} is not resoc's")
        out += [changed.format(name=n) for n in wanted if triggers.get(n) != wanted[n]]
        out += [foreign.format(name=n) for n in triggers if n not in wanted]
        return out
    finally:
        expected.close()
