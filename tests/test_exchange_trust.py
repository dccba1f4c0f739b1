"""Issue 15, exports and imports: no personal data in an import's errors, a refused export
writes nothing, the round trip keeps every value, pseudonymised exports carry no identifier
of a normal one, and --for needs a recorded consent."""

import csv
import io
import json
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
    from support import rows

    return rows(db, "SELECT key, value FROM settings ORDER BY key")


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


@pytest.mark.sqlite_only("the database file that -o must not replace (a server has none)")
@pytest.mark.parametrize("what", ["clients", "sessions"])
def test_an_export_over_the_database_is_refused_before_the_key(fairy, resoc, private_db, what):
    before = _settings(private_db)
    r = resoc("export", what, "--pseudonymise", "-o", str(private_db))
    assert r.exit_code == 2 and "database itself" in r.stderr
    assert _settings(private_db) == before


# --- item 11: the round trip keeps every value; pseudonyms join to nothing ------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from resoc_cli.domain.exchange import neutralise, unneutralise  # noqa: E402

_PREFIXES = st.sampled_from(["", "'", "''", "=", "'=", "''=", "+", "'-", "@", "\t", "'\r", " '="])


@settings(max_examples=500, deadline=None)
@given(prefix=_PREFIXES, rest=st.text(max_size=20))
def test_neutralise_is_reversed_by_unneutralise_for_every_text(prefix, rest):
    value = prefix + rest
    written = neutralise(value)
    assert unneutralise(written) == value
    if not value.lstrip("'").startswith(("=", "+", "-", "@", "\t", "\r")):
        assert written == value == unneutralise(value)  # hand-typed text is kept as typed
    assert not str(written).startswith(("=", "+", "-", "@", "\t", "\r"))


@settings(max_examples=200, deadline=None)
@given(prefix=_PREFIXES, rest=st.text(st.characters(blacklist_categories=("Cs",)), max_size=20))
def test_a_csv_written_by_export_reads_back_every_value(tmp_path_factory, prefix, rest):
    from resoc_cli.formats import read_records, write_rows

    value = prefix + rest
    path = tmp_path_factory.mktemp("rt") / "x.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        write_rows(out, ("note", "other"), [(value, "x")], "csv")
    columns, records = read_records(str(path), None, None)
    assert [r["note"] for _line, r in records] == [value]


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
@pytest.mark.parametrize("note", ["'=already quoted", "''=twice", "'plain", "=1+1", "'"])
def test_a_quoted_note_survives_the_round_trip(fairy, ok, tmp_path, monkeypatch, fmt, note):
    ok("session", "add", "K0001", "--date", "2026-02-02", "--hours", "1", "--note", note)
    out = tmp_path / f"s.{fmt}"
    ok("export", "sessions", "--format", fmt, "-o", str(out))
    other = tmp_path / "other.db"
    monkeypatch.setenv("RESOC_DB", str(other))
    ok("client", "add", "Ferda Mravenec", "--born", "1984-03-12", "--sex", "m")
    ok("enrol", "K0001", "adult", "--date", "2026-01-05")
    ok("import", "sessions", str(out))
    again = tmp_path / f"again.{fmt}"
    ok("export", "sessions", "--format", fmt, "-o", str(again))
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
    assert [s["note"] for s in json.loads(ok("export", "sessions", "--format", "json"))] == [note]


