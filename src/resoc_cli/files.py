"""Files written whole or not at all: exports and backups."""

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from resoc_cli.errors import InvalidInput, StorageError
from resoc_cli.i18n import _, os_error

#: The files no output may replace: the open database with its journals, the settings file
#: (``protect``). Kept as normalised real paths, so another spelling of one is caught too;
#: a path given as a function is found only when a file is about to be written.
_PROTECTED: dict[str, str] = {}
_LATER: list[tuple[Callable[[], str | os.PathLike], str]] = []


def _key(path: str | os.PathLike) -> str:
    return os.path.normcase(os.path.realpath(path))


def protect(path: str | os.PathLike | Callable[[], str | os.PathLike], kind: str) -> None:
    """Refuse, from now on in this process, any ``atomic_path`` onto ``path``; ``kind``
    ("database", "settings") names it in the refusal."""
    if callable(path):
        _LATER.append((path, kind))
    else:
        _PROTECTED[_key(path)] = kind


def forget_protected() -> None:
    """The database is closed: its files are anyone's again (tests run many commands)."""
    _PROTECTED.clear()
    _LATER.clear()


def _protected(key: str) -> str | None:
    while _LATER:
        find, kind = _LATER.pop()
        _PROTECTED[_key(find())] = kind
    return _PROTECTED.get(key)


def protect_database(path: str | os.PathLike) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", ".witness"):
        protect(f"{os.fspath(path)}{suffix}", "database")


def _checked_target(path: str | os.PathLike, what: str, replacing: str | None) -> Path:
    """The file ``path`` names, through any symbolic link: refused when it is a folder, not
    a regular file (a device, a pipe), or a protected file other than ``replacing``."""
    text = os.fspath(path)
    if text.endswith(("/", os.sep)) or (os.altsep and text.endswith(os.altsep)):
        raise InvalidInput(_("{what}: {path} is a folder").format(what=what, path=text))
    target = Path(os.path.realpath(text))
    if not target.parent.is_dir():
        raise InvalidInput(
            _("{what}: folder {folder!r} does not exist").format(
                what=what, folder=str(Path(text).parent)
            )
        )
    if target.is_dir():
        raise InvalidInput(_("{what}: {path} is a folder").format(what=what, path=text))
    if target.exists() and not target.is_file():
        raise InvalidInput(
            _("{what}: {path} is not a regular file (a device or a pipe)").format(
                what=what, path=text
            )
        )
    kind = _protected(_key(target))
    if kind is not None and _key(target) != replacing:
        message = {
            "database": _("{what}: {path} is resoc's database; give another file name"),
            "settings": _("{what}: {path} is resoc's settings file; give another file name"),
        }[kind]
        raise InvalidInput(message.format(what=what, path=text))
    return target


#: Windows' reasons for a file another program holds: a sharing or lock violation, or the
#: access denial that a rename over a file open in Excel gives.
_HELD = {5, 32, 33}


def held_open(exc: OSError) -> bool:
    """Whether ``exc`` says the target is open in another program (Windows only: on Linux and
    macOS a file being read never stops a rename over it)."""
    return isinstance(exc, PermissionError) and getattr(exc, "winerror", None) in _HELD


@contextmanager
def atomic_path(
    path: str | os.PathLike, what: str, *, replacing: str | os.PathLike | None = None
) -> Iterator[str]:
    """A temp file name beside ``path`` (mode 0600); on success it is synced and renamed
    over ``path`` (over the file a symbolic link points to, not the link). On any failure
    the temp file is removed and ``path`` is left as it was. ``what`` names the option in
    error messages; ``replacing`` is the one protected file this write may replace."""
    target = _checked_target(path, what, _key(replacing) if replacing is not None else None)
    import tempfile  # here, not above: every command opening the database imports this module

    sweep(target.parent)
    # a short prefix: a long but legal name must not become too long with it
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:64]}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        yield tmp
        with open(tmp, "rb") as done:
            os.fsync(done.fileno())
        os.replace(tmp, target)
        _sync_folder(target.parent)
    except OSError as exc:
        _remove(tmp)
        if held_open(exc):
            raise StorageError(
                _("{what}: cannot replace {path}: another program has it open (Excel?);"
                  " close it there and try again").format(what=what, path=path)
            ) from None  # fmt: skip
        raise StorageError(
            _("{what}: cannot write {path}: {error}").format(
                what=what, path=path, error=os_error(exc)
            )
        ) from None
    except BaseException:  # SIGTERM and Ctrl-C included (process.py): nothing left behind
        _remove(tmp)
        raise


def _sync_folder(folder: Path) -> None:
    """The rename itself on disk: a crash after it must not bring the old file back. Not on
    Windows, where a folder cannot be opened (its file system orders the rename itself)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems (network shares) refuse it: the rename stands
        pass
    finally:
        os.close(fd)


#: A temporary file of resoc's own naming (``atomic_path``): ``.<name>.XXXXXXXX.part``, with
#: what SQLite (a backup's ``-journal``) or XlsxWriter (the ``-tmp`` folder) add beside it.
_OURS = re.compile(r"\..+\.[a-z0-9_]{8}\.part(?:-journal|-wal|-shm|-tmp)?")
#: Older than this, a temporary file of ours belongs to a run that died (SIGKILL, power).
STALE_S = 3600.0


def sweep(folder: str | os.PathLike, *, older_than: float = STALE_S) -> int:
    """Remove what a killed run left in ``folder`` (names of resoc's own making only, not
    touched for ``older_than`` seconds); how many. Never fails: a leftover it cannot remove
    is left for the next run."""
    import time

    limit = time.time() - older_than
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not entry.name.startswith(".") or not _OURS.fullmatch(entry.name):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                if _newest(entry.path) < limit:
                    remove_tree(entry.path)
                    removed += 1
            elif entry.stat(follow_symlinks=False).st_mtime < limit:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def _newest(folder: str) -> float:
    newest = os.stat(folder).st_mtime
    for entry in os.scandir(folder):
        newest = max(newest, entry.stat(follow_symlinks=False).st_mtime)
    return newest


def remove_tree(path: str) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _remove(path: str) -> None:
    for name in (path, f"{path}-journal", f"{path}-wal", f"{path}-shm"):
        with suppress(FileNotFoundError):
            os.unlink(name)
    remove_tree(f"{path}-tmp")
