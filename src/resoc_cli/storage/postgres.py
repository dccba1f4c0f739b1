"""A team's caseload on PostgreSQL: the connection and the schema (schema_pg.sql).

``--db postgresql://…`` (or ``RESOC_DB``) names a server; libpq reads the rest as it always
does (``PGHOST``, ``PGUSER``, the service file, ``.pgpass``; ``sslmode`` for TLS). psycopg is
imported only here, only then: the one-file mode never loads it.

The commands in PORTED work on a server; the others still work on a SQLite file only and
say so (commands.common.db, storage.db.resolve_path). The connection storage uses there, and
its translation of SQLite's ways, is storage.server."""

import re
from pathlib import Path

from resoc_cli.errors import StorageError
from resoc_cli.i18n import _

SCHEMES = ("postgresql://", "postgres://")

#: The commands that work on a server so far (each one tested on both engines).
PORTED = frozenset(
    {"client add", "client list", "client show", "client edit", "client close", "enrol",
     "enrolment edit", "complete", "drop", "session add", "session list", "session edit",
     "session delete", "hours", "check", "caseload", "agenda", "dnes", "family add",
     "family list", "family edit", "family delete", "contact add", "contact list",
     "contact edit", "contact delete", "plan need", "plan goal", "plan agree", "plan review",
     "plan done", "plan reopen", "plan edit", "plan delete", "plan show", "group add",
     "group join", "group leave", "group list", "group show", "meeting add", "meeting list",
     "meeting show", "meeting edit", "meeting mark", "meeting join", "meeting delete",
     "report month", "report year", "log", "undo", "programme list", "programme add",
     "example", "db", "retention", "backup", "restore", "doctor", "client erase",
     "client consent", "print certificate", "print plan", "print attendance", "print report",
     "export clients", "export sessions", "import clients", "import sessions", "team init",
     "team add", "team list", "client assign", "client share", "db copy"}
)  # fmt: skip


#: One key for resoc's write lock: writers queue on it as SQLite's BEGIN IMMEDIATE makes them
#: (the next client code, the audit chain's next link: each writer sees the last one's).
WRITE_LOCK = 0x7265736F63  # "resoc"

_KEYWORDS = re.compile(r"^\s*[a-z_]+\s*=\s*\S*(\s+[a-z_]+\s*=\s*\S*)*\s*$")


def is_server(target: object) -> bool:
    """Whether ``target`` (a --db value) names a PostgreSQL server rather than a file: a URL
    (``postgresql://…``) or libpq's keywords (``host=… dbname=…``; never a file name, which
    would be created and shown with a password in it)."""
    if not isinstance(target, str):
        return False
    return target.lower().startswith(SCHEMES) or bool(_KEYWORDS.match(target))


def database_name(url: str) -> str:
    """The database a URL or keywords name (for messages: never the connection string, which
    may hold a password)."""
    from urllib.parse import parse_qs, urlsplit

    if not url.lower().startswith(SCHEMES):
        found = re.search(r"\bdbname\s*=\s*(\S+)", url)
        return found.group(1) if found else "postgres"
    parts = urlsplit(url)
    return parts.path.lstrip("/") or parse_qs(parts.query).get("dbname", ["postgres"])[0]


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
    elif "permission denied for database" in lowered:
        reason = _("this login is not in the database's team (its owner runs: resoc team add)")
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


def migrations() -> list[tuple[int, str]]:
    """``(version, sql)`` in order: the baseline (a new database is made at its version in
    one go) and every later migration, numbered as in schema.sql."""
    text = schema_text()
    marks = list(re.finditer(r"^-- migration (\d+):", text, re.M))
    return [
        (int(mark.group(1)), text[mark.start() : marks[i + 1].start() if i + 1 < len(marks)
                                  else len(text)])
        for i, mark in enumerate(marks)
    ]  # fmt: skip


def latest_version() -> int:
    """The schema version schema_pg.sql brings a database to (its last ``-- migration N``;
    a test holds it equal to schema.sql's)."""
    return migrations()[-1][0]


def version(conn) -> int | None:
    """The schema version of the database, None when resoc has not made one there."""
    import psycopg

    found = conn.execute("SELECT to_regclass('schema_version')").fetchone()[0]
    if found is None:
        return None
    try:
        return conn.execute("SELECT version FROM schema_version").fetchone()[0]
    except psycopg.errors.InsufficientPrivilege:
        raise StorageError(no_rights()) from None


def _upgrade_needs_owner() -> str:
    return _("PostgreSQL: the database needs a newer schema; its owner runs: resoc init")


def no_rights() -> str:
    return _("PostgreSQL: this login may not use resoc's tables (ask the database's owner)")


def migrate(conn) -> int:
    """Make the schema in an empty database, in one transaction; the version it is at. A
    database resoc did not make (other tables in it) or a newer one is refused untouched."""
    import psycopg

    current = version(conn)
    if current is None:  # two first writes at once: one makes it, the other finds it made
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        current = version(conn)
    if current is None:
        others = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchone()[0]
        if others:
            raise StorageError(
                _("PostgreSQL: the database already holds tables that are not resoc's")
            )
        current = 0
    if current < latest_version():
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                if current:  # another process may have upgraded it meanwhile
                    current = conn.execute("SELECT version FROM schema_version").fetchone()[0]
                for number, sql in migrations():
                    if number > current:
                        conn.execute(sql)
                conn.execute("UPDATE schema_version SET version = %s", (latest_version(),))
        except psycopg.errors.InsufficientPrivilege:
            raise StorageError(_upgrade_needs_owner() if current else no_rights()) from None
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
