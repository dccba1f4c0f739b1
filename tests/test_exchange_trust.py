"""Issue 15, exports and imports: no personal data in an import's errors, a refused export
writes nothing, the round trip keeps every value, pseudonymised exports carry no identifier
of a normal one, and --for needs a recorded consent."""

import csv
import io
import sqlite3

import pytest


@pytest.fixture
def fairy(ok):
    ok("client", "add", "Ferda Mravenec", "--born", "1984-03-12", "--sex", "m")
    ok("client", "add", "Rumcajs Loupežník", "--born", "1979-07-01", "--sex", "m")
    ok("enrol", "K0001", "adult", "--date", "2026-01-05")


def test_a_csv_without_header_row_does_not_echo_its_first_row(resoc, tmp_path):
    f = tmp_path / "klienti.csv"
    f.write_text("Jana Nováková,1984-03-12,f,tajná poznámka\n", encoding="utf-8")
    r = resoc("import", "clients", str(f))
    assert r.exit_code == 2 and r.exception is None
    for secret in ("Jana", "Nováková", "1984", "tajná"):
        assert secret not in r.stderr
    assert "header row" in r.stderr and "name, born, sex" in r.stderr


def test_a_header_with_a_cell_of_data_names_it_by_position(resoc, tmp_path):
    """A header row mixing known names with data (a shifted row) names no value."""
    f = tmp_path / "klienti.csv"
    f.write_text("name,born,Nováková Jana\nFerda Mravenec,1984-03-12,x\n", encoding="utf-8")
    r = resoc("import", "clients", str(f))
    assert r.exit_code == 2
    assert "Nováková" not in r.stderr and "column 3" in r.stderr


def test_a_header_with_an_unknown_column_name_still_names_it(resoc, tmp_path):
    f = tmp_path / "klienti.csv"
    f.write_text("name,born,sex,jmeno\nFerda Mravenec,1984-03-12,m,x\n", encoding="utf-8")
    r = resoc("import", "clients", str(f))
    assert r.exit_code == 2 and "'jmeno'" in r.stderr


@pytest.mark.parametrize("client", ["Ferda", "Ferda Mravenec", "Mravenec", "Rumcajs", "e"])
def test_a_sessions_file_keyed_by_name_does_not_echo_the_name(fairy, resoc, ok, tmp_path, client):
    """By name, a file names one client (or several, or none): each is refused by line,
    without the cell or any other client's name; a file names its clients by code."""
    f = tmp_path / "setkani.csv"
    f.write_text(f"date,client,minutes\n2026-02-02,{client},60\n", encoding="utf-8")
    r = resoc("import", "sessions", str(f))
    assert r.exit_code == 1 and r.exception is None
    for secret in ("Ferda", "Mravenec", "Rumcajs", "Loupežník"):
        assert secret not in r.stderr
    assert "line 2: client: no client with that code" in r.stderr
    assert ok("hours", "K0001", "--json").count('"sessions": 0') == 1


def test_a_sessions_file_keyed_by_code_any_case_imports(fairy, ok, tmp_path):
    f = tmp_path / "setkani.csv"
    f.write_text("date,client,minutes\n2026-02-02,k0001,60\n", encoding="utf-8")
    assert ok("import", "sessions", str(f)) == "imported 1 session(s)"


def _settings(db) -> list:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT key, value FROM settings ORDER BY key").fetchall()


@pytest.mark.parametrize("what", ["clients", "sessions"])
@pytest.mark.parametrize(
    "bad",
    [
        ["--for", "BAD!"],
        ["--format", "xml"],
        ["--month", "2026-13"],
        ["--from", "2026-01-01"],
        ["--format", "xlsx"],
        ["--excel", "--format", "json"],
    ],
)
def test_a_refused_pseudonymised_export_writes_nothing(fairy, resoc, private_db, what, bad):
    before = _settings(private_db)
    r = resoc("export", what, "--pseudonymise", *bad)
    assert r.exit_code == 2 and r.exception is None
    assert _settings(private_db) == before
    assert not any(k == "pseudonym_key" for k, _v in before)


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("what", ["clients", "sessions"])
def test_an_export_over_the_database_is_refused_before_the_key(fairy, resoc, private_db, what):
    before = _settings(private_db)
    r = resoc("export", what, "--pseudonymise", "-o", str(private_db))
    assert r.exit_code == 2 and "database itself" in r.stderr
    assert _settings(private_db) == before
