"""What ``db``, ``doctor`` and ``client erase`` ask of a PostgreSQL server, where SQLite's
answers (the file, its pages, ``sqlite_schema``) do not exist: the database's name and size,
the schema compared with what resoc makes, resoc's triggers, the objects resoc did not make,
and VACUUM after an erasure.

What resoc made is read from schema_pg.sql (its tables, indexes, triggers and functions);
functions and row-level security policies named ``resoc_…`` are resoc's too (the roles of a
team bring some)."""

import re
from functools import cache

from resoc_cli.storage.postgres import schema_text

#: The append-only guards of the trail: trigger -> (table, function).
GUARDS = {
    "audit_append_only_update": ("audit", "resoc_append_only"),
    "audit_append_only_delete": ("audit", "resoc_append_only"),
    "audit_values_no_delete": ("audit_values", "resoc_append_only"),
    "audit_values_redact_only": ("audit_values", "resoc_redact_only"),
}


def _one_line(function):
    """The server's refusals as storage's: a right missing in resoc's words (StorageError),
    any other as SQLite's DatabaseError with the SQLSTATE only (never the server's text)."""
    from functools import wraps

    @wraps(function)
    def run(*args, **kwargs):
        import sqlite3

        import psycopg

        from resoc_cli.domain.errors import StorageError
        from resoc_cli.storage.postgres import no_rights

        try:
            return function(*args, **kwargs)
        except psycopg.errors.InsufficientPrivilege:
            raise StorageError(no_rights()) from None
        except psycopg.Error as exc:
            raise sqlite3.DatabaseError(f"PostgreSQL error {exc.sqlstate or ''}") from None

    return run


def _raw(conn):
    """The psycopg connection under storage's (catalog queries use its own parameters)."""
    return getattr(conn, "_raw", conn)


def _normal(text: str | None) -> str:
    return " ".join((text or "").split())


