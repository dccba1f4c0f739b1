"""Property tests (Hypothesis): the completion rules, the parsers and the import validators hold
for any input, not only for the examples written by hand elsewhere.

Tests that touch the database run the real CLI in-process against the autouse temp database of
conftest; every example creates its own client (and programme), so it starts from a state the
test controls whatever earlier examples left behind.
"""

import calendar
import csv
import json
import re
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from resoc_cli.domain.codes import Area, Attendance, Audience
from resoc_cli.domain.parse import (
    MAX_MINUTES,
    hours_to_minutes,
    parse_date,
    parse_hours_total,
    parse_minutes,
    parse_month,
)
from resoc_cli.domain.rules import PlanFacts, ProgrammeRules, Progress, check_completion
from resoc_cli.errors import InvalidInput
from resoc_cli.formats import read_records
from resoc_cli.i18n import format_hours
from resoc_cli.importing import validate_clients, validate_sessions

CLI = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PURE = settings(max_examples=300, deadline=None)
FILES = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

AREAS = [a.value for a in Area]
COUNTED = {Attendance.attended.value, Attendance.late.value}
#: Enrolment start for the CLI examples: far enough back that every session lies in the past.
ENROLLED = date.today() - timedelta(days=60)

# --- the completion rules (pure) ----------------------------------------------------------------

programmes = st.builds(
    ProgrammeRules,
    code=st.just("pohadka"),
    min_minutes=st.integers(1, 10_000 * 60),
    sessions=st.none() | st.integers(1, 1000),
    session_minutes=st.none() | st.integers(1, MAX_MINUTES),
    phases=st.none() | st.integers(1, 50),
    audience=st.sampled_from([a.value for a in Audience]),
    plan_required=st.booleans(),
)
area_sets = st.frozensets(st.sampled_from(AREAS))
plans = st.builds(PlanFacts, agreed=st.booleans(), goal_areas=area_sets, need_areas=area_sets)


@st.composite
def progress_for(draw, minutes: st.SearchStrategy[int]) -> Progress:
    return Progress(
        attended_minutes=draw(minutes),
        attended_sessions=draw(st.integers(0, 1000)),
        short_sessions=draw(st.integers(0, 1000)),
        phases_covered=draw(st.frozensets(st.integers(1, 50))),
    )


def plan_is_made(plan: PlanFacts) -> bool:
    return plan.agreed and bool(plan.goal_areas) and plan.need_areas <= plan.goal_areas


@PURE
@given(data=st.data(), programme=programmes, plan=plans)
def test_below_the_minimum_is_never_complete(data, programme, plan):
    progress = data.draw(progress_for(st.integers(0, programme.min_minutes - 1)))
    result = check_completion(programme, progress, plan)
    assert not result.complete
    assert result.unmet[0].startswith("hours: ")
    assert f"({format_hours(progress.attended_minutes)} attended)" in result.unmet[0]


@PURE
@given(data=st.data(), programme=programmes, plan=plans)
def test_complete_exactly_when_hours_and_plan_are_met(data, programme, plan):
    progress = data.draw(progress_for(st.integers(0, programme.min_minutes * 2)))
    result = check_completion(programme, progress, plan)
    hours_met = progress.attended_minutes >= programme.min_minutes
    assert result.complete == (hours_met and (plan_is_made(plan) or not programme.plan_required))
    assert result.complete == (result.unmet == [])
    assert any(u.startswith("hours: ") for u in result.unmet) == (not hours_met)


@PURE
@given(
    data=st.data(),
    programme=programmes,
    plan=plans,
    extra=st.integers(0, 10_000),
)
def test_more_minutes_never_undo_completion(data, programme, plan, extra):
    progress = data.draw(progress_for(st.integers(0, programme.min_minutes * 2)))
    more = Progress(
        progress.attended_minutes + extra,
        progress.attended_sessions,
        progress.short_sessions,
        progress.phases_covered,
    )
    if check_completion(programme, progress, plan).complete:
        assert check_completion(programme, more, plan).complete


@PURE
@given(
    data=st.data(),
    programme=programmes,
    goals=area_sets.filter(bool),
)
def test_exactly_the_minimum_with_an_agreed_plan_is_complete(data, programme, goals):
    needs = data.draw(st.frozensets(st.sampled_from(sorted(goals))))
    plan = PlanFacts(agreed=True, goal_areas=goals, need_areas=needs)
    progress = data.draw(progress_for(st.just(programme.min_minutes)))
    result = check_completion(programme, progress, plan)
    assert result.complete, result.unmet
    assert result.unmet == []
    # warnings (few sessions, short sessions, phases) never decide completion
    assert all(not w.startswith("hours") for w in result.warnings)


