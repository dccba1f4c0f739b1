"""The audit chain's witness: the head of the trail, kept in a small file beside the database.

A chain kept in the same file as the rows it protects cannot show that rows were cut off its
end, or that the whole file went back to an older state (a ``-wal`` file deleted or truncated
after committed writes). So every committed change writes ``<db>.witness`` (mode 0600): the
id and hash of the trail's last row. ``doctor`` compares it with the database.

The file is written after the commit, never before it: a crash in between leaves a witness
one change behind (which ``doctor`` accepts), never one ahead of the database (a false
alarm). Failing to write it never fails a change that is already committed."""

import os
import sqlite3
from contextlib import suppress
from pathlib import Path

SUFFIX = ".witness"
_MAGIC = "resoc-witness 1"


def path_of(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SUFFIX)


def head(conn: sqlite3.Connection) -> tuple[int, str | None]:
    """``(id of the last audit row, its hash)``; ``(0, None)`` for an empty trail. Rows are
    never deleted, so the last id is the number of rows in a trail that is whole."""
    row = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, None)


def hash_at(conn: sqlite3.Connection, row_id: int) -> str | None:
    row = conn.execute("SELECT hash FROM audit WHERE id = ?", (row_id,)).fetchone()
    return row[0] if row else None


def write(target: Path, state: tuple[int, str | None]) -> bool:
    """Replace the witness with ``state`` (synced, then renamed over the old one); False
    when it could not be written (a read-only folder, a full disk)."""
    rows, digest = state
    text = f"{_MAGIC}\nrows {rows}\nhead {digest or '-'}\n".encode()
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        try:
            os.write(fd, text)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError:
        with suppress(OSError):
            os.unlink(tmp)
        return False
    _sweep(target)
    return True


def _sweep(target: Path, age_s: float = 60.0) -> None:
    """Remove the temporary witnesses of killed processes (a minute old: a live one takes
    microseconds). They hold no personal data, but no temporary file may stay."""
    import time

    now = time.time()
    with suppress(OSError):
        for stale in target.parent.glob(f".{target.name}.*.part"):
            with suppress(OSError):
                if now - stale.stat().st_mtime > age_s:
                    stale.unlink()


def read(target: Path) -> tuple[int, str | None] | str | None:
    """``(rows, head)`` as witnessed; None when there is no witness; ``"damaged"`` when the
    file is not one resoc wrote."""
    try:
        data = target.read_bytes()[:4096]
    except FileNotFoundError:
        return None
    except OSError:
        return "damaged"
    try:
        magic, rows, digest = data.decode("ascii").splitlines()[:3]
        n, value = int(rows.removeprefix("rows ")), digest.removeprefix("head ")
        if magic != _MAGIC or n < 0 or (value != "-" if n == 0 else len(value) != 64):
            raise ValueError(magic)
    except (ValueError, UnicodeDecodeError):
        return "damaged"
    return n, None if value == "-" else value
