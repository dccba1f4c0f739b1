"""CLI contract of groups and meetings: a group of six through a meeting with one absent, one
excused and one late member, then corrections of the meeting and of one member, checking
every member's hours and check and the reports' counts after each step."""

import json
from datetime import date, timedelta

import pytest

NAMES = ["Ferda Mravenec", "Beruška Tečkovaná", "Pytlík Brouk", "Cvrček Muzikant",
         "Maková Panenka", "Vosa Kalous"]  # fmt: skip
START = "2026-01-05"
EARLIER = 14  # weekly meetings of 2 h before the one under test: 28 h each
MEETING_DAY = "2026-05-05"


def as_json(resoc, *args):
    run = resoc(*args, "--json")
    assert run.exception is None, run.exception
    return run.exit_code, json.loads(run.stdout)


@pytest.fixture
def six(ok):
    """Six enrolled adults with agreed plans, members of SV since START, and 14 meetings
    of 2 h that all six attended (Jan 6 to Apr 7): each has 28 h of the 30 h needed."""
    codes = []
    for i, name in enumerate(NAMES):
        code = ok("client", "add", name, "--born", f"199{i}-02-0{i + 1}", "--sex", "m")
        ok("enrol", code, "adult", "--date", START)
        ok("plan", "goal", code, "work", "Find a job at the ant hill")
        ok("plan", "agree", code, "--date", START)
        codes.append(code)
    ok("group", "add", "SV", "--name", "Sociální výcvik", "--programme", "adult")
    ok("group", "join", "SV", *codes, "--date", START)
    for week in range(EARLIER):
        day = (date(2026, 1, 6) + timedelta(weeks=week)).isoformat()
        ok("meeting", "add", "SV", "--date", day, "--hours", "2")
    return codes


def state(resoc, codes):
    """Each member's (attended minutes, complete?, check's exit code), and the May and
    yearly reports' meetings and attendances."""
    members = {}
    for code in codes:
        rc_hours, hours = as_json(resoc, "hours", code)
        rc_check, check = as_json(resoc, "check", code)
        assert rc_hours == 0 and rc_check == (0 if check["complete"] else 1)
        members[code] = (hours["attended_minutes"], check["complete"])
    _, month = as_json(resoc, "report", "month", "2026-05")
    _, year = as_json(resoc, "report", "year", "2026")
    return (
        members,
        (month["meetings"], month["attendances"], month["minutes"]),
        (
            year["meetings"],
            year["attendances"],
        ),
    )


def test_a_group_of_six_through_a_meeting_and_its_corrections(resoc, ok, six):
    a, b, c, d, e, f = six
    before, month, year = state(resoc, six)
    assert before == {code: (EARLIER * 120, False) for code in six}
    assert month == (0, 0, 0) and year == (EARLIER, EARLIER * 6)

    # The meeting: D did not come, E was excused, F came late (late counts as attended).
    out = ok("meeting", "add", "SV", "--date", MEETING_DAY, "--hours", "2",
             "--absent", d, "--excused", e, "--late", f)  # fmt: skip
    meeting = out.splitlines()[0]
    assert meeting == str(EARLIER + 1)
    members, month, year = state(resoc, six)
    assert members == {
        a: (1800, True), b: (1800, True), c: (1800, True),
        d: (1680, False), e: (1680, False), f: (1800, True),
    }  # fmt: skip
    assert month == (1, 4, 4 * 120) and year == (EARLIER + 1, EARLIER * 6 + 4)
    _, shown = as_json(resoc, "meeting", "show", meeting)
    assert {p["client"]: p["attendance"] for p in shown["participants"]} == {
        a: "attended", b: "attended", c: "attended", d: "no-show", e: "excused", f: "late"
    }  # fmt: skip
    assert {"id", "date", "minutes", "activity", "phase", "group", "note"} <= shown.keys()
    assert {"client", "name", "attendance", "session_id"} <= shown["participants"][0].keys()

    # The meeting was 1.5 h, not 2: every participant's session follows it.
    ok("meeting", "edit", meeting, "--hours", "1.5")
    members, month, year = state(resoc, six)
    short = 1680 + 90
    assert members == {
        a: (short, False), b: (short, False), c: (short, False),
        d: (1680, False), e: (1680, False), f: (short, False),
    }  # fmt: skip
    assert month == (1, 4, 4 * 90) and year == (EARLIER + 1, EARLIER * 6 + 4)
    reasons = as_json(resoc, "check", a)[1]["unmet"]
    assert any(r.startswith("hours:") for r in reasons)

    # It was 2.5 h after all, and D did come: one participant's attendance corrected.
    ok("meeting", "edit", meeting, "--hours", "2.5")
    ok("meeting", "mark", meeting, d, "--attendance", "attended")
    members, month, year = state(resoc, six)
    done = 1680 + 150
    assert members == {
        a: (done, True), b: (done, True), c: (done, True),
        d: (done, True), e: (1680, False), f: (done, True),
    }  # fmt: skip
    assert month == (1, 5, 5 * 150) and year == (EARLIER + 1, EARLIER * 6 + 5)
    code, everyone = as_json(resoc, "check")
    assert code == 1 and [x["client"] for x in everyone if not x["complete"]] == [e]

    # Undo takes back the mark, then the edit; the counts follow.
    ok("undo", "--yes")
    members, month, _ = state(resoc, six)
    assert members[d] == (1680, False) and month == (1, 4, 4 * 150)
    ok("undo", "--yes")
    members, month, _ = state(resoc, six)
    assert members[a] == (short, False) and month == (1, 4, 4 * 90)


