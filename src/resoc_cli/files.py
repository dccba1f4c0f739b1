"""Files written whole or not at all: exports and backups."""

import os
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

    # a short prefix: a long but legal name must not become too long with it
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:64]}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        yield tmp
        with open(tmp, "rb") as done:
            os.fsync(done.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise StorageError(
            _("{what}: cannot write {path}: {error}").format(
                what=what, path=path, error=os_error(exc)
            )
        ) from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: str) -> None:
    with suppress(FileNotFoundError):
        os.unlink(path)
