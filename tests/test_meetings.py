"""Groups and meetings at the service level: who takes part, what each session counts,
corrections of the meeting and of one participant, and undo of all of it."""

from datetime import date

import pytest
from support import write

from resoc_cli.domain.errors import Conflict, InvalidInput
from resoc_cli.services import clients, groups, meetings, programmes, sessions, undo
from resoc_cli.storage import audit

START = date(2026, 3, 2)
NAMES = ["Ferda Mravenec", "Beruška Tečkovaná", "Pytlík Brouk", "Cvrček Muzikant",
         "Maková Panenka", "Vosa Kalous"]  # fmt: skip


def minutes(conn, code):
    row = conn.execute(
        """SELECT coalesce(sum(s.minutes), 0) FROM sessions s JOIN clients c ON c.id = s.client_id
           JOIN enrolments e ON e.id = s.enrolment_id
           WHERE c.code = ? AND s.attendance IN ('attended', 'late')""",
        (code,),
    ).fetchone()
    return row[0]


@pytest.fixture
def six(conn):
    """Six enrolled adults in group SV (programme adult) from START."""
    codes = []
    for i, name in enumerate(NAMES):
        code = write(conn, clients.add_client, START, name=name, born=f"199{i}-01-01", sex="m")
        codes.append(code["code"])
        write(conn, programmes.enrol, code["code"], "adult", START)
    write(conn, groups.add_group, "SV", "Sociální výcvik", "adult")
    write(conn, groups.join, "SV", codes, START)
    return codes


def add(conn, group="SV", clients_=(), named=None, **values):
    values = {"date": date(2026, 3, 9), "minutes": 120, **values}
    return write(conn, meetings.add_meeting, group, list(clients_), named or {}, **values)


def rows(conn, table):
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_meeting_records_a_session_per_member_with_the_attendance_named(conn, six):
    a, b, c, d, e, f = six
    doc = add(conn, named={"absent": [d], "excused": [e], "late": [f]})
    by = {p["client"]: p for p in doc["participants"]}
    assert {k: p["attendance"] for k, p in by.items()} == {
        a: "attended", b: "attended", c: "attended",
        d: "no-show", e: "excused", f: "late",
    }  # fmt: skip
    assert [minutes(conn, k) for k in six] == [120, 120, 120, 0, 0, 120]
    assert by[a]["attended_minutes"] == 120 and by[d]["attended_minutes"] == 0
    ids = {r[0] for r in conn.execute("SELECT meeting_id FROM sessions")}
    assert ids == {doc["id"]} and rows(conn, "sessions") == 6 and doc["warnings"] == []


def test_membership_covers_the_joining_day_but_not_the_day_of_leaving(conn, six):
    a, b, c, *_ = six
    write(conn, groups.leave, "SV", b, date(2026, 3, 9))  # left on the meeting's day
    write(conn, groups.leave, "SV", c, date(2026, 3, 10))  # left the day after
    late_joiner = write(
        conn, clients.add_client, START, name="Kuk Ptáček", born="1995-05-05", sex="m"
    )["code"]
    write(conn, groups.join, "SV", [late_joiner], date(2026, 3, 9))
    newer = write(
        conn, clients.add_client, START, name="Čmelák Bzučil", born="1995-05-06", sex="m"
    )["code"]
    write(conn, groups.join, "SV", [newer], date(2026, 3, 10))
    doc = add(conn)
    taking_part = {p["client"] for p in doc["participants"]}
    assert b not in taking_part and newer not in taking_part
    assert {a, c, late_joiner} <= taking_part and len(taking_part) == 6


def test_a_named_client_who_is_not_a_participant_writes_nothing(conn, six):
    outsider = write(
        conn, clients.add_client, START, name="Kuk Ptáček", born="1995-05-05", sex="m"
    )["code"]
    before = rows(conn, "audit")
    with pytest.raises(InvalidInput, match="not among the meeting's participants"):
        add(conn, named={"absent": [outsider]})
    with pytest.raises(InvalidInput, match="already named with --absent"):
        add(conn, named={"absent": [six[0]], "late": [six[0]]})
    assert rows(conn, "meetings") == 0 and rows(conn, "sessions") == 0
    assert rows(conn, "audit") == before


