"""The logical schema of a database, the same shape from either engine: tables, their columns
(name, type, not null, default, case-insensitive), primary key, foreign keys, unique
constraints, indexes and the number of CHECK constraints. Two databases with equal catalogs
hold the same schema, whatever their dialect (a test compares a new SQLite file with a new
PostgreSQL database). The engines' own bookkeeping (``sqlite_sequence``, PostgreSQL's
``schema_version`` and ``resoc_sequence``) is left out."""

import re

#: Tables one engine keeps for itself: not part of the logical schema.
BOOKKEEPING = frozenset({"sqlite_sequence", "schema_version", "resoc_sequence"})

_TYPES = {"integer": "integer", "bigint": "integer", "text": "text", "blob": "blob",
          "bytea": "blob"}  # fmt: skip


def _type(declared: str) -> str:
    return _TYPES.get(declared.lower(), declared.lower())


def _default(value: str | None) -> str | None:
    """A default as written, without PostgreSQL's casts (``'any'::text`` is ``'any'``)."""
    if value is None:
        return None
    return re.sub(r"::[a-z ]+$", "", value.strip()).strip("()")


def sqlite_catalog(conn) -> dict:
    tables = {}
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")]  # fmt: skip
    for table in names:
        if table in BOOKKEEPING:
            continue
        sql = conn.execute(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()[0]
        info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
        pk = [r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5])]
        columns = {
            r[1]: {
                "type": _type(r[2]),
                "not_null": bool(r[3]) or r[1] in pk,
                "default": _default(r[4]),
                "nocase": bool(re.search(rf"\b{r[1]}\b[^,\n]*COLLATE NOCASE", sql)),
            }
            for r in info
        }
        fks = {
            (row[3], row[2], row[4], row[6].upper())
            for row in conn.execute(f'PRAGMA foreign_key_list("{table}")')
        }
        unique, indexes = set(), set()
        for _seq, name, is_unique, origin, partial in conn.execute(f'PRAGMA index_list("{table}")'):
            cols = tuple(r[2] for r in conn.execute(f'PRAGMA index_info("{name}")'))
            if origin == "u":
                unique.add(cols)
            elif origin == "c":
                indexes.add((name, cols, bool(is_unique), bool(partial)))
        tables[table] = {
            "columns": columns,
            "primary_key": tuple(pk),
            "foreign_keys": fks,
            "unique": unique,
            "indexes": indexes,
            "checks": len(re.findall(r"\bCHECK\s*\(", sql)),
        }
    return tables


def postgres_catalog(conn) -> dict:
    tables = {}
    names = [r[0] for r in conn.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        " ORDER BY table_name")]  # fmt: skip
    for table in names:
        if table in BOOKKEEPING:
            continue
        columns = {
            name: {
                "type": _type(data_type),
                "not_null": nullable == "NO",
                "default": _default(default),
                "nocase": collation == "nocase",
            }
            for name, data_type, nullable, default, collation in conn.execute(
                "SELECT column_name, data_type, is_nullable, column_default, collation_name"
                " FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name = %s"
                " ORDER BY ordinal_position",
                (table,),
            )
        }
        constraints = conn.execute(
            """SELECT c.contype, c.conname,
                      ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n
                            ORDER BY k.i),
                      f.relname,
                      ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                            JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n
                            ORDER BY k.i),
                      c.confdeltype
               FROM pg_constraint c LEFT JOIN pg_class f ON f.oid = c.confrelid
               WHERE c.conrelid = %s::regclass""",
            (table,),
        ).fetchall()
        on_delete = {"a": "NO ACTION", "c": "CASCADE", "n": "SET NULL", "r": "RESTRICT",
                     "d": "SET DEFAULT"}  # fmt: skip
        pk = next((tuple(cols) for kind, _n, cols, *_ in constraints if kind == "p"), ())
        fks = set()
        for kind, _name, cols, ref, ref_cols, deltype in constraints:
            if kind == "f":
                fks.update(
                    (col, ref, ref_col, on_delete[deltype])
                    for col, ref_col in zip(cols, ref_cols, strict=True)
                )
        unique = {tuple(cols) for kind, _n, cols, *_ in constraints if kind == "u"}
        indexes = {
            (name, tuple(cols), is_unique, partial)
            for name, cols, is_unique, partial in conn.execute(
                """SELECT i.relname,
                          ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(n, o)
                                JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n
                                ORDER BY k.o),
                          x.indisunique, x.indpred IS NOT NULL
                   FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                   WHERE x.indrelid = %s::regclass
                     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)""",
                (table,),
            )
        }
        tables[table] = {
            "columns": columns,
            "primary_key": pk,
            "foreign_keys": fks,
            "unique": unique,
            "indexes": indexes,
            "checks": sum(1 for kind, *_ in constraints if kind == "c"),
        }
    return tables
