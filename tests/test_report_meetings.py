"""The reports count meetings held (each once) apart from attendances (per participant):
which meetings are held, the edges of the period, and the sentence in both languages."""

import json

import pytest

from resoc_cli.domain.report import meetings_sentence


def counts(ok, kind, period):
    doc = json.loads(ok("report", kind, period, "--json"))
    return doc["meetings"], doc["attendances"], doc["sessions"]


@pytest.fixture
def trio(ok):
    """Three enrolled clients, members of group SV."""
    codes = [
        ok("client", "add", name, "--born", "1990-01-01", "--sex", "m")
        for name in ("Ferda Mravenec", "Pytlík Brouk", "Cvrček Muzikant")
    ]
    for code in codes:
        ok("enrol", code, "adult", "--date", "2025-12-01")
    ok("group", "add", "SV", "--name", "Sociální výcvik")
    ok("group", "join", "SV", *codes, "--date", "2025-12-01")
    return codes


def test_a_meeting_counts_once_and_each_participant_who_came_once(ok, trio):
    a, b, c = trio
    ok("meeting", "add", "SV", "--date", "2026-03-10", "--hours", "2", "--absent", a)
    assert counts(ok, "month", "2026-03") == (1, 2, 2)
    ok("meeting", "add", "SV", "--date", "2026-03-17", "--hours", "2", "--late", b)
    assert counts(ok, "month", "2026-03") == (2, 5, 5)
    assert counts(ok, "year", "2026") == (2, 5, 5)


def test_excused_and_absent_are_not_attendances_and_a_meeting_nobody_came_to_is_not_held(ok, trio):
    a, b, c = trio
    ok("meeting", "add", "SV", "--date", "2026-03-10", "--hours", "2",
       "--absent", a, "--excused", b, "--excused", c)  # fmt: skip
    assert counts(ok, "month", "2026-03") == (0, 0, 0)
    ok("meeting", "mark", "1", c, "--attendance", "late")
    assert counts(ok, "month", "2026-03") == (1, 1, 1)


def test_the_edges_of_the_month_and_the_year(ok, trio):
    for day in ("2025-12-31", "2026-01-01", "2026-03-31", "2026-04-01"):
        ok("meeting", "add", "SV", "--date", day, "--hours", "1")
    assert counts(ok, "month", "2026-03") == (1, 3, 3)
    assert counts(ok, "month", "2026-04") == (1, 3, 3)
    assert counts(ok, "month", "2026-02") == (0, 0, 0)
    assert counts(ok, "year", "2025") == (1, 3, 3)
    assert counts(ok, "year", "2026") == (3, 9, 9)


def test_an_ad_hoc_meeting_counts_and_a_lone_session_does_not(ok, trio):
    a, b, _ = trio
    ok("meeting", "add", "--client", a, "--client", b, "--date", "2026-03-10",
       "--hours", "1", "--activity", "therapy-family")  # fmt: skip
    ok("session", "add", a, "--date", "2026-03-11", "--hours", "1")
    assert counts(ok, "month", "2026-03") == (1, 2, 3)


def test_a_deleted_meeting_is_no_longer_counted(ok, trio):
    ok("meeting", "add", "SV", "--date", "2026-03-10", "--hours", "2")
    ok("meeting", "delete", "1", "--yes")
    assert counts(ok, "month", "2026-03") == (0, 0, 0)
    ok("undo", "--yes")
    assert counts(ok, "month", "2026-03") == (1, 3, 3)


def test_the_yearly_paragraph_names_meetings_only_when_there_were_some(ok, trio):
    assert "meeting" not in ok("report", "year", "2026").split("\n\n")[-1]
    ok("meeting", "add", "SV", "--date", "2026-03-10", "--hours", "2")
    out = ok("report", "year", "2026")
    assert "1 meeting was held (3 attendances in all)." in out
    month = ok("report", "month", "2026-03")
    assert "1 meeting was held (3 attendances in all)." in month


@pytest.mark.parametrize(
    ("meetings", "attendances", "czech"),
    [
        (1, 1, "Konalo se 1 společné setkání (celkem 1 účast)."),
        (2, 3, "Konala se 2 společná setkání (celkem 3 účasti)."),
        (4, 12, "Konala se 4 společná setkání (celkem 12 účastí)."),
        (46, 312, "Konalo se 46 společných setkání (celkem 312 účastí)."),
    ],
)
def test_the_meetings_sentence_in_czech_takes_each_plural_form(meetings, attendances, czech):
    from resoc_cli import i18n

    before = i18n.language()
    i18n.set_language("cs")
    try:
        assert meetings_sentence(meetings, attendances) == czech
    finally:
        i18n.set_language(before)


def test_the_czech_yearly_report_says_it(ok, trio, monkeypatch):
    ok("meeting", "add", "SV", "--date", "2026-03-10", "--hours", "2")
    monkeypatch.setenv("RESOC_LANG", "cs")
    out = ok("report", "year", "2026")
    assert "Konalo se 1 společné setkání (celkem 3 účasti)." in out