# --- the rules through the CLI: resoc hours / resoc check ---------------------------------------


def _json(ok, *args):
    return json.loads(ok(*args, "--json"))


def _session_day(i: int) -> str:
    return (ENROLLED + timedelta(days=1 + i)).isoformat()


@CLI
@given(
    sessions=st.lists(
        st.tuples(st.integers(1, MAX_MINUTES), st.sampled_from([a.value for a in Attendance])),
        min_size=1,
        max_size=6,
    )
)
def test_adding_a_session_never_lowers_attended_minutes(ok, sessions):
    code = ok(
        "client", "add", "Ferda Mravenec", "--born", "1980-05-17", "--sex", "m", "--allow-duplicate"
    )
    ok("enrol", code, "adult", "--date", ENROLLED.isoformat())
    before = _json(ok, "hours", code)
    assert (before["attended_minutes"], before["sessions"]) == (0, 0)
    for i, (minutes, attendance) in enumerate(sessions):
        ok(
            "session", "add", code, "--date", _session_day(i), "--minutes", str(minutes),
            "--attendance", attendance,
        )  # fmt: skip
        after = _json(ok, "hours", code)
        assert after["attended_minutes"] >= before["attended_minutes"]
        counted = minutes if attendance in COUNTED else 0
        assert after["attended_minutes"] == before["attended_minutes"] + counted
        assert after["remaining_minutes"] == max(0, 1800 - after["attended_minutes"])
        before = after


def _check(resoc, code):
    run = resoc("check", code, "--json")
    assert run.exception is None, run.exception
    document = json.loads(run.stdout)
    assert run.exit_code == (0 if document["complete"] else 1)
    return document


@CLI
@given(
    parts=st.lists(st.integers(1, MAX_MINUTES), min_size=1, max_size=4),
    attendance=st.sampled_from(sorted(COUNTED)),
)
def test_exactly_the_minimum_is_complete_and_one_minute_less_is_not(ok, resoc, parts, attendance):
    """A programme whose minimum is exactly what client A attended; client B attended one minute
    less. Both have an agreed plan with a goal for their need."""
    if sum(parts) % 3:  # --min-hours must be a whole number of minutes: a multiple of 0.05 h
        parts = [*parts, 3 - sum(parts) % 3]
    total = sum(parts)
    shorter = [parts[0] - 1, *parts[1:]] if parts[0] > 1 else parts[1:]
    complete = ok(
        "client", "add", "Ferda Mravenec", "--born", "1980-05-17", "--sex", "m", "--allow-duplicate"
    )
    short = ok(
        "client",
        "add",
        "Rumcajs Loupežník",
        "--born",
        "1979-02-03",
        "--sex",
        "m",
        "--allow-duplicate",
    )
    programme = f"p{complete.lower()}"
    hours = str(Decimal(total) / 60)
    ok("programme", "add", programme, "--name", "Pohádkový program", "--min-hours", hours)
    for code, minutes in ((complete, parts), (short, shorter)):
        ok("enrol", code, programme, "--date", ENROLLED.isoformat())
        for i, m in enumerate(minutes):
            ok(
                "session", "add", code, "--date", _session_day(i), "--minutes", str(m),
                "--attendance", attendance,
            )  # fmt: skip
        ok("plan", "need", code, "work")
        ok("plan", "goal", code, "work", "Najít práci na pile")
        assert not _check(resoc, code)["complete"]  # not agreed yet
        ok("plan", "agree", code, "--date", ENROLLED.isoformat())

    done = _json(ok, "hours", complete)
    assert (done["attended_minutes"], done["required_minutes"]) == (total, total)
    assert done["remaining_minutes"] == 0
    result = _check(resoc, complete)
    assert result["complete"] is True and result["unmet"] == []

    assert _json(ok, "hours", short)["attended_minutes"] == total - 1
    result = _check(resoc, short)
    assert result["complete"] is False
    assert len(result["unmet"]) == 1 and result["unmet"][0].startswith("hours: ")


# --- the parsers --------------------------------------------------------------------------------