@cache
def made() -> dict:
    """What schema_pg.sql makes: ``{"tables", "indexes", "functions": {name: body},
    "triggers": {name: (table, function)}}``."""
    text = schema_text()
    functions = {
        name: _normal(body)
        for name, body in re.findall(
            r"CREATE (?:OR REPLACE )?FUNCTION (\w+)\s*\([^)]*\).*?AS \$\$(.*?)\$\$", text, re.S
        )
    }
    triggers = {
        name: (table, function)
        for name, table, function in re.findall(
            r"CREATE (?:CONSTRAINT )?TRIGGER (\w+)\s.*?\bON (\w+)\s.*?EXECUTE"
            r" (?:FUNCTION|PROCEDURE) (\w+)\(",
            text,
            re.S,
        )
    }
    return {
        "tables": set(re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", text)),
        "views": set(re.findall(r"CREATE (?:OR REPLACE )?VIEW (\w+)", text)),
        "indexes": set(re.findall(r"CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?(\w+)", text)),
        "functions": functions,
        "triggers": triggers,
        "policies": set(re.findall(r"CREATE POLICY (\w+)", text)),
    }


@_one_line
def name(conn) -> str:
    return _raw(conn).execute("SELECT current_database()").fetchone()[0]


@_one_line
def size(conn) -> int:
    """The database's size on the server, in bytes (``pg_database_size``)."""
    return _raw(conn).execute("SELECT pg_database_size(current_database())").fetchone()[0]


@_one_line
def schema_version(conn) -> int:
    return _raw(conn).execute("SELECT version FROM schema_version").fetchone()[0]


@_one_line
def schema_differences(conn) -> list[str]:
    """How the database's tables differ from the logical schema resoc's migrations build
    (storage.catalog: the same shape from either engine)."""
    import sqlite3

    from resoc_cli.storage.catalog import postgres_catalog, sqlite_catalog
    from resoc_cli.storage.db import _migrate

    fresh = sqlite3.connect(":memory:", isolation_level=None)
    try:
        _migrate(fresh)
        want = sqlite_catalog(fresh)
    finally:
        fresh.close()
    have = postgres_catalog(_raw(conn))
    out = [f"table {t} missing" for t in sorted(set(want) - set(have))]
    out += [f"table {t} not resoc's" for t in sorted(set(have) - set(want))]
    for table in sorted(set(want) & set(have)):
        for part in ("columns", "primary_key", "foreign_keys", "unique", "indexes", "checks"):
            if want[table][part] != have[table][part]:
                out.append(f"{table}: {part.replace('_', ' ')}")
    return out


def _triggers(conn) -> dict[str, tuple[str, str, bool]]:
    """The triggers on the tables of resoc's schema: name -> (table, function, enabled)."""
    rows = (
        _raw(conn)
        .execute(
            """SELECT t.tgname, c.relname, p.proname, t.tgenabled <> 'D'
           FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
           JOIN pg_proc p ON p.oid = t.tgfoid
           WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace"""
        )
        .fetchall()
    )
    return {tg: (table, fn, enabled) for tg, table, fn, enabled in rows}


def _bodies(conn) -> dict[str, str]:
    sql = """SELECT proname, prosrc FROM pg_proc
             WHERE pronamespace = current_schema()::regnamespace"""
    return {fn: _normal(body) for fn, body in _raw(conn).execute(sql).fetchall()}


@_one_line
def missing_triggers(conn, guards: bool) -> list[str]:
    """resoc's triggers that are missing, disabled, or call a function that is not resoc's
    as schema_pg.sql writes it: the trail's guards (``guards``), or the others (the journal,
    the ids)."""
    want = {tg: where for tg, where in made()["triggers"].items() if (tg in GUARDS) == guards}
    have, bodies, written = _triggers(conn), _bodies(conn), made()["functions"]
    out = []
    for tg, (table, function) in sorted(want.items()):
        found = have.get(tg)
        if (
            found is None
            or not found[2]
            or found[:2] != (table, function)
            or bodies.get(function) != written.get(function)
        ):
            out.append(tg)
    return out


@_one_line
def foreign_objects(conn) -> list[tuple[str, str]]:
    """``(kind, name)`` of what resoc did not make in its schema: tables, views, sequences,
    indexes, triggers, rules, functions and policies (``resoc_…`` functions and policies
    are resoc's), and the publications that could copy rows out of the database."""
    ours = made()
    kinds = {"r": "table", "p": "table", "v": "view", "m": "view", "S": "sequence",
             "f": "table", "i": "index"}  # fmt: skip
    raw = _raw(conn)
    out = []
    for relname, relkind in raw.execute(
        """SELECT c.relname, c.relkind FROM pg_class c
           WHERE c.relnamespace = current_schema()::regnamespace
             AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'i')
             AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)"""
    ):
        kind = kinds[relkind]
        known = ours["indexes"] if kind == "index" else ours["tables"] | ours["views"]
        if relname not in known:
            out.append((kind, relname))
    have = _triggers(conn)
    out += [("trigger", tg) for tg in have if tg not in ours["triggers"]]
    out += [("trigger", tg) for tg in have if tg in ours["triggers"]
            and have[tg][:2] != ours["triggers"][tg]]  # fmt: skip
    bodies = _bodies(conn)
    for function, body in bodies.items():
        written = ours["functions"].get(function)
        ours_by_name = written is None and function.startswith("resoc_")
        if not ours_by_name and body != written:  # not resoc's, or not as resoc wrote it
            out.append(("function", function))
    for (rule,) in raw.execute(
        """SELECT rulename FROM pg_rules WHERE schemaname = current_schema()
           AND rulename <> '_RETURN'"""
    ):
        out.append(("rule", rule))
    for (policy,) in raw.execute(
        "SELECT policyname FROM pg_policies WHERE schemaname = current_schema()"
    ):
        if policy not in ours["policies"] and not policy.startswith("resoc_"):
            out.append(("policy", policy))
    for (publication,) in raw.execute("SELECT pubname FROM pg_publication"):
        out.append(("publication", publication))
    return sorted(set(out))


@_one_line
def foreign_keys(conn) -> list[str]:
    """The foreign keys the server does not fully enforce: a constraint not validated, or
    its triggers disabled (``ALTER TABLE … DISABLE TRIGGER ALL``)."""
    rows = (
        _raw(conn)
        .execute(
            """SELECT k.conname FROM pg_constraint k
           WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace
             AND (NOT k.convalidated OR EXISTS (
                 SELECT 1 FROM pg_trigger t WHERE t.tgconstraint = k.oid
                   AND t.tgenabled = 'D'))
           ORDER BY k.conname"""
        )
        .fetchall()
    )
    return [r[0] for r in rows]


@_one_line
def enforced_foreign_keys(conn) -> int:
    return (
        _raw(conn)
        .execute(
            """SELECT count(*) FROM pg_constraint
           WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"""
        )
        .fetchone()[0]
    )


@_one_line
def encoding(conn) -> str:
    return _raw(conn).execute("SHOW server_encoding").fetchone()[0]


#: The tables an erasure changes (its dead row versions hold the erased values).
ERASURE_TABLES = ("clients", "enrolments", "family_members", "sessions", "contacts",
                  "plan_goals", "plan_reviews", "consents", "audit_values", "journal")  # fmt: skip


def vacuum(conn, tables: tuple[str, ...] = ERASURE_TABLES) -> bool:
    """After an erasure's commit: VACUUM the tables it changed, so that the dead row versions
    holding the erased values are removed (PostgreSQL keeps them until then). Only where this
    login may (the tables' or the database's owner, a superuser; from PostgreSQL 17 the
    MAINTAIN privilege): False when it may not for some, which are then left to the owner's
    routine VACUUM (autovacuum)."""
    import psycopg

    try:
        return _vacuum(_raw(conn), tables)
    except psycopg.Error:  # the erasure is committed; its old versions wait for the owner's
        return False


def _vacuum(raw, tables: tuple[str, ...]) -> bool:
    maintain = (
        " OR has_table_privilege(c.oid, 'MAINTAIN')" if raw.info.server_version >= 170000 else ""
    )
    allowed = {
        relname: ok
        for relname, ok in raw.execute(
            f"""SELECT c.relname, pg_has_role(c.relowner, 'USAGE')
                       OR pg_has_role(d.datdba, 'USAGE')
                       OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                       {maintain}
                FROM pg_class c, pg_database d
                WHERE d.datname = current_database() AND c.relkind = 'r'
                  AND c.relnamespace = current_schema()::regnamespace
                  AND c.relname = ANY(%s)""",
            (list(tables),),
        )
    }
    mine = [t for t in tables if allowed.get(t)]
    if mine:
        raw.execute("VACUUM " + ", ".join(f'"{t}"' for t in mine))  # never in a transaction
    return len(mine) == len(tables)
