"""resoc agenda: each rule at its boundaries (pure), the thresholds from config, the CLI."""

import json
from datetime import date, timedelta

import pytest

from resoc_cli.domain import agenda as rules
from resoc_cli.domain.agenda import Thresholds

TODAY = date(2026, 11, 23)
T = Thresholds()


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


@pytest.mark.parametrize(
    ("offset", "has_housing", "listed"),
    [
        (-1, False, False),
        (0, False, True),
        (60, False, True),
        (61, False, False),
        (30, True, False),
    ],
)
def test_release_within_60_days_without_housing_goal(offset, has_housing, listed):
    items = rules.release_items([("K0001", "Ferda", day(offset), has_housing)], TODAY, T)
    assert bool(items) is listed
    if listed:
        assert items[0]["due"] == day(offset) and "housing" in items[0]["command"]


@pytest.mark.parametrize(
    ("agreed", "reviewed", "listed"),
    [(-89, None, False), (-90, None, True), (-200, -89, False), (-200, -90, True)],
)
def test_plan_not_reviewed_for_90_days(agreed, reviewed, listed):
    row = ("K0001", "Ferda", day(agreed), day(reviewed) if reviewed is not None else None)
    items = rules.review_items([row], TODAY, T)
    assert bool(items) is listed
    if listed:
        last = reviewed if reviewed is not None else agreed
        assert items[0]["due"] == day(last + 90)


@pytest.mark.parametrize(
    ("start", "last", "listed"),
    [(-29, None, False), (-30, None, True), (-100, -29, False), (-100, -30, True)],
)
def test_no_attended_session_for_30_days(start, last, listed):
    row = ("K0001", "Ferda", "adult", day(start), day(last) if last is not None else None)
    assert bool(rules.session_items([row], TODAY, T)) is listed


@pytest.mark.parametrize(
    ("children", "last_contact", "listed"),
    [
        ([day(-365 * 10)], None, True),  # a ten-year-old, never a contact
        ([day(-365 * 10)], day(-89), False),
        ([day(-365 * 10)], day(-90), True),
        ([None], day(-90), True),  # birth date unknown: asked about
        (["2008-11-23"], None, False),  # 18 today: an adult
        (["2008-11-24"], None, True),  # 18 tomorrow: still a minor
        ([], None, False),
    ],
)
def test_minor_child_and_no_family_contact_for_90_days(children, last_contact, listed):
    row = ("K0001", "Ferda", children, last_contact)
    assert bool(rules.family_items([row], TODAY, T)) is listed


def test_ready_to_complete_and_behind_pace():
    start = day(-91)  # 13 weeks of the 26 expected
    rows = [
        ("K0001", "Ferda", "adult", start, 1800, 1800, True),  # complete
        ("K0002", "Manka", "adult", start, 1800, 1800, False),  # hours, no plan: not listed
        ("K0003", "Rumcajs", "adult", start, 900, 1800, False),  # half in half: on pace
        ("K0004", "Cipísek", "adult", start, 890, 1800, False),  # a bit slower: behind
        ("K0005", "Šnek", "adult", start, 0, 1800, False),  # no pace at all
    ]
    items = {i["client"]: i for i in rules.progress_items(rows, TODAY, T)}
    assert items["K0001"]["kind"] == "ready-to-complete" and items["K0001"]["due"] == day(0)
    assert "K0002" not in items and "K0003" not in items
    assert items["K0004"]["kind"] == "behind-pace"
    assert items["K0004"]["due"] == day(-91 + 26 * 7)
    assert "reached on 2027-0" in items["K0004"]["reason"]
    assert "K0005" not in items  # no pace yet: the no-session rule speaks for it


def test_most_urgent_first():
    items = [
        {"kind": "ready-to-complete", "client": "K0002", "due": day(0)},
        {"kind": "plan-review", "client": "K0003", "due": day(-10)},
        {"kind": "release-without-housing", "client": "K0001", "due": day(0)},
    ]
    assert [i["client"] for i in rules.agenda(items)] == ["K0003", "K0001", "K0002"]