@pytest.mark.parametrize(
    ("group", "clients_"), [("SV", ["Ferda"]), (None, [])], ids=["both", "neither"]
)
def test_a_meeting_names_a_group_or_clients(conn, six, group, clients_):
    with pytest.raises(InvalidInput, match="GROUP or --client"):
        add(conn, group=group, clients_=clients_)
    assert rows(conn, "meetings") == 0


def test_a_group_without_members_that_day_is_refused(conn, six):
    write(conn, groups.add_group, "PRAZDNA", "Prázdná skupina", None)
    with pytest.raises(InvalidInput, match="no members"):
        add(conn, group="PRAZDNA")
    with pytest.raises(InvalidInput, match="no members"):
        add(conn, date=date(2026, 3, 1))  # before everyone joined
    assert rows(conn, "meetings") == 0


def test_an_ad_hoc_meeting_of_named_clients_and_one_not_enrolled(conn, six):
    guest = write(conn, clients.add_client, START, name="Kuk Ptáček", born="1995-05-05", sex="m")[
        "code"
    ]
    doc = add(conn, group=None, clients_=[six[0], guest], activity="case-conference")
    assert doc["group"] is None and [p["client"] for p in doc["participants"]] == [
        six[0],
        guest,
    ]
    assert any(w.startswith(f"{guest}: ") and "no active enrolment" in w for w in doc["warnings"])
    by = {p["client"]: p for p in doc["participants"]}
    assert by[guest]["attended_minutes"] is None and by[six[0]]["attended_minutes"] == 120
    with pytest.raises(InvalidInput, match="named twice"):
        add(conn, group=None, clients_=[guest, guest])


def test_a_closed_case_is_left_out_and_closing_ends_its_memberships(conn, six):
    write(conn, programmes.drop, six[5], date(2026, 3, 5), None)
    write(conn, clients.close_client, six[5], date(2026, 3, 6), None)
    ended = conn.execute(
        """SELECT m.end_date FROM group_members m JOIN clients c ON c.id = m.client_id
           WHERE c.code = ?""",
        (six[5],),
    ).fetchall()
    assert [tuple(r) for r in ended] == [("2026-03-06",)]
    doc = add(conn)
    assert six[5] not in {p["client"] for p in doc["participants"]}


def test_a_phase_beyond_a_participants_programme_refuses_the_whole_meeting(conn, six):
    with pytest.raises(InvalidInput, match="phase"):
        add(conn, phase=4)  # the adult programme has 3 phases
    assert rows(conn, "meetings") == 0 and rows(conn, "sessions") == 0


def test_editing_the_meeting_moves_every_session_but_one_corrected_on_its_own(conn, six):
    a, b, *_ = six
    doc = add(conn, named={"late": [b]})
    late = next(p for p in doc["participants"] if p["client"] == b)
    result = write(conn, meetings.mark, doc["id"], b, None, 60)  # came an hour late
    assert result["differs_from_meeting"] == ["minutes"]
    edited = write(conn, meetings.edit_meeting, doc["id"], minutes=150, note="téma: dluhy")
    assert edited["changed"] == ["minutes", "note"] and edited["sessions_changed"] == 5
    assert edited["kept"] == [{"client": b, "fields": ["minutes"]}]
    assert minutes(conn, a) == 150 and minutes(conn, b) == 60
    shown = meetings.show_meeting(conn, doc["id"])
    assert shown["minutes"] == 150 and shown["note"] == "téma: dluhy"
    assert [p["client"] for p in shown["participants"] if p["differs"]] == [b]
    assert late["session_id"] == next(
        p["session_id"] for p in shown["participants"] if p["client"] == b
    )


def test_moving_the_meeting_before_the_enrolment_uncounts_every_session(conn, six):
    doc = add(conn)
    write(conn, meetings.edit_meeting, doc["id"], date=date(2026, 3, 1))
    assert [minutes(conn, k) for k in six] == [0] * 6
    dates = {r[0] for r in conn.execute("SELECT date FROM sessions")}
    assert dates == {"2026-03-01"}
    with pytest.raises(InvalidInput, match="nothing to change"):
        write(conn, meetings.edit_meeting, doc["id"])


