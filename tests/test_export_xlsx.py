"""xlsx exports (read back with openpyxl) and the progress bar on long exports."""

import io
import json
from datetime import datetime

import openpyxl
import pytest

from resoc_cli import render
from resoc_cli.domain.exchange import CLIENT_COLUMNS, SESSION_COLUMNS, with_hours
from resoc_cli.formats import write_xlsx


@pytest.fixture
def caseload(ok):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("client", "add", '=HYPERLINK("http://x")', "--born", "1990-01-01", "--sex", "f")
    ok("enrol", "K0001", "adult", "--date", "2026-09-01")
    ok("session", "add", "K0001", "--date", "2026-10-05", "--hours", "2", "--note", "@SUM(A1)")
    ok("session", "add", "K0001", "--date", "2026-10-12", "--minutes", "90", "--phase", "2")


def sheet(path):
    book = openpyxl.load_workbook(path)
    return book.active


def exported(resoc, tmp_path, what):
    """``resoc export WHAT --format xlsx``, read back: the worksheet."""
    out = tmp_path / f"{what}.xlsx"
    r = resoc("export", what, "--format", "xlsx", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    return sheet(out)


def test_sessions_xlsx_typed_cells_frozen_header_widths(caseload, resoc, tmp_path):
    out = tmp_path / "oct.xlsx"
    r = resoc("export", "sessions", "--month", "2026-10", "--format", "xlsx", "--output", str(out))
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "" and "wrote 2 row(s)" in r.stderr
    ws = sheet(out)
    header = [c.value for c in ws[1]]
    assert header == [
        "session_id", "date", "client", "programme", "activity", "minutes", "hours",
        "attendance", "phase", "note", "meeting_id",
    ]  # fmt: skip
    assert ws.freeze_panes == "A2"
    date_cell = ws.cell(row=2, column=2)
    assert date_cell.value == datetime(2026, 10, 5) and date_cell.is_date
    assert ws.cell(row=3, column=6).value == 90 and ws.cell(row=3, column=6).data_type == "n"
    assert ws.cell(row=3, column=9).value == 2
    note = ws.cell(row=2, column=10)  # formula injection guarded: text, shown as it is
    assert note.value == "@SUM(A1)" and note.data_type == "s" and note.quotePrefix
    assert ws.max_row == 3
    # widths fit: at least the header and the longest cell, never the 8.43 default
    for letter, name in zip("ABCDEFGHIJK", header, strict=True):
        assert ws.column_dimensions[letter].width >= len(name)


def test_clients_xlsx_neutralises_names_and_types_numbers(caseload, resoc, tmp_path):
    out = tmp_path / "clients.xlsx"
    assert resoc("export", "clients", "--format", "xlsx", "-o", str(out)).exit_code == 0
    ws = sheet(out)
    header = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(2, values_only=True)}
    assert rows["K0002"]["name"] == '=HYPERLINK("http://x")'
    assert rows["K0001"]["born"] == datetime(1988, 4, 12)
    assert rows["K0001"]["attended_minutes"] == 210
    assert rows["K0001"]["required_minutes"] == 1800
    assert rows["K0001"]["complete"] is False
    name = ws.cell(row=3, column=2)
    assert name.value == '=HYPERLINK("http://x")' and name.data_type == "s" and name.quotePrefix
    assert not ws.cell(row=2, column=2).quotePrefix  # "Ferda Mravenec" needs no guard
    assert ws.column_dimensions["B"].width >= len('=HYPERLINK("http://x")')


def test_sessions_xlsx_hours_beside_minutes(caseload, resoc, tmp_path):
    ws = exported(resoc, tmp_path, "sessions")
    header = [c.value for c in ws[1]]
    assert header[header.index("minutes") + 1] == "hours"
    assert [c for c in header if c != "hours"] == list(SESSION_COLUMNS)
    minutes = [ws.cell(row=n, column=6).value for n in (2, 3)]
    hours = [ws.cell(row=n, column=7) for n in (2, 3)]
    assert minutes == [120, 90]
    assert [h.value for h in hours] == [2.0, 1.5]
    assert all(h.data_type == "n" and h.number_format == "0.0#" for h in hours)
    assert ws.cell(row=2, column=6).number_format == "General"  # minutes stay whole numbers