def test_agenda_command_json_and_alias(ok, resoc, monkeypatch):
    monkeypatch.setattr("resoc_cli.commands.agenda.today", lambda: TODAY)
    code = ok(
        "client",
        "add",
        "Chroustík Májový",
        "--born",
        "2001-05-01",
        "--sex",
        "x",
        "--status",
        "in-prison",
        "--release",
        day(20),
    )
    ok("family", "add", code, "Chroustíček Májový", "--relation", "child", "--born", "2018-06-01")
    ok("enrol", code, "adult", "--date", day(-40))
    items = json.loads(ok("agenda", "--json"))
    kinds = {i["kind"] for i in items}
    assert kinds == {"release-without-housing", "family-contact", "no-session"}
    keys = {"kind", "client", "name", "due", "reason", "command", "due_date"}
    assert all(set(i) == keys and i["due_date"] == i["due"] for i in items)
    assert [i["due"] for i in items] == sorted(i["due"] for i in items)
    assert json.loads(ok("dnes", "--json")) == items
    human = ok("agenda")
    assert "resoc plan goal K0001 housing" in human and "Chroustík" in human
    ok("plan", "goal", code, "housing", "Najít bydlení po propuštění")
    assert "release-without-housing" not in {i["kind"] for i in json.loads(ok("agenda", "--json"))}


def test_thresholds_from_config(ok, resoc, monkeypatch, tmp_path):
    from resoc_cli import config

    monkeypatch.setattr("resoc_cli.commands.agenda.today", lambda: TODAY)
    code = ok("client", "add", "Žabák Kvákal", "--born", "1995-07-07", "--sex", "m")
    ok("enrol", code, "adult", "--date", day(-20))
    path = tmp_path / "config.toml"
    monkeypatch.setenv("RESOC_CONFIG", str(path))
    try:
        path.write_text("[agenda]\nsession_days = 20\nprogramme_weeks = 100\n")
        config.load.cache_clear()
        assert [i["kind"] for i in json.loads(ok("agenda", "--json"))] == ["no-session"]
        path.write_text("[agenda]\nsession_days = 21\nprogramme_weeks = 100\n")
        config.load.cache_clear()
        assert json.loads(ok("agenda", "--json")) == []
        path.write_text("[agenda]\nsesion_days = 21\n")
        config.load.cache_clear()
        r = resoc("agenda")
        assert r.exit_code == 2 and "agenda.sesion_days" in r.stderr
    finally:
        config.load.cache_clear()


def test_empty_agenda(ok):
    assert ok("agenda") == "(nothing needs attention today)"
    assert json.loads(ok("agenda", "--json")) == []


@pytest.mark.parametrize(
    ("lang", "n", "review", "session", "family"),
    [
        ("en", 1, "plan reviewed 1 day ago", "for 1 day (", "last family contact 1 day ago"),
        ("en", 2, "plan reviewed 2 days ago", "for 2 days (", "last family contact 2 days ago"),
        ("cs", 1, "revize plánu před 1 dnem", "už 1 den bez", "rodinou před 1 dnem"),
        ("cs", 3, "revize plánu před 3 dny", "už 3 dny bez", "rodinou před 3 dny"),
        ("cs", 5, "revize plánu před 5 dny", "už 5 dní bez", "rodinou před 5 dny"),
    ],
)
def test_day_counts_agree_with_short_thresholds(lang, n, review, session, family):
    """Thresholds are settings (down to 1 day): every count of days takes its plural form."""
    from resoc_cli import i18n

    short = Thresholds(review_days=1, session_days=1, family_days=1)
    i18n.set_language(lang)
    try:
        reviewed = rules.review_items([("K1", "F", day(-n - 9), day(-n))], TODAY, short)
        held = rules.session_items([("K1", "F", "adult", day(-n - 9), day(-n))], TODAY, short)
        contact = rules.family_items([("K1", "F", [day(-3000)], day(-n))], TODAY, short)
    finally:
        i18n.set_language("en")
    assert review in reviewed[0]["reason"]
    assert session in held[0]["reason"]
    assert family in contact[0]["reason"]
