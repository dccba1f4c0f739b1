"""Files written whole or not at all: exports and backups."""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from resoc_cli.errors import InvalidInput, StorageError
from resoc_cli.i18n import _, os_error


@contextmanager
def atomic_path(path: str | os.PathLike, what: str) -> Iterator[str]:
    """A temp file name beside ``path`` (mode 0600); on success it is synced and renamed
    over ``path``. On any failure the temp file is removed and ``path`` is left as it was.
    ``what`` names the option in error messages."""
    target = Path(path)
    if not target.parent.is_dir():
        raise InvalidInput(
            _("{what}: folder {folder!r} does not exist").format(
                what=what, folder=str(target.parent)
            )
        )
    if target.is_dir():
        raise InvalidInput(_("{what}: {path} is a folder").format(what=what, path=path))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
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
