"""CLI contract: every rejected input exits non-zero with ONE line on stderr that names the
field, never a traceback, and writes nothing."""

import json
from datetime import date, timedelta

import pytest

TOMORROW = (date.today() + timedelta(days=1)).isoformat()


@pytest.fixture
def caseload(ok):
    """K0001 enrolled in adult with one family member (id 1) and a goal (id 1);
    K0002 not enrolled, with family member id 2."""
    ok("client", "add", "Rumcajs Loupežník", "--born", "1984-06-01", "--sex", "m")
    ok("client", "add", "Ferda Mravenec", "--born", "1990-01-01", "--sex", "m")
    ok("enrol", "K0001", "adult", "--date", "2026-01-05")
    assert ok("family", "add", "K0001", "Cipísek Lesní", "--relation", "child") == "1"
    assert ok("family", "add", "K0002", "Beruška Tečková", "--relation", "partner") == "2"
    assert ok("plan", "goal", "K0001", "work", "Práce na pile") == "1"
    ok("session", "add", "K0001", "--date", "2026-01-06", "--hours", "2")


def snapshot(ok):
    """What a rejected command must leave untouched."""
    return (
        json.loads(ok("db", "--json"))["counts"],
        ok("client", "list", "--all", "--json"),
        ok("session", "list", "--json"),
        ok("plan", "show", "K0001", "--json"),
        ok("caseload", "--json"),
    )


def session(*extra, date="2026-02-03"):
    return ("session", "add", "K0001", "--date", date, *extra)


def new_client(*extra, name="Manka Loupežnická", born="1990-01-01", sex="f"):
    return ("client", "add", name, "--born", born, "--sex", sex, *extra)


def contact(*extra, member="1", date="2026-02-03", kind="phone"):
    return ("contact", "add", "K0001", "--member", member, "--date", date, "--kind", kind, *extra)


REJECTED = {
    # unknown client, programme, member, session, goal
    "client-session": (
        ("session", "add", "K9999", "--date", "2026-02-03", "--hours", "2"),
        "client",
    ),
    "client-enrol": (("enrol", "K9999", "adult"), "client"),
    "client-show": (("client", "show", "K9999"), "client"),
    "client-hours": (("hours", "K9999"), "client"),
    "client-check": (("check", "K9999"), "client"),
    "client-family": (("family", "add", "K9999", "Manka", "--relation", "spouse"), "client"),
    "client-plan": (("plan", "goal", "K9999", "work", "Práce"), "client"),
    "client-edit": (("client", "edit", "K9999", "--status", "released"), "client"),
    "programme": (("enrol", "K0002", "pohadkovy"), "programme"),
    "member-session": (session("--hours", "2", "--with", "999"), "member"),
    "member-contact": (contact(member="999"), "member"),
    "member-foreign": (session("--hours", "2", "--with", "2"), "member"),
    "session-id": (("session", "delete", "999", "--yes"), "session"),
    "goal-id": (("plan", "done", "K0001", "999"), "goal"),
    # dates that do not exist, or lie in the future where only the past makes sense
    "date-feb-30": (session("--hours", "2", date="2026-02-30"), "date"),
    "date-czech-feb-30": (session("--hours", "2", date="30.2.2026"), "date"),
    "date-month-13": (session("--hours", "2", date="2026-13-01"), "date"),
    "date-words": (session("--hours", "2", date="next tuesday"), "date"),
    "date-tomorrow": (session("--hours", "2", date=TOMORROW), "date"),
    "date-far-future": (session("--hours", "2", date="2099-06-01"), "date"),
    "born-feb-30": (new_client(born="2026-02-30"), "born"),
    "born-future": (new_client(born="2099-01-01"), "born"),
    "edit-born-feb-30": (("client", "edit", "K0002", "--born", "2025-02-29"), "born"),
    "member-born-feb-30": (
        ("family", "add", "K0001", "Hejkal", "--relation", "sibling", "--born", "31.4.1990"),
        "born",
    ),
    "goal-due-feb-30": (("plan", "goal", "K0001", "housing", "Byt", "--due", "2027-02-30"), "due"),
    "contact-future": (contact(date=TOMORROW), "date"),
    "agree-future": (("plan", "agree", "K0001", "--date", TOMORROW), "date"),
    "month": (("session", "list", "--month", "2026-13"), "month"),
    # durations: zero, negative, absurd, not a number, both units
    "hours-zero": (session("--hours", "0"), "hours"),
    "minutes-zero": (session("--minutes", "0"), "minutes"),
    "hours-negative": (session("--hours", "-2"), "hours"),
    "minutes-negative": (session("--minutes=-30"), "minutes"),
    "hours-13": (session("--hours", "13"), "hours"),
    "minutes-721": (session("--minutes", "721"), "minutes"),
    "hours-word": (session("--hours", "dva"), "hours"),
    "hours-and-minutes": (session("--hours", "2", "--minutes", "120"), "--minutes"),
    "no-duration": (session(), "--hours"),
    "contact-minutes": (contact("--minutes", "800"), "minutes"),
    "programme-min-hours": (
        ("programme", "add", "nula", "--name", "Nulový", "--min-hours", "0"),
        "min-hours",
    ),
    # a second active enrolment
    "second-enrolment": (("enrol", "K0001", "juvenile", "--date", "2026-02-01"), "enrolment"),
    # unknown choices
    "activity": (session("--hours", "2", "--activity", "nonsense"), "--activity"),
    "attendance": (session("--hours", "2", "--attendance", "asleep"), "--attendance"),
    "sex": (new_client(sex="q"), "--sex"),
    "referral": (new_client("--referral", "fairy"), "--referral"),
    "relation": (("family", "add", "K0001", "Hejkal", "--relation", "ghost"), "--relation"),
    "kind": (contact(kind="owl"), "--kind"),
    "area": (("plan", "need", "K0001", "magic"), "AREA"),
    "audience": (
        ("programme", "add", "lesni", "--name", "Lesní", "--min-hours", "5", "--audience", "elves"),
        "--audience",
    ),
    "phase": (session("--hours", "2", "--phase", "4"), "phase"),
    # text that cannot be a name or a code
    "name-empty": (new_client(name="   "), "name"),
    "name-newline": (new_client(name="Manka\nLoupežnická"), "name"),
    "code": (new_client("--code", "K 1; --"), "code"),
    "code-taken": (new_client("--code", "k0002"), "code"),
}


