"""--month, --year, --from and --to: one rule (domain/period.py) for every listing and export.
Both ends are included; a month or a year goes with nothing else."""

import json
from datetime import date

import pytest

from resoc_cli.domain.errors import InvalidInput
from resoc_cli.domain.period import log_period, period

DAYS = ["2024-01-31", "2024-02-01", "2024-02-29", "2024-03-01", "2024-12-31", "2025-01-01"]


@pytest.fixture
def dated(ok):
    """K0001 with a session, a family contact and a meeting on each of ``DAYS``."""
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("client", "add", "Beruška Tečkovaná", "--born", "1990-02-03", "--sex", "f")
    ok("enrol", "K0001", "adult", "--date", "2024-01-01")
    ok("family", "add", "K0001", "Ferdová", "--relation", "parent")
    for day in DAYS:
        ok("session", "add", "K0001", "--date", day, "--hours", "2")
        ok("contact", "add", "K0001", "--member", "1", "--date", day, "--kind", "phone")
        ok("meeting", "add", "--client", "K0001", "--client", "K0002", "--date", day,
           "--hours", "1")  # fmt: skip


def dates(ok, *args: str) -> list[str]:
    return [r["date"] for r in json.loads(ok(*args, "--json"))]


LISTINGS = [("session", "list"), ("contact", "list", "K0001"), ("meeting", "list")]


@pytest.mark.parametrize("listing", LISTINGS)
def test_a_month_holds_its_first_and_last_day_and_nothing_around(dated, ok, listing):
    everything = dates(ok, *listing)
    assert sorted(set(everything)) == DAYS
    assert sorted(set(dates(ok, *listing, "--month", "2024-02"))) == ["2024-02-01", "2024-02-29"]
    assert sorted(set(dates(ok, *listing, "--year", "2024"))) == DAYS[:-1]
    assert sorted(set(dates(ok, *listing, "--from", "2024-02-29", "--to", "2024-03-01"))) == [
        "2024-02-29", "2024-03-01"]  # fmt: skip
    assert sorted(set(dates(ok, *listing, "--from", "29.2.2024"))) == DAYS[2:]
    assert sorted(set(dates(ok, *listing, "--to", "1. 3. 2024"))) == DAYS[:4]
    assert dates(ok, *listing, "--from", "today") == []


def test_the_export_takes_a_year_and_keeps_its_rules(dated, ok, resoc):
    rows = json.loads(ok("export", "sessions", "--year", "2024", "--format", "json"))
    assert sorted({r["date"] for r in rows}) == DAYS[:-1]
    rows = json.loads(ok("export", "sessions", "--month", "2024-02", "--format", "json"))
    assert sorted({r["date"] for r in rows}) == ["2024-02-01", "2024-02-29"]
    refused = resoc("export", "sessions", "--from", "2024-02-01")  # an export: both ends
    assert refused.exit_code == 2 and "give both --from and --to" in refused.stderr


def test_the_log_takes_until_and_the_period_options(dated, ok, resoc):
    today = date.today().isoformat()
    assert len(json.loads(ok("log", "--since", today, "--until", "today", "--json"))) > 0
    assert json.loads(ok("log", "--until", "2024-01-01", "--json")) == []  # recorded today
    assert json.loads(ok("log", "--year", "2024", "--json")) == []
    assert ok("log", "--from", "dnes", "--json") == ok("log", "--since", "dnes", "--json")
    assert ok("log", "--to", "dnes", "--json") == ok("log", "--json")
    refused = resoc("log", "--since", "today", "--from", "today")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "resoc: error: period: --since and --from cannot be combined"
        " (give --month, --year or --from/--to)\n"
    )


REFUSED = [
    (["--from", "2024-03-01", "--to", "2024-02-29"], "to: before --from"),
    (["--month", "2024-02", "--from", "2024-02-01"], "--month and --from cannot be combined"),
    (["--month", "2024-02", "--year", "2024"], "--month and --year cannot be combined"),
    (["--year", "2024", "--to", "2024-02-01"], "--year and --to cannot be combined"),
    (["--year", "24"], "year: '24' is not a year"),
    (["--year", "2024-02"], "year: '2024-02' is not a year"),
    (["--month", "2024-13"], "month"),
    (["--from", "30.2.2024"], "from"),
]


@pytest.mark.parametrize(
    "command",
    [*LISTINGS, ("log",), ("export", "sessions"), ("export", "clients")],
)
@pytest.mark.parametrize(("options", "says"), REFUSED)
def test_a_period_that_cannot_be_is_refused_in_one_line(resoc, command, options, says):
    resoc("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    if command[0] == "export" and options == ["--from", "30.2.2024"]:
        options = [*options, "--to", "2024-03-31"]
    result = resoc(*command, *options)
    assert result.exception is None
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("resoc: error: ") and result.stderr.count("\n") == 1
    assert says in result.stderr


def test_the_rule_itself():
    assert period() == (None, None)
    assert period(month="2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert period(month="2023-02") == (date(2023, 2, 1), date(2023, 2, 28))
    assert period(year="2024") == (date(2024, 1, 1), date(2024, 12, 31))
    assert period(first="yesterday", today=date(2024, 3, 1)) == (date(2024, 2, 29), None)
    assert period(first="2024-02-29", last="2024-02-29") == (date(2024, 2, 29),) * 2
    with pytest.raises(InvalidInput, match="give both"):
        period(last="2024-02-29", both=True)
    with pytest.raises(InvalidInput, match="--month and --year and --from and --to"):
        period("2024-02", "2024", "2024-02-01", "2024-02-02")
    assert log_period("2024-02-01", "2024-02-29") == (date(2024, 2, 1), date(2024, 2, 29))
    with pytest.raises(InvalidInput, match="--until and --to"):
        log_period(None, "2024-02-01", last="2024-02-01")
