"""Backups and restores: a copy made only of a sound database, checked once written; pruning
that never leaves no good backup; a restore that loses no write."""

from pathlib import Path

from resoc_cli.domain.errors import InvalidInput, StorageError
from resoc_cli.i18n import _, number


def _damaged(problems: list[str]) -> StorageError:
    return StorageError(
        _(
            "backup: the database is damaged ({problems}); no backup was written and none"
            " removed (see resoc doctor)"
        ).format(problems="; ".join(problems[:3]))
    )


def backup(conn, source: Path, target: Path | None, keep: int | None) -> dict:
    """A checked copy of the open database at ``source`` (beside it by default); with
    ``keep``, only the newest ``keep`` of its backups beside it stay (the new one among them).

    The database is checked first (a damaged one is not copied: the good backups it would
    push out are worth more); the copy is checked once written, before it takes its name."""
    from resoc_cli.storage import backup as files
    from resoc_cli.storage.maintenance import integrity

    if conn is None or not source.exists():
        raise StorageError(_("no database at {path}; resoc init creates one").format(path=source))
    try:
        problems = integrity(conn)
    except Exception as exc:  # a damaged file raises on reading
        problems = [str(exc)]
    if problems:
        raise _damaged(problems)
    target = target or files.backup_name(source)
    digest = files.copy(conn, target, integrity)
    files.record(target, digest)
    files.note_backup(conn)
    removed = files.prune(source, keep, target) if keep else []
    size = target.stat().st_size
    return {"path": str(target), "megabytes": number(f"{size / 1_000_000:.1f}"), "removed": removed}


def check_backup(source: Path) -> int:
    """The backup's schema version, after checking that it can be restored."""
    from resoc_cli.storage.backup import recorded
    from resoc_cli.storage.restore import inspect_backup

    return inspect_backup(source, trusted=source.is_file() and recorded(source))


def verify_backup(conn) -> None:
    """The place where a backup's schema and audit chain are checked before it replaces
    anything (``conn``: the backup, opened read-only). Raises to refuse it."""


def restore(conn, target: Path, source: Path, command: str) -> dict:
    """Replace the database at ``target`` with the backup ``source`` in one step (the restored
    database and its audit row); the replaced one is kept as a backup beside it, copied
    while the write lock is held, so that no write another process committed is lost."""
    from contextlib import closing

    from resoc_cli.storage import backup as files
    from resoc_cli.storage.restore import inspect_backup, open_backup
    from resoc_cli.storage.restore import restore as replace

    if target.exists() and source.resolve() == target.resolve():
        raise InvalidInput(_("restore: that is the database itself"))
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    trusted = source.is_file() and files.recorded(source)
    version = inspect_backup(source, page_size, trusted=trusted)
    with closing(open_backup(source)) as candidate:
        verify_backup(candidate)
    kept = files.backup_name(target, files.BEFORE_RESTORE)
    conn.command = command
    replace(conn, target, source, source.name, version, kept)
    return {"name": source.name, "version": version, "kept": str(kept)}