@pytest.mark.parametrize("args, field", REJECTED.values(), ids=REJECTED.keys())
def test_rejected_input(caseload, ok, resoc, args, field):
    before = snapshot(ok)
    run = resoc(*args)
    assert run.exit_code != 0
    assert run.exception is None, run.exception
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert field in lines[0]
    assert run.stdout.strip() == ""
    assert snapshot(ok) == before


def test_the_twelve_hour_limit_is_inclusive(caseload, ok):
    ok(*session("--hours", "12"))
    ok(*session("--minutes", "720", date="2026-02-04"))
    minutes = [r["minutes"] for r in json.loads(ok("session", "list", "--json"))]
    assert minutes[-2:] == [720, 720]


def test_hostile_text_is_stored_verbatim(ok):
    name = "Rumcajs \"Loupežník\" O'Řáholec'; DROP TABLE clients; -- 🌲🦉"
    note = "[bold red]not markup[/] <script>alert('x')</script> \\N; DELETE FROM sessions"
    code = ok("client", "add", name, "--born", "1984-06-01", "--sex", "m", "--note", note)
    ok("enrol", code, "adult", "--date", "2026-01-05")
    ok("session", "add", code, "--date", "2026-02-03", "--hours", "2", "--note", note)
    member = ok("family", "add", code, "Manka 'Robert'); --", "--relation", "spouse")
    goal = "Pay the miller 💰; DROP TABLE plan_goals;"
    ok("plan", "goal", code, "debts", goal)

    shown = json.loads(ok("client", "show", code, "--json"))
    assert shown["name"] == name
    assert shown["note"] == note
    assert json.loads(ok("session", "list", "--json"))[0]["note"] == note
    assert json.loads(ok("family", "list", code, "--json"))[0]["name"] == "Manka 'Robert'); --"
    assert json.loads(ok("plan", "show", code, "--json"))["goals"][0]["text"] == goal
    assert name in ok("client", "list")
    assert "[bold red]not markup[/]" in ok("client", "show", code)  # shown, not interpreted

    counts = json.loads(ok("db", "--json"))["counts"]
    assert counts["clients"] == 1
    assert counts["sessions"] == 1
    assert counts["family_members"] == 1 and member == "1"
    assert counts["plan_goals"] == 1
    assert counts["programmes"] == 2


@pytest.mark.parametrize(
    ("option", "typed", "minutes"),
    [("--hours", "2h", 120), ("--hours", "1:30", 90), ("--hours", "1 h 30 min", 90),
     ("--hours", "90 min", 90), ("--hours", "1,5h", 90), ("--minutes", "90 min", 90),
     ("--minutes", "1h30", 90), ("--minutes", "2h", 120)],
)  # fmt: skip
def test_session_durations_as_people_type_them(caseload, ok, option, typed, minutes):
    ok(*session(option, typed))
    assert json.loads(ok("session", "list", "--json"))[-1]["minutes"] == minutes


def test_a_meeting_takes_a_duration_as_people_type_it(caseload, ok):
    ok("group", "add", "SV-JARO", "--name", "Jarní skupina")
    ok("group", "join", "SV-JARO", "K0001", "--date", "2026-01-05")
    ok("meeting", "add", "SV-JARO", "--date", "2026-02-03", "--hours", "1h30")
    assert json.loads(ok("session", "list", "--json"))[-1]["minutes"] == 90


def test_a_contact_takes_minutes_as_people_type_them(caseload, ok):
    ok("contact", "add", "K0001", "--member", "1", "--date", "2026-02-03", "--kind", "phone",
       "--minutes", "0:20")  # fmt: skip
    assert json.loads(ok("contact", "list", "K0001", "--json"))[-1]["minutes"] == 20


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "hours: '2x' is not a duration (write e.g. 1.5, 1:30, 1h30 or 90 min)"),
        ("cs", "hodiny: '2x' není délka trvání (zadejte např. 1,5, 1:30, 1h30 nebo 90 min)"),
    ],
)
def test_a_duration_that_is_not_one_says_what_works(caseload, ok, resoc, lang, expected):
    before = snapshot(ok)
    run = resoc("--lang", lang, *session("--hours", "2x"))
    assert run.exit_code != 0 and run.exception is None
    [line] = run.stderr.strip().splitlines()
    assert line.endswith(": " + expected), line
    assert snapshot(ok) == before