def test_a_pseudonymised_export_shares_no_identifier_with_a_normal_one(ok, resoc):
    for i, (name, born) in enumerate(
        [("Ferda Mravenec", "1984-03-12"), ("Rumcajs Loupežník", "1979-07-01"),
         ("Manka Loupežnice", "1981-05-05"), ("Cipísek Loupežník", "2001-02-03")]
    ):  # fmt: skip
        ok("client", "add", name, "--born", born, "--sex", "m")
        for day in (2, 9):
            ok("session", "add", f"K{i + 1:04d}", "--date", f"2026-02-{day:02d}", "--hours", "1")
    for code in ("K0001", "K0002"):
        ok("enrol", code, "adult", "--date", "2026-02-01")
    ok("group", "add", "SV", "--name", "Sociální výcvik", "--programme", "adult")
    ok("group", "join", "SV", "K0001", "K0002", "--date", "2026-02-01")
    ok("meeting", "add", "SV", "--date", "2026-02-16", "--hours", "2")
    plain = rows(resoc("export", "sessions").stdout)
    pseudo = rows(resoc("export", "sessions", "--pseudonymise").stdout)
    again = rows(resoc("export", "sessions", "--pseudonymise").stdout)
    assert len(pseudo) == len(plain) == 10
    assert {r["session_id"] for r in pseudo} == {""}
    meeting = [r["meeting_id"] for r in pseudo if r["meeting_id"]]
    assert len(meeting) == 2 and len(set(meeting)) == 1  # the meeting's sessions still group
    known = {v for r in plain for k, v in r.items() if k in ("session_id", "meeting_id") and v}
    assert not known & {v for r in pseudo for v in r.values()}
    assert meeting[0] != next(r["meeting_id"] for r in again if r["meeting_id"])
    order = [r["client"] for r in pseudo]
    assert order == sorted(order)  # by pseudonym, not by code or date
    clients = [r["code"] for r in rows(resoc("export", "clients", "--pseudonymise").stdout)]
    assert clients == sorted(clients) and len(clients) == 4


# --- item 13: --for needs a recorded consent -------------------------------------------------


def test_for_leaves_out_every_client_without_a_recorded_consent(ok, resoc):
    codes = []
    for name, born in (("Ferda Mravenec", "1984-03-12"), ("Rumcajs Loupežník", "1979-07-01"),
                       ("Manka Loupežnice", "1981-05-05")):  # fmt: skip
        codes.append(ok("client", "add", name, "--born", born, "--sex", "m"))
        ok("session", "add", codes[-1], "--date", "2026-02-02", "--hours", "1")
    ok("client", "consent", codes[1], "pms", "--given", "2026-01-10")
    ok("client", "consent", codes[2], "pms", "--given", "2026-01-10")
    ok("client", "consent", codes[2], "pms", "--withdrawn", "2026-01-20")
    for what in ("sessions", "clients"):
        r = resoc("export", what, "--for", "pms", "--pseudonymise")
        assert r.exit_code == 0 and len(rows(r.stdout)) == 1
        assert not any(code in r.stdout for code in codes)
        assert r.stderr == (
            f"resoc: warning: 2 clients left out, no consent for pms: {codes[0]}, {codes[2]}\n"
        )
    nobody = resoc("export", "sessions", "--for", "pms", "--month", "2026-03")
    assert nobody.exit_code == 0 and nobody.stderr == ""  # no row, nobody left out


# --- item 10: an import validates before it takes the write lock -----------------------------


def _meanwhile(monkeypatch, at_line: int, *args: str):
    """While the import reads its file, at row ``at_line``, another process runs
    ``resoc ARGS``; returns the list its result lands in."""
    import os
    import subprocess
    import sys

    from resoc_cli import render

    done: list = []

    def with_progress(rows, count, label, stream=None):
        for line, record in rows:
            if line == at_line:
                done.append(
                    subprocess.run(
                        [sys.executable, "-m", "resoc_cli", *args],
                        capture_output=True,
                        text=True,
                        env={**os.environ, "RESOC_LANG": "en"},
                        timeout=60,
                    )
                )
            yield line, record

    monkeypatch.setattr(render, "with_progress", with_progress)
    return done