def test_clients_xlsx_hours_beside_minutes_blank_where_minutes_are(caseload, resoc, tmp_path):
    ws = exported(resoc, tmp_path, "clients")
    header = [c.value for c in ws[1]]
    assert header[header.index("attended_minutes") + 1] == "attended_hours"
    assert header[header.index("required_minutes") + 1] == "required_hours"
    assert [c for c in header if not c.endswith("_hours")] == list(CLIENT_COLUMNS)
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(2, values_only=True)}
    assert rows["K0001"]["attended_hours"] == 3.5  # 210 minutes
    assert rows["K0001"]["required_hours"] == 30  # 1800 minutes
    column = header.index("attended_hours") + 1
    assert ws.cell(row=2, column=column).number_format == "0.0#"
    # K0002 is enrolled in nothing: no minutes, so no hours either
    assert rows["K0002"]["attended_minutes"] is None and rows["K0002"]["attended_hours"] is None
    assert rows["K0002"]["required_minutes"] is None and rows["K0002"]["required_hours"] is None


@pytest.mark.parametrize("what", ["sessions", "clients"])
def test_csv_and_json_keep_their_columns_without_hours(caseload, ok, what):
    columns = {"sessions": SESSION_COLUMNS, "clients": CLIENT_COLUMNS}[what]
    assert ok("export", what).splitlines()[0] == ",".join(columns)
    first = ok("export", what, "--format", "jsonl").splitlines()[0]
    assert list(json.loads(first)) == list(columns)


def test_with_hours_streams_and_leaves_other_columns_alone():
    rows = iter([(1, 90, "x"), (2, None, "y"), (3, "", "z")])
    columns, widened = with_hours(("id", "minutes", "note"), rows)
    assert columns == ("id", "minutes", "hours", "note")
    assert next(widened) == [1, 90, 1.5, "x"]  # one row at a time: the rest still unread
    assert next(rows) == (2, None, "y")
    assert list(widened) == [[3, "", None, "z"]]
    assert with_hours(("a", "b"), [(1, 2)])[0] == ("a", "b")


@pytest.mark.parametrize(("what", "last_cell"), [("sessions", "K3"), ("clients", "V3")])
def test_xlsx_prints_landscape_a4_one_page_wide_header_on_every_page_filtered(
    caseload, resoc, tmp_path, what, last_cell
):
    ws = exported(resoc, tmp_path, what)
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # one page wide (1 is the file format's default, which XlsxWriter leaves out), any length
    assert (ws.page_setup.fitToWidth or 1) == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$1"
    assert ws.auto_filter.ref == f"A1:{last_cell}"  # every column, the header and every row
    assert ws.max_column == openpyxl.utils.column_index_from_string(last_cell[0])


def test_xlsx_with_no_rows_is_a_header_with_its_filter(caseload, resoc, tmp_path):
    out = tmp_path / "empty.xlsx"
    r = resoc("export", "sessions", "--month", "2020-01", "--format", "xlsx", "-o", str(out))
    assert r.exit_code == 0 and "wrote 0 row(s)" in r.stderr
    ws = sheet(out)
    assert ws.max_row == 1 and ws.cell(row=1, column=7).value == "hours"
    assert ws.auto_filter.ref == "A1:K1"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"


def test_xlsx_keeps_formula_like_text_as_text_with_a_quote_prefix(tmp_path):
    out = tmp_path / "guard.xlsx"
    # (carriage return is guarded too; openpyxl reads it back as the escape _x000D_)
    risky = ["=1+1", "+420 777 123 456", "-5", "@SUM(A1)", "\tindent"]
    safe = ["plain", "a=b", " =not first", "ends with ="]
    assert write_xlsx(str(out), ["text"], [[v] for v in risky + safe], frozenset()) == 9
    cells = sheet(out)["A"][1:]
    assert [c.value for c in cells] == risky + safe  # nothing added to the text
    assert all(c.data_type == "s" for c in cells)
    assert [bool(c.quotePrefix) for c in cells] == [True] * 5 + [False] * 4


