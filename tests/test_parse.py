from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resoc_cli.domain.collation import czech_key
from resoc_cli.domain.parse import (
    hours_to_minutes,
    parse_date,
    parse_minutes,
    parse_month,
    parse_past_date,
)
from resoc_cli.errors import InvalidInput
from resoc_cli.i18n import format_hours

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-05", date(2026, 3, 5)),
        ("5.3.2026", date(2026, 3, 5)),
        ("5. 3. 2026", date(2026, 3, 5)),
        ("today", TODAY),
        ("yesterday", date(2026, 11, 22)),
        ("dnes", TODAY),
        ("2024-02-29", date(2024, 2, 29)),
    ],
)
def test_dates_accepted(text, expected):
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text", ["2026-02-30", "31.4.2026", "2025-02-29", "tomorrowish", "", "5/3/2026"]
)
def test_dates_rejected_name_the_field(text):
    with pytest.raises(InvalidInput, match="^born: "):
        parse_date(text, "born", today=TODAY)


def test_future_dates_refused_for_past_events():
    assert parse_past_date("2026-11-23", today=TODAY) == TODAY
    with pytest.raises(InvalidInput, match="future"):
        parse_past_date("2026-11-24", today=TODAY)


@pytest.mark.parametrize(("text", "minutes"), [("2", 120), ("2.5", 150), ("2,5", 150), ("12", 720)])
def test_hours(text, minutes):
    assert hours_to_minutes(text) == minutes


@pytest.mark.parametrize("text", ["0", "-1", "12.1", "13", "abc", "nan", "inf", "0.001"])
def test_hours_rejected(text):
    with pytest.raises(InvalidInput, match="^hours: "):
        hours_to_minutes(text)


@pytest.mark.parametrize("text", ["0", "-5", "721", "1.5", "x"])
def test_minutes_rejected(text):
    with pytest.raises(InvalidInput, match="^minutes: "):
        parse_minutes(text)


def test_month():
    assert parse_month("2026-02") == (date(2026, 2, 1), date(2026, 2, 28))
    assert parse_month("2025-12") == (date(2025, 12, 1), date(2025, 12, 31))
    for bad in ("2026-13", "2026", "02-2026"):
        with pytest.raises(InvalidInput):
            parse_month(bad)


def test_format_hours():
    assert format_hours(1800) == "30 h"
    assert format_hours(1794) == "29.9 h"
    assert format_hours(150) == "2.5 h"


def test_czech_order():
    expected = ["Cibulka", "Čermák", "Dvořák", "Hrubý", "Chalupa", "Šťastná", "Zelený", "Žák"]
    assert sorted(reversed(expected), key=czech_key) == expected
    assert sorted(["Ďáblík", "Dana"], key=czech_key) == ["Ďáblík", "Dana"]  # ď only breaks ties


@given(st.lists(st.text(max_size=30), max_size=40))
def test_batch_czech_keys_equal_one_by_one(texts):
    from resoc_cli.domain.collation import czech_key, czech_keys

    assert czech_keys(texts) == [czech_key(t) for t in texts]


json_value = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(), st.floats(allow_nan=False)
)


@given(st.lists(st.dictionaries(st.text(max_size=8), json_value, max_size=6), max_size=6))
def test_json_rows_are_byte_for_byte_what_json_dumps_writes(rows):
    import contextlib
    import io
    import json

    from resoc_cli import render

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        render.emit_json(rows)
    expected = [json.dumps(r, ensure_ascii=False) for r in rows]
    assert buf.getvalue() == ("[\n" + ",\n".join(expected) + "\n]\n" if rows else "[]\n")
    assert json.loads(buf.getvalue()) == rows


def test_json_rows_sharing_keys_use_the_template_and_still_match():
    import contextlib
    import io
    import json

    from resoc_cli import render

    rows = [
        {
            "code": "K1",
            "name": 'Ferda "Mravenec" 100%',
            "minutes": 120,
            "ok": True,
            "none": None,
            "é": "\u202eřž\n",
        }
    ] * 3 + [{"code": "K2", "x": 1.5}]
    # the same keys in another order: not the template's row
    rows.append({"name": "Manka", "code": "K3", "minutes": 1, "ok": False, "none": 0, "é": ""})
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        render.emit_json(rows)
    assert buf.getvalue().splitlines()[1:-1] == [
        json.dumps(r, ensure_ascii=False) + ("," if i < 4 else "") for i, r in enumerate(rows)
    ]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("2", 120),
        ("2,5", 150),
        ("2.5", 150),
        ("2h", 120),
        ("2 h", 120),
        ("2H", 120),
        ("1:30", 90),
        ("0:45", 45),
        ("1h30", 90),
        ("1h 30m", 90),
        ("1 h 30 min", 90),
        ("90 min", 90),  # a unit typed wins over --hours
        ("90m", 90),
        ("1,5h", 90),
        ("2 hod", 120),
        ("12:00", 720),
        ("720 min", 720),
        (" 1 h  30 min ", 90),
    ],
)
def test_hours_as_people_type_them(text, minutes):
    assert hours_to_minutes(text) == minutes


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("90", 90), ("90 min", 90), ("90m", 90), ("1:30", 90), ("1h30", 90), ("2h", 120),
     ("90,0", 90), ("12h", 720)],
)  # fmt: skip
def test_minutes_as_people_type_them(text, minutes):
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize(
    "text", ["1:75", "2h75", "1.5:30", "1,5h30", "h", "min", "2x", "1:5", "1::30", "h2", "2 h h"]
)
def test_durations_that_are_not_durations_show_what_works(text):
    with pytest.raises(InvalidInput) as hours:
        hours_to_minutes(text)
    assert str(hours.value) == (
        f"hours: {text!r} is not a duration (write e.g. 1.5, 1:30, 1h30 or 90 min)"
    )
    with pytest.raises(InvalidInput) as minutes:
        parse_minutes(text)
    assert str(minutes.value) == (
        f"minutes: {text!r} is not a duration (write e.g. 90, 90 min, 1:30 or 1h30)"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-1", "hours: -1 h is not a positive duration"),
        ("0", "hours: 0 h is not a positive duration"),
        ("0:00", "hours: 0:00 is not a positive duration"),
        ("0 min", "hours: 0 min is not a positive duration"),
        ("12h1", "hours: 12h1 is more than 12 h in one go"),
        ("12:01", "hours: 12:01 is more than 12 h in one go"),
        ("721 min", "hours: 721 min is more than 12 h in one go"),
        ("13", "hours: 13 h is more than 12 h in one go"),
        ("1.001h", "hours: 1.001h is not a whole number of minutes"),
    ],
)
def test_durations_out_of_bounds(text, message):
    with pytest.raises(InvalidInput) as exc:
        hours_to_minutes(text)
    assert str(exc.value) == message
