"""xlsx exports (read back with openpyxl) and the progress bar on long exports."""

import io
from datetime import datetime

import openpyxl
import pytest

from resoc_cli import render


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


def test_sessions_xlsx_typed_cells_frozen_header_widths(caseload, resoc, tmp_path):
    out = tmp_path / "oct.xlsx"
    r = resoc("export", "sessions", "--month", "2026-10", "--format", "xlsx", "--output", str(out))
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "" and "wrote 2 row(s)" in r.stderr
    ws = sheet(out)
    header = [c.value for c in ws[1]]
    assert header == [
        "session_id", "date", "client", "programme", "activity", "minutes", "attendance",
        "phase", "note", "meeting_id",
    ]  # fmt: skip
    assert ws.freeze_panes == "A2"
    date_cell = ws.cell(row=2, column=2)
    assert date_cell.value == datetime(2026, 10, 5) and date_cell.is_date
    assert ws.cell(row=3, column=6).value == 90 and ws.cell(row=3, column=6).data_type == "n"
    assert ws.cell(row=3, column=8).value == 2
    assert ws.cell(row=2, column=9).value == "'@SUM(A1)"  # formula injection neutralised
    assert ws.max_row == 3
    # widths fit: at least the header and the longest cell, never the 8.43 default
    for letter, name in zip("ABCDEFGHIJ", header, strict=True):
        assert ws.column_dimensions[letter].width >= len(name)


def test_clients_xlsx_neutralises_names_and_types_numbers(caseload, resoc, tmp_path):
    out = tmp_path / "clients.xlsx"
    assert resoc("export", "clients", "--format", "xlsx", "-o", str(out)).exit_code == 0
    ws = sheet(out)
    header = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(2, values_only=True)}
    assert rows["K0002"]["name"] == '\'=HYPERLINK("http://x")'
    assert rows["K0001"]["born"] == datetime(1988, 4, 12)
    assert rows["K0001"]["attended_minutes"] == 210
    assert rows["K0001"]["required_minutes"] == 1800
    assert rows["K0001"]["complete"] is False
    long_name = len('\'=HYPERLINK("http://x")')
    assert ws.column_dimensions["B"].width >= long_name


def test_xlsx_needs_output_and_writes_nothing_to_stdout(caseload, resoc):
    r = resoc("export", "sessions", "--format", "xlsx")
    assert r.exit_code == 2 and r.stdout == ""
    assert "--output" in r.stderr and len(r.stderr.splitlines()) == 1


def test_xlsx_excel_flag_refused(caseload, resoc, tmp_path):
    r = resoc("export", "sessions", "--format", "xlsx", "--excel", "-o", str(tmp_path / "x.xlsx"))
    assert r.exit_code == 2 and not (tmp_path / "x.xlsx").exists()


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
