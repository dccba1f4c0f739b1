"""Terminals of 80 and 60 columns, in English and in Czech: every table the sweep of the whole
tool draws fits, and no cell is split mid-word (dates, codes and numbers are never broken,
notes are shortened with "…", less important columns are left out and named); the hours line
and the questions of ``client add`` break between words."""

import re

import pytest

from resoc_cli import tables
from tests.test_czech_sweep import SWEEP

WIDTHS = (80, 60)


def _cells(line: str, edge: str) -> list[str]:
    return [c.strip() for c in line.split(edge)[1:-1]]


def _columns(text: str) -> tuple[list[str], list[list[str]]]:
    """The headings and the body of a drawn table: each column's fragments, line by line."""
    head: list[list[str]] = []
    body: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("┃"):
            head.append(_cells(line, "┃"))
        elif line.startswith("│"):
            body.append(_cells(line, "│"))
    n = len(head[0])
    headings = [" ".join(h[i] for h in head if h[i]) for i in range(n)]
    return headings, [[b[i] for b in body] for i in range(n)]


def _words(text: str) -> list[str]:
    return [w for w in text.replace("\n", " ").split(" ") if w]


def check_table(columns, rows, keep, clip, total, text) -> list[str]:
    """What is wrong with ``text``, the drawing of ``rows`` under ``columns`` in ``total``
    columns: a line too wide, a column lost without being named, a word split."""
    wrong = [f"{tables.width(line)} > {total}: {line}" for line in text.splitlines()
             if tables.width(line) > total]  # fmt: skip
    headings, body = _columns(text)
    shown = [columns.index(h) for h in headings]
    left_out = [c for i, c in enumerate(columns) if i not in shown]
    flat = " ".join(text.split())
    if left_out and not all(" ".join(c.split()) in flat for c in left_out):
        wrong.append(f"left out and not named: {left_out}")
    for position, i in enumerate(shown):
        fragments = [f for f in body[position] if f]
        cells = [r[i] for r in rows if r[i].strip()]
        if clip[i]:
            for fragment, cell in zip(fragments, cells, strict=True):
                whole = " ".join(_words(cell))
                if fragment != whole and not (
                    fragment.endswith("…") and whole.startswith(fragment[:-1].rstrip())
                ):
                    wrong.append(f"{columns[i]}: {cell!r} shown as {fragment!r}")
            continue
        if keep[i]:
            for cell in cells:
                if not any(cell.split("\n")[0] == f for f in fragments):
                    wrong.append(f"{columns[i]}: {cell!r} broken")
        if _words(" ".join(fragments)) != _words(" ".join(cells)):
            wrong.append(f"{columns[i]}: split words: {fragments}")
    return wrong


