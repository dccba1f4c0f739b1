"""Backup files: their names, the copy and its check, the recorded checksum, pruning."""

import hashlib
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from resoc_cli.errors import InvalidInput, StorageError, sqlite_reason
from resoc_cli.files import atomic_path
from resoc_cli.i18n import _

BACKUP_TAG = "backup"
BEFORE_RESTORE = "before-restore"
#: Beside each backup resoc made and checked: ``<backup>.sha256``, its checksum.
CHECKSUM_SUFFIX = ".sha256"
#: An encrypted backup's name ends so.
AGE_SUFFIX = ".age"


def backup_name(db_path: Path, tag: str = BACKUP_TAG, suffix: str = ".db") -> Path:
    """``<folder>/<stem>-backup-YYYYMMDD-HHMMSS.db`` beside the database (unique)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = db_path.with_name(f"{db_path.stem}-{tag}-{stamp}{suffix}")
    n = 1
    while candidate.exists():
        candidate = db_path.with_name(f"{db_path.stem}-{tag}-{stamp}-{n}{suffix}")
        n += 1
    return candidate


def note_backup(conn: sqlite3.Connection) -> None:
    """Remember when the last backup was made (resoc doctor reports its age)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with suppress(sqlite3.OperationalError):  # a busy database must not fail a finished backup
        conn.execute(
            """INSERT INTO settings (key, value) VALUES ('last_backup', ?)
               ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
            (now,),
        )


@contextmanager
def private_file(db_path: Path, what: str) -> Iterator[Path]:
    """An empty 0600 file beside the database (``.<name>.<what>.<random>.part``), removed
    with its journals when the block ends, however it ends; named as every temporary file of
    resoc's is, so that what a SIGKILL leaves (a whole decrypted copy, it may be) is swept by
    the next run that makes one here, as ``atomic_path`` sweeps."""
    import tempfile

    from resoc_cli.files import sweep

    sweep(db_path.parent)
    prefix = f".{db_path.name[:64]}.{what}."
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=db_path.parent)
    os.close(fd)
    try:
        yield Path(name)
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            with suppress(FileNotFoundError):
                os.unlink(name + suffix)


def _own_name(db_path: Path) -> re.Pattern:
    """The names resoc gives this database's backups, exactly: the stem is matched as text
    (``*.db`` or ``a[1].db`` are names, never patterns)."""
    tags = "|".join(re.escape(t) for t in (BACKUP_TAG, BEFORE_RESTORE))
    return re.compile(
        rf"{re.escape(db_path.stem)}-(?:{tags})-(\d{{8}}-\d{{6}})(?:-(\d+))?\.db(?:\.age)?"
    )


def backups_of(db_path: Path) -> list[Path]:
    """This database's backups beside it (plain, encrypted and before-restore), oldest
    first by the time in their names."""
    pattern = _own_name(db_path)
    found = []
    with suppress(FileNotFoundError), os.scandir(db_path.parent) as entries:
        for entry in entries:
            match = pattern.fullmatch(entry.name)
            if match and entry.is_file(follow_symlinks=False):
                found.append((match.group(1), int(match.group(2) or 0), entry.name))
    return [db_path.with_name(name) for *_order, name in sorted(found)]


def copy(conn: sqlite3.Connection, target: Path, check) -> str:
    """A consistent online copy (SQLite backup API) written to a temp file beside ``target``,
    checked there by ``check(connection) -> problems``, then renamed: a damaged copy never
    takes a backup's name. Returns the copy's SHA-256 (recorded beside it by ``record``).

    The copy is a single self-contained file (rollback journal, not WAL), mode 0600."""
    if target.exists():
        raise InvalidInput(_("backup: {path} already exists").format(path=target))
    with atomic_path(target, "backup") as tmp:
        return write_checked(conn, Path(tmp), check)


def write_checked(conn: sqlite3.Connection, path: Path, check) -> str:
    """``copy`` into the (empty or new) file ``path`` itself; its SHA-256."""
    try:
        with closing(sqlite3.connect(path)) as dest:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        with closing(sqlite3.connect(_read_only(path), uri=True)) as written:
            problems = check(written)
    except sqlite3.Error as exc:
        raise StorageError(
            _("backup: cannot write {path}: {error}").format(path=path, error=sqlite_reason(exc))
        ) from None
    if problems:
        raise StorageError(
            _("backup: the copy does not read back ({problems}); nothing was kept").format(
                problems="; ".join(problems[:3])
            )
        )
    return checksum(path)


def checksum(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB pieces."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while piece := f.read(1 << 20):
            digest.update(piece)
    return digest.hexdigest()


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + CHECKSUM_SUFFIX)


def record(path: Path, digest: str, head: tuple[int, str | None] | None = None) -> None:
    """Note beside a checked backup that resoc made it and what it holds: its checksum and
    (``head``) the audit trail's last row when it was made, ``(id, hash)``."""
    with atomic_path(_sidecar(path), "backup") as tmp, open(tmp, "w", encoding="utf-8") as f:
        f.write(f"{digest}  {path.name}\n")
        if head is not None:
            f.write(f"head {head[0]} {head[1] or '-'}\n")


def recorded_head(path: Path) -> tuple[int, str] | None:
    """The trail's head noted beside ``path`` when resoc made it (whatever the file holds
    now: a backup cut short still had these rows), None when none was noted."""
    try:
        lines = _sidecar(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for line in lines[1:]:
        words = line.split()
        if len(words) == 3 and words[0] == "head" and words[1].isdigit():
            rows = int(words[1])
            if rows and len(words[2]) == 64:
                return rows, words[2]
    return None


def recorded(path: Path) -> bool:
    """Whether ``path`` is, byte for byte, a backup resoc checked when it wrote it."""
    try:
        text = _sidecar(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    want = text.split(" ", 1)[0].strip()
    return len(want) == 64 and checksum(path) == want


def prune(db_path: Path, keep: int, fresh: Path) -> list[Path]:
    """Remove all but the newest ``keep`` of this database's backups (``fresh``, the backup
    just written and checked, is never removed); returns the removed ones. When ``fresh``
    was written elsewhere, nothing is removed unless a backup that stays is one resoc checked
    (its checksum matches): pruning never leaves no good backup."""
    everything = backups_of(db_path)
    others = [p for p in everything if not _same(p, fresh)]
    beside = len(others) != len(everything)  # the fresh backup is one of them
    room = keep - 1 if beside else keep
    if len(others) <= room:
        return []
    old, stay = others[: len(others) - room], others[len(others) - room :]
    if not beside and not any(recorded(p) for p in stay):
        return []
    for path in old:
        _unlink(path)
        _unlink(_sidecar(path))
    return old


def _same(a: Path, b: Path) -> bool:
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def _unlink(path: Path) -> None:
    with suppress(FileNotFoundError):
        path.unlink()


def _read_only(path: Path) -> str:
    from urllib.parse import quote

    return f"file:{quote(str(Path(path).resolve()))}?mode=ro"
