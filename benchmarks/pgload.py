"""Copy a resoc SQLite database (one benchmarks/generate.py made) into a server database.

    from pgload import load
    load(sqlite_path, url)   # url: an empty database on a server; the owner role's login

The server database gets resoc's own schema first (storage.postgres.migrate: schema_pg.sql),
then every table that has rows in the file is copied into it as it is, ids included, with
COPY: SQLite itself writes each row as a line of COPY's text format, so Python only passes
text along. While copying, the session runs with ``session_replication_role = replica``, which
fires no trigger (no id counter, no journal, no foreign-key check: the rows come from a file
whose keys SQLite already checked), so the login must be a superuser, as the throwaway
server's owner is. Afterwards every table's id counter (``resoc_sequence``) is set to its
highest id, as AUTOINCREMENT's ``sqlite_sequence`` is in the file, and ``VACUUM ANALYZE`` runs
(statistics and the visibility map a server that has run a while has: the planner and
index-only scans depend on them). The sessions' indexes are dropped during the copy and made
again from their own definitions afterwards.

The audit trail is copied as the file holds it: generate.py writes none (the rows are loaded
as data, not made by commands), so the server's trail is empty, which is a valid trail.
"""

import sqlite3
import time

#: Rows per write to the COPY stream.
CHUNK = 20_000

#: Tables filled by the schema itself (schema_pg.sql) rather than by the copy.
SCHEMA_OWN = ("schema_version", "resoc_sequence")


def _column_sql(name: str, pg_type: str) -> str:
    """SQLite SQL giving column ``name`` as a field of COPY's text format."""
    quoted = f'"{name}"'
    if pg_type == "bytea":
        value = f"'\\\\x' || lower(hex({quoted}))"
    else:
        value = (
            f"replace(replace(replace(replace(CAST({quoted} AS TEXT), '\\', '\\\\'),"
            f" char(9), '\\t'), char(10), '\\n'), char(13), '\\r')"
        )
    return f"CASE WHEN {quoted} IS NULL THEN '\\N' ELSE {value} END"


def _line_sql(table: str, columns: list[tuple[str, str]]) -> str:
    fields = " || char(9) || ".join(_column_sql(name, kind) for name, kind in columns)
    return f'SELECT {fields} FROM "{table}" ORDER BY rowid'


def load(sqlite_path: str, url: str, *, say=print) -> dict[str, int]:
    """Copy every table of ``sqlite_path`` into the (empty) server database ``url``; the rows
    copied per table."""
    import psycopg

    from resoc_cli.storage.postgres import migrate

    started = time.perf_counter()
    src = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    with psycopg.connect(url) as conn:
        migrate(conn)
        conn.execute("SET session_replication_role = replica")
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                " ORDER BY table_name"
            )
            if r[0] not in SCHEMA_OWN
        ]
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'sessions'"
            " AND indexname NOT LIKE '%_pkey'"
        ).fetchall()
        for name, _definition in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        copied = {}
        in_file = {r[0] for r in src.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
        for table in tables:
            if table not in in_file:  # a file of an older schema: nothing of it to copy
                continue
            if src.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == 0:
                continue
            file_columns = {r[1] for r in src.execute(f'PRAGMA table_info("{table}")')}
            columns = [
                (name, kind)
                for name, kind in conn.execute(
                    "SELECT column_name, data_type FROM information_schema.columns"
                    " WHERE table_schema = current_schema() AND table_name = %s"
                    " ORDER BY ordinal_position",
                    (table,),
                )
                if name in file_columns
            ]
            conn.execute(f'DELETE FROM "{table}"')  # the schema's own rows (the programmes)
            names = ", ".join(f'"{name}"' for name, _kind in columns)
            cursor = src.execute(_line_sql(table, columns))
            count = 0
            with conn.cursor().copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                while True:
                    lines = cursor.fetchmany(CHUNK)
                    if not lines:
                        break
                    copy.write("\n".join(line for (line,) in lines) + "\n")
                    count += len(lines)
            copied[table] = count
        for _name, definition in indexes:
            conn.execute(definition)
        for table in copied:
            has_id = conn.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
                " AND table_name = %s AND column_name = 'id'",
                (table,),
            ).fetchone()
            if has_id:
                conn.execute(
                    f"""INSERT INTO resoc_sequence (name, seq)
                        SELECT %s, coalesce(max(id), 0) FROM "{table}"
                        ON CONFLICT (name) DO UPDATE SET seq = excluded.seq""",
                    (table,),
                )
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
    src.close()
    say(f"loaded {copied} in {time.perf_counter() - started:.0f} s")
    return copied
