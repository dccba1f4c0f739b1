"""A team's caseload on PostgreSQL: the connection and the schema (schema_pg.sql).

``--db postgresql://…`` (or ``RESOC_DB``) names a server; libpq reads the rest as it always
does (``PGHOST``, ``PGUSER``, the service file, ``.pgpass``; ``sslmode`` for TLS). psycopg is
imported only here, only then: the one-file mode never loads it.

So far a server database can be created and migrated (``resoc init``); the other commands
still work on a SQLite file only and say so (storage.db.resolve_path)."""

from pathlib import Path

from resoc_cli.errors import StorageError
from resoc_cli.i18n import _

SCHEMES = ("postgresql://", "postgres://")


def is_server(target: object) -> bool:
    """Whether ``target`` (a --db value) names a PostgreSQL server rather than a file."""
    return isinstance(target, str) and target.lower().startswith(SCHEMES)


def database_name(url: str) -> str:
    """The database a URL names (for messages: never the URL, which may hold a password)."""
    from urllib.parse import urlsplit

    name = urlsplit(url).path.lstrip("/")
    return name or "postgres"


def connect(url: str):
    """A psycopg connection; StorageError in one line without the URL or the server's text
    (which may name the user, the host or a value)."""
    try:
        import psycopg
    except ImportError:
        raise StorageError(_("PostgreSQL needs psycopg: pip install 'resoc[postgres]'")) from None
    try:
        return psycopg.connect(url, connect_timeout=10)
    except psycopg.OperationalError as exc:
        raise StorageError(connection_problem(str(exc))) from None
    except psycopg.ProgrammingError:  # an invalid connection string
        raise StorageError(_("PostgreSQL: the connection string is not valid")) from None


def connection_problem(text: str) -> str:
    """Why a connection failed, in resoc's words: the server's own message is not shown."""
    lowered = text.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        reason = _("the login was refused (user or password)")
    elif "does not exist" in lowered and "database" in lowered:
        reason = _("no such database on the server")
    elif "role" in lowered and "does not exist" in lowered:
        reason = _("no such user on the server")
    elif "timeout" in lowered or "timed out" in lowered:
        reason = _("the server did not answer in time")
    elif "ssl" in lowered:
        reason = _("the encrypted connection (sslmode) could not be made")
    else:
        reason = _("the server cannot be reached")
    return _("cannot connect to the PostgreSQL server: {reason}").format(reason=reason)


def schema_text() -> str:
    """schema_pg.sql, shipped in the package (in a source checkout, the repository's)."""
    here = Path(__file__).resolve().parents[1]
    for candidate in (here / "schema_pg.sql", here.parents[1] / "schema_pg.sql"):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise RuntimeError(f"schema_pg.sql is missing beside {here}")


def database_name_of(conn) -> str:
    return conn.execute("SELECT current_database()").fetchone()[0]


def version(conn) -> int | None:
    """The schema version of the database, None when resoc has not made one there."""
    found = conn.execute(
        "SELECT 1 FROM information_schema.tables"
        " WHERE table_schema = current_schema() AND table_name = 'schema_version'"
    ).fetchone()
    if found is None:
        return None
    return conn.execute("SELECT version FROM schema_version").fetchone()[0]


def migrate(conn) -> int:
    """Make the schema in an empty database, in one transaction; the version it is at. A
    database resoc did not make (other tables in it) or a newer one is refused untouched."""
    from resoc_cli.storage.db import latest_version

    current = version(conn)
    if current is None:
        others = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchone()[0]
        if others:
            raise StorageError(
                _("PostgreSQL: the database already holds tables that are not resoc's")
            )
        with conn.transaction():
            conn.execute(schema_text())
        conn.commit()
        return latest_version()
    if current > latest_version():
        raise StorageError(
            _(
                "{path} was written by a newer resoc (schema {version}, this one knows"
                " {latest}): upgrade resoc"
            ).format(path=database_name_of(conn), version=current, latest=latest_version())
        )
    return current