def test_mark_and_join_correct_one_participant(conn, six):
    d = six[3]
    doc = add(conn, named={"absent": [d]})
    write(conn, meetings.mark, doc["id"], d, "excused")
    assert meetings.show_meeting(conn, doc["id"])["participants"][3]["attendance"] == "excused"
    write(conn, meetings.mark, doc["id"], d, "attended")
    assert minutes(conn, d) == 120
    guest = write(conn, clients.add_client, START, name="Kuk Ptáček", born="1995-05-05", sex="m")[
        "code"
    ]
    with pytest.raises(Conflict, match="not a participant"):
        write(conn, meetings.mark, doc["id"], guest, "late")
    joined = write(conn, meetings.join_meeting, doc["id"], guest)
    assert joined["client"] == guest
    with pytest.raises(Conflict, match="already a participant"):
        write(conn, meetings.join_meeting, doc["id"], guest)
    assert len(meetings.show_meeting(conn, doc["id"])["participants"]) == 7


def test_a_session_of_a_meeting_edited_on_its_own_says_it_now_differs(conn, six):
    a, b, *_ = six
    doc = add(conn)
    session_a = doc["participants"][0]["session_id"]
    result = write(conn, sessions.edit_session, session_a, minutes=90)
    assert any("now differs from its meeting" in w for w in result["warnings"])
    same = write(conn, sessions.edit_session, session_a, note="přišel unavený")
    assert not any("differs" in w for w in same["warnings"])
    with pytest.raises(Conflict, match="already has a session of meeting"):
        write(conn, sessions.edit_session, session_a, client=b)


def test_deleting_a_meeting_and_undoing_it_and_its_adding(conn, six):
    doc = add(conn, named={"excused": [six[4]]})
    before = {
        t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}"))) for t in ("meetings", "sessions")
    }
    deleted = write(conn, meetings.delete_meeting, doc["id"])
    assert deleted["sessions_deleted"] == 6 and rows(conn, "sessions") == 0
    write(conn, undo.undo, None)
    after = {
        t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}"))) for t in ("meetings", "sessions")
    }
    assert after == before
    write(conn, undo.undo, None)  # the undo itself is not undone: the meeting's adding is
    assert rows(conn, "meetings") == 0 and rows(conn, "sessions") == 0
    checked, broken = audit.verify(conn)
    assert broken is None and checked > 20


def test_memberships_join_twice_leave_and_come_back(conn, six):
    a = six[0]
    with pytest.raises(Conflict, match="already in SV"):
        write(conn, groups.join, "SV", [a], date(2026, 3, 5))
    with pytest.raises(InvalidInput, match="before"):
        write(conn, groups.leave, "SV", a, date(2026, 3, 1))
    write(conn, groups.leave, "SV", a, date(2026, 3, 10))
    with pytest.raises(Conflict, match="not in SV"):
        write(conn, groups.leave, "SV", a, date(2026, 3, 11))
    with pytest.raises(Conflict, match="left SV"):
        write(conn, groups.join, "SV", [a], date(2026, 3, 9))
    write(conn, groups.join, "SV", [a], date(2026, 3, 20))
    spans = [
        (m["joined"], m["left"])
        for m in groups.show_group(conn, "SV")["members"]
        if m["client"] == a
    ]
    assert spans == [("2026-03-20", None), ("2026-03-02", "2026-03-10")]
    with pytest.raises(Conflict, match="already exists"):
        write(conn, groups.add_group, "sv", "Jiná", None)


def test_group_show_counts_hours_and_meetings_attended(conn, six):
    add(conn, named={"absent": [six[3]]})
    add(conn, date=date(2026, 3, 16), minutes=150)
    doc = groups.show_group(conn, "SV")
    by = {m["client"]: m for m in doc["members"]}
    assert by[six[0]]["attended_minutes"] == 270 and by[six[0]]["meetings_attended"] == 2
    assert by[six[3]]["attended_minutes"] == 150 and by[six[3]]["meetings_attended"] == 1
    assert doc["meetings_held"] == 2 and [m["attended"] for m in doc["meetings"]] == [5, 6]
    listed = groups.list_groups(conn, date(2026, 3, 20))
    assert listed == [
        {
            "code": "SV",
            "name": "Sociální výcvik",
            "programme": "adult",
            "members": 6,
            "meetings": 2,
            "last_meeting": "2026-03-16",
        }
    ]
