"""Opening the database file: location, permissions, pragmas, migrations, transactions."""

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path

from resoc_cli.errors import StorageError, sqlite_reason
from resoc_cli.i18n import _, os_error

ENV_DB = "RESOC_DB"
BUSY_TIMEOUT_S = 5.0
_MIGRATION = re.compile(r"^-- migration (\d+): (.*)$", re.MULTILINE)


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("resoc", appauthor=False) / "resoc.db"


def target(option: str | os.PathLike | None = None) -> str | os.PathLike | None:
    """What ``--db`` (it wins) or ``RESOC_DB`` names, as given; None for the default."""
    return option or os.environ.get(ENV_DB) or None


def is_server(given: object) -> bool:
    """Whether a --db value names a PostgreSQL server rather than a file (storage.postgres)."""
    if not isinstance(given, str) or ("=" not in given and "://" not in given):
        return False  # a plain path: the server module is not even imported
    from resoc_cli.storage.postgres import is_server as names_a_server

    return names_a_server(given)


def server_database(url: str) -> str:
    """The database a server's connection string names (storage.postgres.database_name)."""
    from resoc_cli.storage.postgres import database_name

    return database_name(url)


def connect_server(url: str, command: str, *, create: bool):
    """The caseload on a PostgreSQL server for ``command`` (storage.postgres); a command not
    yet made to work there is refused in one line before anything is opened."""
    from resoc_cli.storage import postgres, server

    if command not in postgres.PORTED:
        raise StorageError(_not_on_server())
    return server.open_server(url, create=create)


def _not_on_server() -> str:
    return _(
        "PostgreSQL: this command works on a SQLite file only so far (on a server: resoc init)"
    )


def resolve_path(option: str | os.PathLike | None = None) -> Path:
    """``--db`` wins, then ``RESOC_DB``, then the user data dir. A PostgreSQL server named
    there is refused for what works on a file only (all but ``resoc init`` so far)."""
    given = target(option)
    if given is None:
        return default_path()
    if is_server(given):
        raise StorageError(_not_on_server())
    return Path(given).expanduser()


def schema_text() -> str:
    """The schema shipped in the package; in a source checkout, the repository's schema.sql.

    Plain file paths, not importlib.resources: that import alone costs more than the whole
    ``resoc hours`` lookup (resoc is always installed unpacked)."""
    here = Path(__file__).resolve().parents[1]
    for candidate in (here / "schema.sql", here.parents[1] / "schema.sql"):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise RuntimeError(f"schema.sql is missing beside {here}")


@cache
def migrations() -> tuple[tuple[int, str, str], ...]:
    """``(version, title, sql)`` in order, parsed from schema.sql."""
    text = schema_text()
    marks = list(_MIGRATION.finditer(text))
    out = []
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        out.append((int(mark.group(1)), mark.group(2).strip(), text[mark.end() : end]))
    versions = [v for v, _, _ in out]
    if versions != list(range(1, len(out) + 1)):
        raise RuntimeError(f"schema.sql migrations are not numbered 1..n: {versions}")
    return tuple(out)


def latest_version() -> int:
    return migrations()[-1][0]


def _make_private_dirs(folder: Path) -> None:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for part in reversed(missing):
        with suppress(FileExistsError):  # another first use made it meanwhile: the same folder
            part.mkdir(mode=0o700)


def _create_file(path: Path) -> None:
    try:
        _make_private_dirs(path.parent)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        pass
    except OSError as exc:
        raise StorageError(
            _("cannot create the database at {path}: {error}").format(
                path=path, error=os_error(exc)
            )
        ) from None


def read_only(path: Path) -> str | None:
    """Why the database cannot be written: ``"file"`` (nobody may write it, or the medium
    refuses), ``"folder"`` (its folder or medium takes no new file, so no journal), or None."""
    if not path.stat().st_mode & 0o222 or not os.access(path, os.W_OK):
        return "folder" if not os.access(path.parent, os.W_OK) else "file"
    if not os.access(path.parent, os.W_OK):
        return "folder"
    return None


def _journals(path: Path) -> bool:
    return any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm", "-journal"))


def os_user() -> str | None:
    """The operating system's user running resoc (named in the audit trail of a file)."""
    import getpass

    try:
        return getpass.getuser() or None
    except Exception:  # no user name in the environment nor the password database
        return None


class Connection(sqlite3.Connection):
    """A connection that knows which command it serves and who runs it (both recorded in the
    audit trail)."""

    command = "resoc"
    #: The database file, where its audit witness is kept beside it (None: read-only, memory).
    db_path: Path | None = None
    #: A team's shared caseload (a server) rather than one person's file.
    team = False

    @property
    def worker(self) -> str | None:
        return os_user()


def connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open (and create, and migrate) the database at ``path``."""
    new = not path.exists()
    if new:
        if not create:
            raise StorageError(_("no database at {path}; resoc init creates one").format(path=path))
        _create_file(path)
    if path.is_dir():
        raise StorageError(_("{path} is a directory, not a database file").format(path=path))
    # A file nobody may write (chmod a-w) is opened read-only, even by root: reads work,
    # writes fail with "the database file is read-only" and change nothing.
    readonly = read_only(path)
    if readonly:
        from urllib.parse import quote

        target = f"file:{quote(str(path.resolve()))}?mode=ro"
        if readonly == "folder" and not _journals(path):
            # Nothing can write a file whose folder takes no journal: SQLite is told so, and
            # reads a WAL database without the -shm file it could not create there.
            target += "&immutable=1"
    else:
        target = path
    conn = sqlite3.connect(
        target, timeout=BUSY_TIMEOUT_S, isolation_level=None, factory=Connection, uri=readonly
    )
    conn.row_factory = sqlite3.Row
    conn.db_path = None if readonly else path
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA secure_delete = ON")
        # The version and the table list from one snapshot: another process may be creating
        # this very file right now, and must not be mistaken for a foreign program.
        conn.execute("BEGIN")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            ours = version > latest_version() or _looks_like_resoc(conn, version)
        finally:
            conn.execute("COMMIT")
        if version > latest_version():
            raise StorageError(
                _(
                    "{path} was written by a newer resoc (schema {version}, this one knows"
                    " {latest}): upgrade resoc"
                ).format(path=path, version=version, latest=latest_version())
            )
        if version < latest_version():
            if not ours:
                raise StorageError(
                    _("{path} is a SQLite file but not a resoc database").format(path=path)
                )
            _migrate(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StorageError(
            _("{path} cannot be used as a resoc database: {error}").format(
                path=path, error=sqlite_reason(exc)
            )
        ) from None
    except BaseException:
        conn.close()
        raise
    return conn


#: Tables every resoc database has had since schema 1.
_RESOC_TABLES = {"programmes", "clients", "enrolments", "sessions"}


def _looks_like_resoc(conn: sqlite3.Connection, version: int) -> bool:
    """A new empty file, or a file that carries resoc's tables. Another program's database
    (whatever its ``user_version``) is refused before a single byte of it changes."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    if version == 0:
        return not tables
    return tables >= _RESOC_TABLES


def upgrade(conn: sqlite3.Connection) -> None:
    """Bring an open database (say, a restored older backup) to the latest schema."""
    if conn.execute("PRAGMA user_version").fetchone()[0] < latest_version():
        _migrate(conn)


def _statements(sql: str) -> Iterator[str]:
    """Split a migration into complete statements (triggers with BEGIN ... END stay whole)."""
    pending = ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                yield pending
            pending = ""
    if pending.strip() and not all(
        part.strip().startswith("--") or not part.strip() for part in pending.splitlines()
    ):
        raise RuntimeError("schema.sql: a migration ends in an incomplete statement")


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch a new file to WAL. The switch needs the file to itself and SQLite does not wait
    for it, so a second process opening the same new file retries for the busy timeout."""
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
            continue
        return  # switched, or a database that has no WAL (in memory): nothing to wait for


def _migrate(conn: sqlite3.Connection) -> None:
    """Apply the migrations above the file's version, all in one write transaction.

    The version is read again under the write lock, so two processes opening a new file at
    the same moment do not both create it: the second finds the work done."""
    _use_wal(conn)
    # A migration may rebuild a table (SQLite's way to change a column): foreign keys are
    # off while it runs, as SQLite asks, and every reference is checked before the commit.
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        for version, _title, sql in migrations():
            if version <= current:
                continue
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version}")
        broken = conn.execute("PRAGMA foreign_key_check").fetchone()
        if broken is not None:
            raise sqlite3.DatabaseError(f"a reference in table {broken[0]} points nowhere")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One command, one write transaction: ``BEGIN IMMEDIATE`` ... ``COMMIT``, or nothing."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # after an I/O error SQLite may have rolled back already
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


@contextmanager
def change(conn: sqlite3.Connection, command: str) -> Iterator[sqlite3.Connection]:
    """``with change(conn, "session add"):`` one write command: one transaction, one change
    in the journal (what ``resoc undo`` puts back). A change that touched no row is not kept.
    After the commit, the trail's head goes to its witness beside the file (storage/witness.py)."""
    from resoc_cli.storage import journal, witness

    path = getattr(conn, "db_path", None)
    with transaction(conn):
        change_id = journal.begin(conn, command)
        yield conn
        journal.finish(conn, change_id)
        state = witness.head(conn) if path is not None else None
    if state is not None:
        witness.write(witness.path_of(path), state)