FIELDS = st.sampled_from(["date", "born", "start-date", "month", "hours", "minutes", "min-hours"])
DATE_LIKE = st.from_regex(r"\A\s*\d{1,5}([-.]\s*\d{1,3}){2}\.?\s*\Z|\A\d{1,4}-\d{1,3}-\d{1,3}\Z")
MONTH_LIKE = st.from_regex(r"\A\s*\d{1,5}-\d{1,3}\s*\Z")
NUMBER_LIKE = st.from_regex(r"\A\s*[-+]?\d{0,6}([.,]\d{0,5})?([eE][-+]?\d{1,3})?\s*\Z")
ANY_DATE = st.one_of(st.text(), DATE_LIKE, st.sampled_from(["today", "Včera", " DNES "]))
ANY_MONTH = st.one_of(st.text(), MONTH_LIKE)
ANY_NUMBER = st.one_of(st.text(), NUMBER_LIKE)


def value_or_invalid(parse, text, field):
    """The parser's value, or None when it raised InvalidInput with a one-line message that
    names the field. Any other exception propagates and fails the test."""
    try:
        return parse(text, field)
    except InvalidInput as exc:
        message = str(exc)
        assert message.startswith(f"{field}: "), message
        assert message.splitlines() == [message], message
        return None


@PURE
@given(text=ANY_DATE, field=FIELDS)
@example(text="31.2.2026", field="born")
@example(text="0000-01-01", field="date")
@example(text="5.\n3.\n2026", field="date")
def test_parse_date_returns_a_date_or_names_the_field(text, field):
    value = value_or_invalid(parse_date, text, field)
    assert value is None or isinstance(value, date)


@PURE
@given(text=ANY_MONTH, field=FIELDS)
@example(text="9999-12", field="month")
@example(text="2026-13", field="month")
@example(text="1899-12", field="month")
def test_parse_month_returns_a_month_or_names_the_field(text, field):
    value = value_or_invalid(parse_month, text, field)
    if value is not None:
        first, last = value
        assert first.day == 1 and (first.year, first.month) == (last.year, last.month)
        assert last.day == calendar.monthrange(last.year, last.month)[1]


@PURE
@given(text=ANY_NUMBER, field=FIELDS)
@example(text="13\n", field="hours")  # over the limit, echoed with its newline
@example(text="0.001\n", field="hours")  # not a whole minute, echoed with its newline
@example(text="1e999999999", field="hours")  # decimal.Overflow
def test_hours_to_minutes_returns_minutes_or_names_the_field(text, field):
    value = value_or_invalid(hours_to_minutes, text, field)
    assert value is None or 0 < value <= MAX_MINUTES


@PURE
@given(text=ANY_NUMBER, field=FIELDS)
@example(text="721\n", field="minutes")
@example(text="\n1.5", field="minutes")
@example(text="1e999999999", field="minutes")  # once hung for ever (int of a huge Decimal)
@example(text="-1e999999", field="minutes")
def test_parse_minutes_returns_minutes_or_names_the_field(text, field):
    value = value_or_invalid(parse_minutes, text, field)
    assert value is None or 0 < value <= MAX_MINUTES


@PURE
@given(text=ANY_NUMBER, field=FIELDS)
@example(text="1e999999999", field="min-hours")  # decimal.Overflow
def test_parse_hours_total_returns_minutes_or_names_the_field(text, field):
    value = value_or_invalid(parse_hours_total, text, field)
    assert value is None or 0 < value <= 10_000 * 60


@PURE
@given(day=st.dates())
def test_iso_date_round_trips(day):
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"  {day.isoformat()}\t") == day


@PURE
@given(day=st.dates(min_value=date(1000, 1, 1)))
def test_czech_date_round_trips(day):
    assert parse_date(f"{day.day}.{day.month}.{day.year}") == day
    assert parse_date(f"{day.day}. {day.month}. {day.year}") == day
    assert parse_date(f"{day.day:02d}.{day.month:02d}.{day.year}") == day


@PURE
@given(year=st.integers(1900, 9999), month=st.integers(1, 12))
@example(year=9999, month=12)
def test_month_round_trips(year, month):
    last = calendar.monthrange(year, month)[1]
    expected = (date(year, month, 1), date(year, month, last))
    assert parse_month(f"{year}-{month:02d}") == expected
    assert parse_month(f"{year}-{month}") == expected


@PURE
@given(minutes=st.integers(1, MAX_MINUTES))
def test_minutes_round_trip(minutes):
    assert parse_minutes(str(minutes)) == minutes
    assert parse_minutes(f"{minutes},0") == minutes


