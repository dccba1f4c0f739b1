"""Tables drawn without rich: the same look where they fit, words kept whole where they
must wrap, dates never broken, nothing wider than the terminal."""

from hypothesis import given
from hypothesis import strategies as st

from resoc_cli.tables import pairs, table, width, wrap

EXPECTED = (
    "Enrolments"
    + " " * 30
    + """
┏━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━┳━━━━━━━┓
┃ programme ┃ start      ┃ end ┃ hours ┃
┡━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━╇━━━━━━━┩
│ adult     │ 2026-03-02 │     │  29.5 │
│ juvenile  │ 2026-04-01 │     │     3 │
└───────────┴────────────┴─────┴───────┘
"""
)


def test_a_table_that_fits_looks_as_rich_drew_it():
    rows = [["adult", "2026-03-02", "", "29.5"], ["juvenile", "2026-04-01", "", "3"]]
    text = table(
        ["programme", "start", "end", "hours"], rows, [False, False, False, True], 200,
        title="Enrolments",
    )  # fmt: skip
    assert text == EXPECTED


def test_a_narrow_terminal_wraps_between_words_and_keeps_dates_whole():
    rows = [["Dodržovat splátkový kalendář a najít stálou práci", "13. 4. 2026"]]
    text = table(["goal", "due"], rows, [False, False], 40, keep=[False, True])
    lines = text.splitlines()
    assert max(width(line) for line in lines) <= 40
    assert "13. 4. 2026" in text
    cells = " ".join(line.split("│")[1].strip() for line in lines if line.startswith("│"))
    assert cells == "Dodržovat splátkový kalendář a najít stálou práci"


def test_wide_characters_take_two_columns():
    assert width("漢字") == 4 and width("Žabák") == 5 and width("e\u0301") == 1
    text = table(["name"], [["漢字"]], [False], 80)
    assert text.splitlines()[0] == "┏━━━━━━┓"


@given(st.text(alphabet="ab cdé", max_size=80), st.integers(min_value=4, max_value=30))
def test_wrap_never_exceeds_the_limit_and_loses_no_letter(text, limit):
    lines = wrap(text, limit)
    assert all(width(line) <= limit for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_pairs_align_the_values():
    assert pairs([("born", "1979-09-30"), ("referral", "court")], 200) == (
        "born      1979-09-30\nreferral  court     \n"
    )