def test_xlsx_needs_output_and_writes_nothing_to_stdout(caseload, resoc):
    r = resoc("export", "sessions", "--format", "xlsx")
    assert r.exit_code == 2 and r.stdout == ""
    assert "--output" in r.stderr and len(r.stderr.splitlines()) == 1


def test_xlsx_excel_flag_refused(caseload, resoc, tmp_path):
    r = resoc("export", "sessions", "--format", "xlsx", "--excel", "-o", str(tmp_path / "x.xlsx"))
    assert r.exit_code == 2 and not (tmp_path / "x.xlsx").exists()


@pytest.mark.sqlite_only("counts the files of the folder that holds the SQLite database")
def test_xlsx_failure_leaves_old_file_and_no_temp(caseload, resoc, tmp_path, monkeypatch):
    out = tmp_path / "keep.xlsx"
    out.write_bytes(b"old contents")

    def broken(*args, **kwargs):
        yield (1, "2026-10-05", "K0001", "adult", "group", 60, "attended", None, None, None)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("resoc_cli.storage.exchange.session_rows", broken)
    r = resoc("export", "sessions", "--format", "xlsx", "-o", str(out))
    assert r.exit_code != 0 and "No space left" in r.stderr
    assert out.read_bytes() == b"old contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "keep.xlsx"]


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_only_on_a_terminal_and_only_for_long_exports():
    rows = [(i,) for i in range(render.PROGRESS_FROM_ROWS + 1)]
    counted = []

    def count():
        counted.append(1)
        return len(rows)

    pipe = io.StringIO()
    assert render.with_progress(rows, count, "export", pipe) is rows
    assert counted == [] and pipe.getvalue() == ""  # not a terminal: not even counted

    small = FakeTerminal()
    assert render.with_progress(rows[:10], lambda: 10, "export", small) == rows[:10]
    assert small.getvalue() == ""

    tty = FakeTerminal()
    passed = list(render.with_progress(iter(rows), count, "export", tty))
    assert passed == rows  # every row, in order, untouched
    assert counted == [1]
    assert "export" in tty.getvalue()


def test_long_export_to_a_pipe_writes_no_progress(ok, resoc, monkeypatch):
    monkeypatch.setattr(render, "PROGRESS_FROM_ROWS", 1)
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    for day in ("2026-10-05", "2026-10-06", "2026-10-07"):
        ok("session", "add", "K0001", "--date", day, "--hours", "1")
    r = resoc("export", "sessions")
    assert r.exit_code == 0 and r.stderr == ""
    assert len(r.stdout.splitlines()) == 4


def saved_as_csv(ws, path):
    """What a spreadsheet's "Save as CSV" makes of an xlsx export: every cell as text, dates
    in ISO form (as resoc reads them), the hours columns included."""
    import csv

    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        for row in ws.iter_rows(values_only=True):
            out.writerow(
                "" if v is None else v.date().isoformat() if isinstance(v, datetime) else v
                for v in row
            )


def test_an_xlsx_saved_as_csv_imports_back_its_hours_columns_ignored(
    caseload, ok, resoc, tmp_path, monkeypatch
):
    clients_csv, sessions_csv = tmp_path / "clients.csv", tmp_path / "sessions.csv"
    saved_as_csv(exported(resoc, tmp_path, "clients"), clients_csv)
    saved_as_csv(exported(resoc, tmp_path, "sessions"), sessions_csv)
    assert "attended_hours" in clients_csv.read_text(encoding="utf-8").splitlines()[0]
    monkeypatch.setenv("RESOC_DB", str(tmp_path / "other.db"))
    ok("init")
    ok("import", "clients", str(clients_csv))
    ok("import", "sessions", str(sessions_csv))
    assert json.loads(ok("hours", "K0001", "--json"))["attended_minutes"] == 210