def test_a_meeting_nobody_attended_is_not_counted_as_held(resoc, ok, six):
    a, b, c, d, e, f = six
    ok("meeting", "add", "SV", "--date", MEETING_DAY, "--hours", "2",
       "--absent", a, "--absent", b, "--absent", c, "--excused", d, "--excused", e,
       "--absent", f)  # fmt: skip
    members, month, year = state(resoc, six)
    assert all(m == (1680, False) for m in members.values())
    assert month == (0, 0, 0) and year == (EARLIER, EARLIER * 6)
    _, listed = as_json(resoc, "meeting", "list", "--month", "2026-05")
    assert [(m["participants"], m["attended"]) for m in listed] == [(6, 0)]


def test_meeting_list_filters_by_group_and_period(resoc, ok, six):
    a, b, *_ = six
    ok("group", "add", "RODINY", "--name", "Rodinné setkání")
    ok("group", "join", "RODINY", a, b, "--date", "2026-04-01")
    ok("meeting", "add", "RODINY", "--date", "2026-04-07", "--hours", "1")
    _, april = as_json(resoc, "meeting", "list", "--month", "2026-04")
    assert sorted(m["group"] for m in april) == ["RODINY", "SV"]
    _, families = as_json(resoc, "meeting", "list", "--group", "RODINY")
    assert [(m["date"], m["participants"]) for m in families] == [("2026-04-07", 2)]
    _, span = as_json(resoc, "meeting", "list", "--from", "2026-01-06", "--to", "2026-01-13")
    assert [m["date"] for m in span] == ["2026-01-06", "2026-01-13"]
    _, sessions = as_json(resoc, "session", "list", a)
    assert all(s["meeting_id"] is not None for s in sessions) and len(sessions) == EARLIER + 1


def test_an_ad_hoc_meeting_with_named_clients_and_a_forgotten_participant(resoc, ok, six):
    a, b, c, *_ = six
    out = ok("meeting", "add", "--client", a, "--client", b, "--date", MEETING_DAY,
             "--minutes", "60", "--activity", "therapy-family", "--json")  # fmt: skip
    doc = json.loads(out)
    assert doc["group"] is None and [p["client"] for p in doc["participants"]] == [a, b]
    ok("meeting", "join", str(doc["id"]), c)
    _, shown = as_json(resoc, "meeting", "show", str(doc["id"]))
    assert [p["client"] for p in shown["participants"]] == [a, b, c]
    assert as_json(resoc, "hours", c)[1]["attended_minutes"] == EARLIER * 120 + 60


@pytest.mark.parametrize(
    "args, message",
    [
        (["meeting", "add", "NONE", "--date", MEETING_DAY, "--hours", "2"], "NONE"),
        (["meeting", "add", "SV", "--date", MEETING_DAY], "hours"),
        (
            ["meeting", "add", "SV", "--client", "K0001", "--date", MEETING_DAY, "--hours", "2"],
            "client",
        ),  # fmt: skip
        (
            ["meeting", "add", "SV", "--date", MEETING_DAY, "--hours", "2", "--absent", "K0099"],
            "no client",
        ),  # fmt: skip
        (["meeting", "mark", "999", "K0001", "--attendance", "late"], "999"),
        (["meeting", "edit", "1", "--hours", "-2"], "hours"),
        (["meeting", "join", "1", "K0001"], "K0001"),
        (["meeting", "delete", "1"], "--yes"),
    ],
)
def test_bad_meeting_commands_are_refused_and_write_nothing(resoc, six, args, message, private_db):
    from tests.support import rows

    def snapshot():
        return [rows(private_db, f"SELECT count(*) FROM {t}")[0][0]
                for t in ("meetings", "sessions", "audit", "journal")]  # fmt: skip

    before = snapshot()
    run = resoc(*args)
    assert run.exception is None, run.exception
    assert run.exit_code != 0 and message in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert snapshot() == before


def test_deleting_a_meeting_removes_its_sessions_and_undo_brings_them_back(resoc, ok, six):
    a = six[0]
    ok("meeting", "delete", "1", "--yes")
    assert as_json(resoc, "hours", a)[1]["attended_minutes"] == (EARLIER - 1) * 120
    _, year = as_json(resoc, "report", "year", "2026")
    assert (year["meetings"], year["attendances"]) == (EARLIER - 1, (EARLIER - 1) * 6)
    ok("undo", "--yes")
    assert as_json(resoc, "hours", a)[1]["attended_minutes"] == EARLIER * 120
    _, shown = as_json(resoc, "meeting", "show", "1")
    assert len(shown["participants"]) == 6
