"""storage.dialect: SQLite's SQL as PostgreSQL reads it, each rewrite on its own, string
literals never touched."""

import pytest

from resoc_cli.storage.dialect import translate


@pytest.mark.parametrize(
    ("sqlite", "postgres"),
    [
        ("SELECT * FROM c WHERE code = ? COLLATE NOCASE",
         "SELECT * FROM c WHERE code = %s COLLATE nocase"),
        ("SELECT code FROM c WHERE code LIKE ? ESCAPE '\\'",
         "SELECT code FROM c WHERE code COLLATE \"C\" ILIKE %s ESCAPE '\\'"),
        ("SELECT group_concat(DISTINCT s.phase) FROM s",
         "SELECT string_agg(DISTINCT CAST(s.phase AS text), ',' ORDER BY CAST(s.phase AS text))"
         " FROM s"),
        ("SELECT group_concat(sm.member_id) FROM sm",
         "SELECT string_agg(CAST(sm.member_id AS text), ',' ORDER BY sm.member_id) FROM sm"),
        ("SELECT code FROM c ORDER BY c.code DESC, id LIMIT ?",
         'SELECT code FROM c ORDER BY lower(c.code) COLLATE "C" DESC, id LIMIT %s'),
        ("SELECT a FROM t WHERE a NOT LIKE ?", 'SELECT a FROM t WHERE a COLLATE "C" NOT ILIKE %s'),
        ("SELECT a FROM t WHERE :d IS NULL", "SELECT a FROM t WHERE CAST(%(d)s AS text) IS NULL"),
        ("SELECT group_concat(area, ';') FROM n",
         "SELECT string_agg(CAST(area AS text), ';' ORDER BY area) FROM n"),
        ("SELECT max(a, ?), max(b) FROM t", "SELECT greatest(a, %s), max(b) FROM t"),
        ("SELECT min(max(a, b), c) FROM t", "SELECT least(greatest(a, b), c) FROM t"),
        ("INSERT OR IGNORE INTO m (a, b) VALUES (?, ?)",
         "INSERT INTO m (a, b) VALUES (%s, %s) ON CONFLICT DO NOTHING"),
        ("SELECT ifnull(x, 0) FROM t WHERE ? IS NULL OR d <= ?",
         "SELECT coalesce(x, 0) FROM t WHERE CAST(%s AS text) IS NULL OR d <= %s"),
        ("SELECT sum(s.attendance IN ('a', 'b')), sum(minutes) FROM s",
         "SELECT sum(CASE WHEN s.attendance IN ('a', 'b') THEN 1 ELSE 0 END), sum(minutes) FROM s"),
        ("SELECT 1 FROM a CROSS JOIN b ON b.id = a.b", "SELECT 1 FROM a JOIN b ON b.id = a.b"),
        ("SELECT 1 FROM t WHERE d = :on AND c = :client",
         "SELECT 1 FROM t WHERE d = %(on)s AND c = %(client)s"),
    ],
)  # fmt: skip
def test_each_rewrite(sqlite, postgres):
    named = ":" in sqlite and "%(" in postgres
    assert translate(sqlite, True, named) == postgres


def test_literals_are_left_as_they_are():
    sql = "SELECT 'max(a, b) LIKE ? COLLATE NOCASE 50%', x FROM t WHERE y = ?"
    assert translate(sql) == (
        "SELECT 'max(a, b) LIKE ? COLLATE NOCASE 50%%', x FROM t WHERE y = %s"
    )
    assert translate("SELECT 'it''s 5%' FROM t", parameters=False) == "SELECT 'it''s 5%' FROM t"


def test_an_apostrophe_in_a_comment_starts_no_string():
    assert translate("-- the client's code\nSELECT a FROM t WHERE b = ?") == (
        "-- the client's code\nSELECT a FROM t WHERE b = %s"
    )


def test_a_cast_is_not_a_named_parameter():
    assert translate("SELECT x::text FROM t WHERE a = :a", True, True) == (
        "SELECT x::text FROM t WHERE a = %(a)s"
    )


def test_an_order_by_code_is_left_alone_where_it_must_be():
    distinct = "SELECT DISTINCT c.id, c.code FROM c ORDER BY c.code"
    assert translate(distinct, parameters=False) == distinct
    alias = (
        "SELECT coalesce(outcome, 'x') AS code, count(*) AS n FROM g GROUP BY code ORDER BY code"
    )
    assert translate(alias, parameters=False) == alias