@PURE
@given(twentieths=st.integers(1, MAX_MINUTES // 3))
def test_hours_as_shown_round_trip(twentieths):
    """Every multiple of 3 minutes (0.05 h) is shown exactly by format_hours and parses back,
    with a decimal point or a Czech decimal comma."""
    minutes = twentieths * 3
    shown = format_hours(minutes).removesuffix(" h")
    assert hours_to_minutes(shown) == minutes
    assert hours_to_minutes(shown.replace(".", ",")) == minutes
    assert parse_hours_total(shown) == minutes


# --- import validation on arbitrary cells -------------------------------------------------------

CLIENT_HEADER = [
    "name", "born", "sex", "code", "referral", "status", "release", "contract", "note",
    "programme", "start_date", "end_date", "enrolment_state",
]  # fmt: skip
CLIENT_FIELDS = {
    "row", "name", "born", "sex", "code", "referral", "status", "release", "contract", "note",
    "programme", "start-date", "end-date", "enrolment-state",
}  # fmt: skip
SESSION_HEADER = [
    "date", "client", "minutes", "activity", "attendance", "phase", "note", "meeting_id",
]  # fmt: skip
SESSION_FIELDS = {
    "row", "client", "date", "minutes", "activity", "attendance", "phase", "note", "meeting-id",
}  # fmt: skip
PROBLEM = re.compile(r"line (\d+): ([a-z][a-z-]*): \S.*")

PLAUSIBLE = st.sampled_from(
    [
        "", " ", "Ferda Mravenec", "Rumcajs Loupežník", "1988-03-14", "14. 3. 1988", "31.2.1990",
        "2026-01-10", "m", "f", "x", "K0001", "k0001", "K9999", "pms", "released", "adult",
        "active", "dropped", "120", "2,5", "0", "721", "late", "no-show", "therapy-family", "3",
        "=1+1", "'=1+1", "'-x", "a; b", "a, b", 'a "b"', "a\nb", "\x00", "\u202e", "😀",
    ]
)  # fmt: skip
CELLS = st.one_of(PLAUSIBLE, st.text(max_size=20))


def _rows_strategy(width: int):
    return st.lists(st.lists(CELLS, min_size=0, max_size=width + 1), min_size=1, max_size=6)


def _write_csv(path, header, rows) -> str:
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def _assert_problems(problems, fields, lines, rows_count):
    problem_lines = set()
    for problem in problems:
        assert isinstance(problem, str)
        assert problem.splitlines() == [problem], problem
        match = PROBLEM.fullmatch(problem)
        assert match, problem
        assert match.group(2) in fields, problem
        line = int(match.group(1))
        assert line in lines, problem
        problem_lines.add(line)
    # every record became either a row to write or at least one problem, never both or neither
    assert rows_count + len(problem_lines) == len(lines)


@FILES
@given(rows=_rows_strategy(len(CLIENT_HEADER)))
@example(rows=[["Ferda Mravenec", "14.3.1988; 2", "m"]])
def test_client_rows_validate_or_list_problems(tmp_path, rows):
    path = _write_csv(tmp_path / "clients.csv", CLIENT_HEADER, rows)
    columns, records = read_records(path, None, "csv")
    assert columns == CLIENT_HEADER
    records = list(records)
    rows_out, problems = validate_clients(
        records, {"K0001": 1}, {"adult": 1, "juvenile": 2}, next_number=2
    )
    _assert_problems(problems, CLIENT_FIELDS, {line for line, _ in records}, len(rows_out))


@FILES
@given(rows=_rows_strategy(len(SESSION_HEADER)))
@example(rows=[["2026-01-10", "K0001", "60", "other", "attended", "", "a; b"]])
@example(rows=[["2026-01-10", "K0001", "60", "", "", "", "", "3"]] * 2)
def test_session_rows_validate_or_list_problems(tmp_path, rows):
    path = _write_csv(tmp_path / "sessions.csv", SESSION_HEADER, rows)
    columns, records = read_records(path, None, "csv")
    assert columns == SESSION_HEADER
    records = list(records)
    rows_out, problems = validate_sessions(
        records,
        {"K0001": 1},
        {1: [("2026-01-01", None, 7)]},
        meetings={3: ("2026-01-10", frozenset())},  # meeting 3 on a plausible date
    )
    _assert_problems(problems, SESSION_FIELDS, {line for line, _ in records}, len(rows_out))
