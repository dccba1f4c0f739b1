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


def backup(
    conn,
    source: Path,
    target: Path | None,
    keep: int | None,
    *,
    passphrase=None,
    recipients: list[str] | None = None,
) -> dict:
    """A checked copy of the open database at ``source`` (beside it by default); with
    ``keep``, only the newest ``keep`` of its backups beside it stay (the new one among them).

    The database is checked first (a damaged one is not copied: the good backups it would
    push out are worth more); the copy is checked once written, before it takes its name.
    With ``recipients`` (age1…) or ``passphrase`` (called once, to ask for it), the backup
    is an age file (``.db.age``); the checked plain copy lives only in a 0600 file beside the
    database, removed at once."""
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
    sealed = bool(recipients) or passphrase is not None
    target = target or files.backup_name(source, suffix=".db.age" if sealed else ".db")
    if sealed:
        _sealed_copy(conn, source, target, files, integrity, passphrase, recipients or [])
    else:
        from resoc_cli.storage.witness import head

        trail = head(conn)  # the copy holds at least these rows: restore will check it does
        files.record(target, files.copy(conn, target, integrity), trail)
    files.note_backup(conn)
    removed = files.prune(source, keep, target) if keep else []
    size = target.stat().st_size
    return {"path": str(target), "megabytes": number(f"{size / 1_000_000:.1f}"), "removed": removed}


def _sealed_copy(conn, source, target, files, check, passphrase, recipients) -> None:
    from resoc_cli.storage.sealed import seal

    if target.exists():
        raise InvalidInput(_("backup: {path} already exists").format(path=target))
    from resoc_cli.storage.witness import head

    secret = None if recipients else passphrase()
    trail = head(conn)  # noted beside the sealed file, as beside a plain one, for restore
    with files.private_file(source, "backup") as plain:
        files.write_checked(conn, plain, check)
        seal(plain, target, passphrase=secret, recipients=recipients)
    files.record(target, files.checksum(target), trail)


def check_backup(source: Path) -> int | None:
    """The backup's schema version, after checking that it can be restored (None for an
    encrypted backup: it is checked once decrypted)."""
    from resoc_cli.storage.backup import recorded
    from resoc_cli.storage.restore import inspect_backup
    from resoc_cli.storage.sealed import is_sealed

    if is_sealed(source):
        return None
    return inspect_backup(source, trusted=source.is_file() and recorded(source))


def verify_backup(conn, head: tuple[int, str] | None = None) -> None:
    """The place where a backup's schema and audit chain are checked before it replaces
    anything (``conn``: the backup, opened read-only). Raises to refuse it: a schema object
    resoc did not make, guards missing, a broken chain, values blanked outside an erasure."""
    from resoc_cli.services.integrity import verify_backup as problems_of

    problems = problems_of(conn, head)
    if problems:
        raise StorageError(
            _("restore: the backup does not verify ({problems}); nothing was replaced").format(
                problems="; ".join(problems)
            )
        )


def restore(
    conn, target: Path, source: Path, command: str, *, passphrase=None, identity=None
) -> dict:
    """Replace the database at ``target`` with the backup ``source`` in one step (the restored
    database and its audit row); the replaced one is kept as a backup beside it, copied
    while the write lock is held, so that no write another process committed is lost.

    An age file (recognised by its header) is decrypted into a 0600 file beside the database,
    removed afterwards, with ``passphrase()`` or the age ``identity`` file."""
    from resoc_cli.storage import backup as files
    from resoc_cli.storage.sealed import is_sealed, unseal

    if target.exists() and source.resolve() == target.resolve():
        raise InvalidInput(_("restore: that is the database itself"))
    if not is_sealed(source):
        return _restore(conn, target, source, source.name, command, files.recorded(source))
    with files.private_file(target, "decrypted") as plain:
        unseal(source, plain, passphrase=passphrase, identity=identity)
        # To a passphrase, what decrypts was sealed by someone who knew it: resoc, when it
        # wrote and checked it. Anyone with the public key can seal a file to a recipient, so
        # such a file gets the full check, as a foreign one does.
        return _restore(
            conn, target, plain, source.name, command, identity is None,
            head=files.recorded_head(source),
        )  # fmt: skip


def _restore(
    conn, target: Path, source: Path, name: str, command: str, trusted: bool, *, head=None
) -> dict:
    """``head``: the trail's head recorded when the backup was made (else read beside
    ``source``)."""
    from contextlib import closing

    from resoc_cli.services.integrity import forget_witness, record_witness
    from resoc_cli.storage import backup as files
    from resoc_cli.storage.restore import inspect_backup, open_backup
    from resoc_cli.storage.restore import restore as replace

    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    version = inspect_backup(source, page_size, trusted=trusted)
    with closing(open_backup(source)) as candidate:
        # the one place for the schema and audit-chain checks, against the recorded head
        verify_backup(candidate, head or files.recorded_head(source))
    kept = files.backup_name(target, files.BEFORE_RESTORE)
    conn.command = command
    # The restored trail may be shorter than the one witnessed: until the swap is done and
    # witnessed, the witness says nothing (an empty trail, which any trail satisfies), so a
    # restore stopped in between never leaves a witness ahead of the trail.
    forget_witness(target)
    replace(conn, target, source, name, version, kept)
    witnessed = record_witness(conn, target)  # the restored trail is the one to witness now
    return {"name": name, "version": version, "kept": str(kept), "witnessed": witnessed}
