"""What the service-level tests share: a use case run as a command runs it."""


def write(conn, use_case, *args, **kwargs):
    """``use_case(conn, ...)`` in one write transaction and one journal change, as a command."""
    from resoc_cli.storage.db import change

    with change(conn, "test"):
        return use_case(conn, *args, **kwargs)


def rows(db, sql: str) -> list[tuple]:
    """``sql``'s rows, read without going through resoc, from the database a test's RESOC_DB
    names: a SQLite file, or a server's URL (the postgresql engine)."""
    db = str(db)
    if db.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(db) as conn:
            return [tuple(r) for r in conn.execute(sql).fetchall()]
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(db)) as conn:
        return [tuple(r) for r in conn.execute(sql).fetchall()]


def create_logins(url: str, *logins: str) -> None:
    """Login roles on the test server (its roles are the server's: made once, kept)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for login in logins:
            found = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
            if found is None:
                from contextlib import suppress

                with suppress(psycopg.errors.DuplicateObject):  # another test made it meanwhile
                    conn.execute(f'CREATE ROLE "{login}" LOGIN')
