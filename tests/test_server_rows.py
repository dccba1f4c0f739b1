"""The rows storage reads on a server are the rows it reads from SQLite: numbers as SQLite
gives them (a whole sum an int, not a Decimal), rows by position and by name, a cursor of
plain tuples when its row_factory is None, and a result read one row at a time in order."""

import sqlite3

import pytest

pytestmark = pytest.mark.postgres


@pytest.fixture
def server(pg_database):
    from resoc_cli.storage.server import open_server

    conn = open_server(pg_database, create=True)
    yield conn
    conn.close()


def test_numbers_come_as_sqlite_gives_them(server):
    lite = sqlite3.connect(":memory:")
    sql = "SELECT sum(n), sum(n) / 2.0, 1 = 1, 1 = 2, count(*) FROM (SELECT 3 AS n UNION ALL SELECT 4) AS t"  # noqa: E501
    on_file = lite.execute(sql).fetchone()
    row = server.execute(sql).fetchone()
    assert tuple(row) == on_file == (7, 3.5, 1, 0, 2)
    assert [type(v) for v in row] == [int, float, int, int, int]


@pytest.mark.parametrize(
    ("literal", "value"),
    [("2.000", 2), ("-0.50", -0.5), ("1" + "0" * 30, 10**30), ("'NaN'", None),
     ("NULL", None)],
)  # fmt: skip
def test_a_numeric_is_an_int_when_whole_else_a_float(server, literal, value):
    got = server.execute(f"SELECT CAST({literal} AS numeric)").fetchone()[0]
    if literal == "'NaN'":
        assert isinstance(got, float) and got != got
    else:
        assert got == value and type(got) is type(value)


def test_rows_by_position_and_by_name(server):
    row = server.execute("SELECT 'K0001' AS code, 5 AS n").fetchone()
    assert row[0] == row["code"] == "K0001"
    assert row[1] == row["n"] == 5 and row[-1] == 5
    assert row[:1] == ("K0001",)
    assert row.keys() == ["code", "n"]
    with pytest.raises(ValueError):
        row["missing"]
    with pytest.raises(IndexError):
        row[2]


def test_a_cursor_of_plain_tuples_leaves_the_connection_s_rows_alone(server):
    cursor = server.cursor()
    assert type(cursor.execute("SELECT 1 AS one").fetchone()).__name__ == "Row"
    cursor.row_factory = None
    plain = cursor.execute("SELECT 1 AS one, sum(2) AS two").fetchall()
    assert plain == [(1, 2)] and type(plain[0]) is tuple
    assert server.execute("SELECT 1 AS one").fetchone()["one"] == 1  # still by name


def test_a_result_is_read_one_row_at_a_time_in_order(server):
    sql = "SELECT n FROM generate_series(1, 4) AS n ORDER BY n"
    cursor = server.execute(sql)
    assert cursor.fetchone()[0] == 1
    assert cursor.fetchone()[0] == 2
    assert [r[0] for r in cursor.fetchall()] == [3, 4]
    assert cursor.fetchone() is None and cursor.fetchall() == []
    assert [r[0] for r in server.execute(sql)] == [1, 2, 3, 4]
    cursor = server.execute(sql)
    cursor.fetchone()
    assert [r[0] for r in cursor] == [2, 3, 4]