@pytest.fixture
def drawn(monkeypatch):
    """Every table drawn in the test, with what it was drawn from."""
    seen = []
    draw = tables.table

    def spy(columns, rows, right, total, **kw):
        text = draw(columns, rows, right, total, **kw)
        n = len(columns)
        keep = list(kw.get("keep") or [False] * n)
        clip = list(kw.get("clip") or [False] * n)
        seen.append((list(columns), [list(r) for r in rows], keep, clip, total, text))
        return text

    monkeypatch.setattr(tables, "table", spy)
    return seen


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("lang", ["en", "cs"])
def test_every_table_of_the_sweep_fits_and_splits_no_word(
    resoc, drawn, monkeypatch, tmp_path, columns, lang
):
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("RESOC_LANG", lang)
    assert resoc("--db", str(tmp_path / "ex.db"), "example").exit_code == 0
    example = [
        ["caseload"], ["client", "list", "--all"], ["agenda"], ["session", "list", "K0001"],
        ["report", "year", "2026"], ["report", "month", "2026-10"], ["meeting", "list"],
        ["group", "list"], ["family", "list", "K0003"], ["contact", "list", "K0003"],
        ["plan", "show", "K0001"], ["log"], ["programme", "list"], ["retention"],
    ]  # fmt: skip
    for args in example:
        r = resoc("--db", str(tmp_path / "ex.db"), *args)
        assert r.exit_code in (0, 1), (args, r.stderr)
    for args, _expected in SWEEP:
        resoc(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert len(drawn) > 30
    wrong = [w for d in drawn for w in check_table(*d)]
    assert wrong == [], "\n".join(wrong)


def test_the_check_sees_a_split_word():
    """The check above is not blind: a table forced narrower than its words is caught."""
    rows = [["K0001", "Ferda Mravenec", "12. 4. 1988"]]
    text = tables.table(["code", "name", "born"], rows, [False] * 3, 24, keep=[True, False, True])
    assert check_table(["code", "name", "born"], rows, [True, False, True], [False] * 3, 24, text)


def test_a_note_is_shortened_with_an_ellipsis_and_a_column_left_out_is_named():
    rows = [["1", "2026-03-02", "K0001", "consultation", "Dlouhá poznámka o tom, co se dělo"]]
    text = tables.table(
        ["id", "date", "client", "activity", "note"], rows, [True, False, False, False, False],
        70, keep=[True, True, True, False, False], clip=[False] * 4 + [True],
        drop=[None, None, None, 5, 1], hidden="(left out: {columns})",
    )  # fmt: skip
    assert "…" in text and "Dlouhá poznámka" in text
    assert all(tables.width(line) <= 70 for line in text.splitlines())
    narrower = tables.table(
        ["id", "date", "client", "activity", "note"], rows, [True, False, False, False, False],
        46, keep=[True, True, True, False, False], clip=[False] * 4 + [True],
        drop=[None, None, None, 5, 1], hidden="(left out: {columns})",
    )  # fmt: skip
    assert "poznámka" not in narrower and narrower.rstrip().endswith("(left out: note)")
    assert "consultation" in narrower


def test_czech_dates_and_hours_hold_together():
    from resoc_cli import i18n

    i18n.set_language("cs")
    assert i18n.day("2026-11-03") == "3.\u00a011.\u00a02026"
    assert i18n.hours(150) == "2,5\u00a0h"
    assert tables.wrap("konec 3.\u00a011.\u00a02026", 11) == ["konec", "3.\u00a011.\u00a02026"]


@pytest.mark.parametrize("columns", WIDTHS)
def test_the_hours_line_breaks_between_its_parts(resoc, ferda_enrolled, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    out = resoc("--lang", "cs", "hours", "K0001").stdout
    assert all(tables.width(line) <= columns for line in out.splitlines())
    assert re.search(r"^\[#+-+\] \d+%$", out, re.M), out  # the bar whole, on its own line
    monkeypatch.setenv("COLUMNS", "200")
    assert len(resoc("hours", "K0001").stdout.splitlines()) == 1  # wide: one line, as scripts read


def test_the_questions_break_between_words_and_show_no_empty_default(resoc, monkeypatch):
    monkeypatch.setattr("resoc_cli.commands.clients.interactive", lambda: True)
    monkeypatch.setenv("COLUMNS", "60")
    answers = ["Manka Loupežnická", "17.1.1983", "f", "", "", "", "", ""]
    r = resoc("--lang", "cs", "client", "add", input="\n".join(answers) + "\n")
    assert r.exit_code == 0, r.stderr
    assert "[]" not in r.stderr
    question = next(q for q in r.stderr.split(":Situace")[0].split("):") if "Kdo" in q)
    lines = question[question.index("Kdo") :].splitlines()
    assert len(lines) > 1 and all(tables.width(line) <= 60 for line in lines)
    words = ["Kdo", "klienta", "doporučil", "(PMS,", "soud,", "kurátor,", "poradce", "pro"]
    assert " ".join(lines).split(" ")[: len(words)] == words


@pytest.mark.parametrize("columns", WIDTHS)
def test_the_check_lines_break_between_words(resoc, ferda_enrolled, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    out = resoc("--lang", "cs", "check", "K0001").stdout
    lines = out.splitlines()
    assert all(tables.width(line) <= columns for line in lines), out
    words = _words(out)
    monkeypatch.setenv("COLUMNS", "200")
    assert words == _words(resoc("--lang", "cs", "check", "K0001").stdout)
