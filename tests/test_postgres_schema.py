"""One schema, two dialects: a new SQLite file and a new PostgreSQL database hold the same
logical schema (schema.sql and schema_pg.sql), and the PostgreSQL triggers keep the audit
trail append-only and journal changes as the SQLite ones do."""

import pytest

from resoc_cli.storage.catalog import postgres_catalog, sqlite_catalog

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(pg_database):
    import psycopg

    from resoc_cli.storage.postgres import migrate

    conn = psycopg.connect(pg_database)
    migrate(conn)
    yield conn
    conn.close()


def test_both_engines_hold_the_same_logical_schema(pg, conn):
    lite, server = sqlite_catalog(conn), postgres_catalog(pg)
    assert sorted(lite) == sorted(server)
    for table in lite:
        for part in ("columns", "primary_key", "foreign_keys", "unique", "indexes", "checks"):
            assert lite[table][part] == server[table][part], (table, part)
    assert lite["clients"]["columns"]["code"]["nocase"]  # the comparison sees collations
    assert len(lite) > 15
    from resoc_cli.storage import db, postgres

    assert postgres.latest_version() == db.latest_version()  # the same numbered migrations


def test_the_comparison_sees_a_difference(pg, conn):
    pg.execute("ALTER TABLE clients ADD COLUMN extra text")
    pg.execute("DROP INDEX sessions_date")
    server = postgres_catalog(pg)
    assert "extra" in server["clients"]["columns"]
    assert server["sessions"]["indexes"] != sqlite_catalog(conn)["sessions"]["indexes"]


def test_the_audit_trail_is_append_only_on_the_server(pg):
    import psycopg

    pg.execute(
        "INSERT INTO audit (at, command, action, entity, record, prev_hash, hash)"
        " VALUES ('2026-01-01', 'client add', 'add', 'client', 'K0001', '-', 'h')"
    )
    pg.execute(
        "INSERT INTO audit_values (audit_id, field, salt, old_value, new_value, old_digest,"
        " new_digest) SELECT id, 'name', '\\x00', NULL, 'Ferda', 'a', 'b' FROM audit"
    )
    pg.commit()
    refused = ("UPDATE audit SET command = 'x'", "DELETE FROM audit", "DELETE FROM audit_values",
               "UPDATE audit_values SET new_digest = 'c'")  # fmt: skip
    for statement in refused:
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            pg.execute(statement)
        pg.rollback()
    # erasure: the value pair and the salt blanked, the digests kept
    pg.execute("UPDATE audit_values SET salt = NULL, old_value = NULL, new_value = NULL")
    pg.commit()
    assert pg.execute("SELECT new_value, new_digest FROM audit_values").fetchone() == (None, "b")


def test_the_journal_notes_what_a_change_does(pg):
    pg.execute("INSERT INTO changes (at, command) VALUES ('2026-01-01', 'client add')")
    pg.execute("INSERT INTO clients (code, name, born, sex, created) VALUES"
               " ('K0001', 'Ferda Mravenec', '1988-04-12', 'm', '2026-01-01')")  # fmt: skip
    assert pg.execute("SELECT count(*) FROM journal").fetchone() == (0,)  # no change open
    pg.execute("INSERT INTO change_open SELECT id FROM changes")
    pg.execute("UPDATE clients SET name = 'Ferda Mravenčí' WHERE code = 'k0001'")  # nocase
    pg.execute("UPDATE clients SET name = 'Ferda Mravenčí'")  # no real change: not noted
    pg.execute("INSERT INTO family_members (client_id, name, relation) SELECT id, 'Beruška',"
               " 'partner' FROM clients")  # fmt: skip
    rows = pg.execute("SELECT tbl, key, op, client_id, old FROM journal ORDER BY id").fetchall()
    assert [r[:4] for r in rows] == [("clients", "[1]", "update", 1),
                                     ("family_members", "[1]", "insert", 1)]  # fmt: skip
    import json

    assert json.loads(rows[0][4])["name"] == "Ferda Mravenec"


def test_ids_are_given_as_sqlites_autoincrement_gives_them(pg):
    """Never reused (a deleted record's id is not given again), given back by a rollback, above
    any id put back by undo; kept in resoc_sequence once per transaction (migration 10), so a
    transaction of many rows costs one write of the counter, not one per row."""

    def add(n: int = 1) -> list[int]:
        rows = pg.execute(
            "INSERT INTO programmes (code, name, min_minutes) SELECT 'p' || g || random(),"
            " 'Program', 60 FROM generate_series(1, %s) g RETURNING id",
            (n,),
        )
        return [r[0] for r in rows.fetchall()]

    def kept() -> int:
        return pg.execute("SELECT seq FROM resoc_sequence WHERE name = 'programmes'").fetchone()[0]

    pg.commit()
    assert kept() == 2  # the two built-in programmes
    assert add(3) == [3, 4, 5]
    assert kept() == 2  # not yet: at the commit
    pg.commit()
    assert kept() == 5
    pg.execute("DELETE FROM programmes WHERE id = 5")
    pg.commit()
    assert add() == [6]  # the deleted record's id is not given again
    pg.rollback()
    assert add() == [6] and kept() == 5  # a rollback gave 6 back
    pg.execute("INSERT INTO programmes (id, code, name, min_minutes) VALUES (40, 'x', 'X', 60)")
    assert add() == [41]  # above an id given (undo puts a record back with its own)
    pg.commit()
    assert kept() == 41
    # a second connection's transaction continues from what the first one committed
    import psycopg

    with psycopg.connect(pg.info.dsn) as other:
        other.execute("INSERT INTO programmes (code, name, min_minutes) VALUES ('y', 'Y', 60)")
        assert other.execute("SELECT max(id) FROM programmes").fetchone() == (42,)
    assert add() == [43]


def test_a_counter_not_written_back_heals_itself(pg):
    """A hand-made transaction in psql that keeps the counter from being written back (the
    setting resoc_keep_ids reads, set by hand) leaves resoc_sequence behind; the next
    transaction still starts above the highest id present, instead of failing on it."""
    pg.commit()
    pg.execute("INSERT INTO programmes (code, name, min_minutes) VALUES ('a', 'A', 60)")
    counter = pg.execute("SELECT current_setting('resoc.id_programmes')").fetchone()[0]
    pg.execute("SELECT set_config('resoc.kept_programmes', %s, true)", (counter,))
    pg.commit()
    assert pg.execute("SELECT seq FROM resoc_sequence WHERE name = 'programmes'").fetchone() == (
        2,
    )  # left behind: the built-in two
    given = pg.execute(
        "INSERT INTO programmes (code, name, min_minutes) VALUES ('b', 'B', 60) RETURNING id"
    ).fetchone()
    pg.commit()
    assert given == (4,)