def _sessions_file(tmp_path, n: int, client: str = "K0001"):
    f = tmp_path / "setkani.csv"
    lines = [f"2026-02-{1 + i % 28:02d},{client},60" for i in range(n)]
    f.write_text("date,client,minutes\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return f


def _sessions_of(db) -> dict:
    from tests.support import rows

    sql = "SELECT c.code, count(*) FROM sessions s JOIN clients c ON c.id = s.client_id"
    return dict(rows(db, sql + " GROUP BY c.code"))


def test_a_session_add_during_an_import_is_not_refused_as_busy(
    fairy, ok, monkeypatch, tmp_path, private_db
):
    f = _sessions_file(tmp_path, 50)
    done = _meanwhile(monkeypatch, 20, "session", "add", "K0002", "--date", "2026-02-03",
                      "--hours", "1")  # fmt: skip
    assert ok("import", "sessions", str(f)) == "imported 50 session(s)"
    assert done[0].returncode == 0, done[0].stderr
    assert _sessions_of(private_db) == {"K0001": 50, "K0002": 1}


def test_a_client_closed_during_an_import_is_caught_by_the_recheck(
    fairy, ok, resoc, monkeypatch, tmp_path, private_db
):
    """The concurrent write changes what the rows were checked against: they are checked
    again, and the import refuses, writing nothing."""
    f = _sessions_file(tmp_path, 30, client="K0002")
    done = _meanwhile(monkeypatch, 10, "client", "close", "K0002", "--date", "2026-03-01")
    r = resoc("import", "sessions", str(f))
    assert done[0].returncode == 0, done[0].stderr
    assert r.exit_code == 1 and "line 2: client: K0002 is closed" in r.stderr
    assert _sessions_of(private_db) == {}


@pytest.mark.sqlite_only("looks for SQLite's staging tables in the file (a server's are pg_temp)")
def test_an_import_leaves_no_staging_table(fairy, ok, private_db, tmp_path):
    ok("import", "sessions", str(_sessions_file(tmp_path, 12_000)))
    with sqlite3.connect(private_db) as conn:
        assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 12_000
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert not any(n.startswith("import_") for n in names)


@pytest.mark.parametrize("rechecks", [0, 1])
def test_an_import_checked_within_the_lock_at_last_is_still_all_or_nothing(
    fairy, ok, resoc, monkeypatch, tmp_path, private_db, rechecks
):
    """Others keep writing: after ``RECHECKS`` checks outside the lock the rows are checked
    once more within it, against what the other program wrote."""
    from resoc_cli.services import exchange

    monkeypatch.setattr(exchange, "RECHECKS", rechecks)
    f = _sessions_file(tmp_path, 10, client="K0002")
    if rechecks:
        _meanwhile(monkeypatch, 5, "client", "close", "K0002", "--date", "2026-03-01")
    r = resoc("import", "sessions", str(f))
    if rechecks:
        assert r.exit_code == 1 and "line 11: client: K0002 is closed" in r.stderr
        assert _sessions_of(private_db) == {}
    else:
        assert r.exit_code == 0 and _sessions_of(private_db) == {"K0002": 10}


def test_a_jsonl_file_is_read_in_two_streamed_passes_with_every_column(fairy, ok, tmp_path):
    """The columns come from every line (a key only on the last line counts), and a bad line
    late in the file is refused before anything is checked."""
    f = tmp_path / "s.jsonl"
    lines = ['{"date": "2026-02-02", "client": "K0001", "minutes": 60}'] * 3
    f.write_text("\n".join([*lines, '{"date": "2026-02-03", "client": "K0001", "minutes": 30,'
                            ' "jmeno": "x"}']) + "\n", encoding="utf-8")  # fmt: skip
    from resoc_cli.formats import read_records

    columns, records = read_records(str(f), None, None)
    assert columns == ["date", "client", "minutes", "jmeno"]
    assert [line for line, _r in records] == [1, 2, 3, 4]
    f.write_text("\n".join([*lines, "{not json"]) + "\n", encoding="utf-8")
    with pytest.raises(Exception, match="line 4: not valid JSON"):
        read_records(str(f), None, None)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_encoding_that_cannot_read_the_file_is_one_line(resoc, tmp_path, fmt):
    """Found in review: UTF-16 without a BOM raises a plain UnicodeError, which was exit 70."""
    path = tmp_path / f"u.{fmt}"
    path.write_bytes(b"code,name\n" if fmt == "csv" else b'{"name": "x"}\n')
    r = resoc("import", "clients", str(path), "--encoding", "utf-16")
    assert r.exit_code == 2 and r.exception is None and len(r.stderr.splitlines()) == 1
    assert "cannot be read as utf-16" in r.stderr
