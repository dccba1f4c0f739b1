"""Issue 12 part A, the use cases: correcting what was typed wrong (sessions, contacts, family
members, goals, needs, enrolments, client details). Each edit is validated as the record was
when it was added, leaves an audit row with old and new values, and every derived figure
(hours, check, the yearly report) follows at once."""

from datetime import date, timedelta

import pytest
from support import write

from resoc_cli.domain.errors import Conflict, InvalidInput, NotFound
from resoc_cli.services import (
    clients,
    family,
    plans,
    privacy,
    programmes,
    reports,
    sessions,
    status,
)

DAY = date(2026, 3, 2)


def new_client(conn, name, born="1988-04-12", sex="m"):
    return write(conn, clients.add_client, DAY, name=name, born=born, sex=sex)["code"]


@pytest.fixture
def pokus(conn):
    """K0001 Pokusný Klient, adult programme from DAY."""
    code = new_client(conn, "Pokusný Klient")
    write(conn, programmes.enrol, code, "adult", DAY)
    return code


def attended(conn, code):
    return status.hours_document(conn, code)[0]["attended_minutes"]


def session(conn, code, day=DAY, minutes=120, **extra):
    return write(conn, sessions.add_session, code, date=day, minutes=minutes, **extra)["id"]


def last_audit(conn, code):
    return privacy.audit_log(conn, code, None)[-1]


# --- session edit ---------------------------------------------------------------------------


def test_a_2_h_session_corrected_to_2_5_h_shows_in_hours_check_and_the_trail(conn, pokus):
    sid = session(conn, pokus)
    assert attended(conn, pokus) == 120
    result = write(conn, sessions.edit_session, sid, minutes=150)
    assert result["changed"] == ["minutes"] and result["enrolment_id"] is not None
    assert attended(conn, pokus) == 150
    (check,) = status.check_documents(conn, pokus)
    assert "27.5 h short of 30 h (2.5 h attended)" in check["unmet"][0]
    entry = last_audit(conn, pokus)
    assert (entry["action"], entry["entity"], entry["record"]) == ("edit", "sessions", str(sid))
    assert entry["changes"] == {"minutes": {"old": 120, "new": 150}}


def test_only_the_options_given_change(conn, pokus):
    sid = session(conn, pokus, phase=2, note="první", activity="consultation")
    write(conn, sessions.edit_session, sid, attendance="late")
    (row,) = sessions.list_sessions(conn, pokus, None, None)
    assert (row["minutes"], row["phase"], row["note"], row["activity"], row["attendance"]) == (
        120, 2, "první", "consultation", "late",
    )  # fmt: skip
    with pytest.raises(InvalidInput, match="nothing to change"):
        write(conn, sessions.edit_session, sid)


def test_an_edit_is_refused_by_the_rules_of_add_and_writes_nothing(conn, pokus):
    sid = session(conn, pokus)
    before = len(privacy.audit_log(conn, pokus, None))
    with pytest.raises(InvalidInput, match="minutes"):
        write(conn, sessions.edit_session, sid, minutes=0)
    with pytest.raises(InvalidInput, match="lies in the future"):
        write(conn, sessions.edit_session, sid, date=date.today() + timedelta(days=1))
    with pytest.raises(InvalidInput, match="phase: adult has 3 phases, not 4"):
        write(conn, sessions.edit_session, sid, phase=4)
    with pytest.raises(InvalidInput, match="before the client's birth"):
        write(conn, sessions.edit_session, sid, date=date(1980, 1, 1))
    with pytest.raises(NotFound, match="no session with id 99"):
        write(conn, sessions.edit_session, 99, minutes=60)
    assert attended(conn, pokus) == 120
    assert len(privacy.audit_log(conn, pokus, None)) == before


def test_a_session_moved_before_the_enrolment_stops_counting_and_counts_again(conn, pokus):
    sid = session(conn, pokus)
    moved = write(conn, sessions.edit_session, sid, date=DAY - timedelta(days=1))
    assert moved["enrolment_id"] is None and "before the enrolment" in moved["warnings"][0]
    assert attended(conn, pokus) == 0
    back = write(conn, sessions.edit_session, sid, date=DAY)  # the enrolment day counts
    assert back["enrolment_id"] is not None and back["warnings"] == []
    assert attended(conn, pokus) == 120


def test_a_session_moved_to_another_client_counts_toward_that_clients_enrolment(conn, pokus):
    other = new_client(conn, "Testová Tereza", born="1990-02-02", sex="f")
    write(conn, programmes.enrol, other, "adult", DAY)
    mother = write(conn, family.add_member, pokus, name="Pokusná Máma", relation="parent")["id"]
    sister = write(conn, family.add_member, other, name="Testová Sestra", relation="sibling")["id"]
    sid = session(conn, pokus, members=(mother,))
    with pytest.raises(NotFound, match=f"no family member {mother} of this client"):
        write(conn, sessions.edit_session, sid, client=other)  # her members only
    result = write(conn, sessions.edit_session, sid, client="Tereza", members=(sister,))
    assert result["client"] == other
    assert (attended(conn, pokus), attended(conn, other)) == (0, 120)
    (row,) = sessions.list_sessions(conn, other, None, None)
    assert row["members"] == [sister]
    entry = last_audit(conn, other)
    assert set(entry["changes"]) == {"client_id", "enrolment_id", "members"}


def test_a_moved_session_counts_toward_none_when_the_new_client_has_no_enrolment(conn, pokus):
    other = new_client(conn, "Testová Tereza", born="1990-02-02", sex="f")
    sid = session(conn, pokus)
    result = write(conn, sessions.edit_session, sid, client=other)
    assert result["enrolment_id"] is None and "no active enrolment" in result["warnings"][0]
    assert attended(conn, pokus) == 0


def test_a_session_of_a_completed_enrolment_keeps_counting_toward_it_when_corrected(conn, pokus):
    sid = session(conn, pokus)
    write(conn, programmes.drop, pokus, DAY + timedelta(days=7), None)
    write(conn, sessions.edit_session, sid, minutes=90)
    assert attended(conn, pokus) == 90  # the dropped enrolment still covers its date


# --- contacts and family members -----------------------------------------------------------


@pytest.fixture
def mother(conn, pokus):
    return write(conn, family.add_member, pokus, name="Pokusná Máma", relation="parent")["id"]


def test_a_contact_is_corrected_and_deleted_with_the_trail(conn, pokus, mother):
    kid = write(conn, family.add_contact, pokus, member=mother, date=DAY, kind="phone")["id"]
    write(conn, family.edit_contact, kid, minutes=25, kind="dopis")
    (row,) = family.list_contacts(conn, pokus)
    assert (row["minutes"], row["kind"], row["date"]) == (25, "letter", DAY.isoformat())
    assert last_audit(conn, pokus)["changes"] == {
        "kind": {"old": "phone", "new": "letter"},
        "minutes": {"old": None, "new": 25},
    }
    write(conn, family.delete_contact, kid)
    assert family.list_contacts(conn, pokus) == []
    assert last_audit(conn, pokus)["action"] == "delete"
    with pytest.raises(NotFound, match=f"no contact with id {kid}"):
        write(conn, family.delete_contact, kid)


def test_a_contact_stays_with_the_clients_own_family(conn, pokus, mother):
    other = new_client(conn, "Testová Tereza", born="1990-02-02", sex="f")
    stranger = write(conn, family.add_member, other, name="Testová Sestra", relation="sibling")
    kid = write(conn, family.add_contact, pokus, member=mother, date=DAY, kind="phone")["id"]
    with pytest.raises(NotFound, match="of this client"):
        write(conn, family.edit_contact, kid, member=stranger["id"])
    with pytest.raises(InvalidInput, match="lies in the future"):
        write(conn, family.edit_contact, kid, date=date.today() + timedelta(days=1))
    assert family.list_contacts(conn, pokus)[0]["member_id"] == mother


def test_a_member_is_corrected_by_the_rules_of_add(conn, pokus, mother):
    write(conn, family.edit_member, mother, relation="rodič", born="1960-01-01", note="Brno")
    (row,) = family.list_members(conn, pokus, DAY)
    assert (row["name"], row["born"], row["note"]) == ("Pokusná Máma", "1960-01-01", "Brno")
    with pytest.raises(InvalidInput, match="born: lies in the future"):
        write(conn, family.edit_member, mother, born="2999-01-01")
    with pytest.raises(InvalidInput, match="name: must not be empty"):
        write(conn, family.edit_member, mother, name="  ")
    with pytest.raises(NotFound):
        write(conn, family.edit_member, mother + 1, name="Nikdo")


def test_a_member_referred_to_is_not_deleted_and_the_error_says_by_what(conn, pokus, mother):
    for day in (DAY, DAY + timedelta(days=1)):
        write(conn, family.add_contact, pokus, member=mother, date=day, kind="phone")
    sid = session(conn, pokus, members=(mother,))
    with pytest.raises(Conflict) as refused:
        write(conn, family.delete_member, mother)
    assert str(refused.value) == (
        f"family member {mother} is referred to by 2 contacts and 1 session;"
        " delete or edit those first"
    )
    write(conn, sessions.edit_session, sid, members=())
    for contact in family.list_contacts(conn, pokus)[1:]:
        write(conn, family.delete_contact, contact["id"])
    with pytest.raises(Conflict, match="referred to by 1 contact;"):
        write(conn, family.delete_member, mother)
    write(conn, family.delete_contact, family.list_contacts(conn, pokus)[0]["id"])
    write(conn, family.delete_member, mother)
    assert family.list_members(conn, pokus, DAY) == []


# --- the plan -----------------------------------------------------------------------------


@pytest.fixture
def goal(conn, pokus):
    return write(conn, plans.add_goal, pokus, area="work", text="Najít práci", date=DAY)["id"]


def test_a_need_is_removed_once(conn, pokus):
    write(conn, plans.add_need, pokus, "housing", DAY)
    assert write(conn, plans.remove_need, pokus, "housing")["removed"] is True
    assert plans.plan_document(conn, pokus)["needs"] == []
    with pytest.raises(NotFound, match="no need recorded in housing"):
        write(conn, plans.remove_need, pokus, "housing")


def test_a_goal_is_corrected_by_the_rules_of_add(conn, pokus, goal):
    write(conn, plans.edit_goal, pokus, goal, area="debts", due="2026-06-30")
    (row,) = plans.plan_document(conn, pokus)["goals"]
    assert (row["area"], row["text"], row["due"], row["set_date"]) == (
        "debts", "Najít práci", "2026-06-30", DAY.isoformat(),
    )  # fmt: skip
    with pytest.raises(InvalidInput, match="due: before the goal was set"):
        write(conn, plans.edit_goal, pokus, goal, due=DAY - timedelta(days=1))
    with pytest.raises(InvalidInput, match="due: before the goal was set"):
        write(conn, plans.edit_goal, pokus, goal, date=date(2026, 7, 1))
    with pytest.raises(InvalidInput, match="text: must not be empty"):
        write(conn, plans.edit_goal, pokus, goal, text=" ")


def test_a_closed_goal_is_never_set_after_its_closing(conn, pokus, goal):
    later = DAY + timedelta(days=10)
    write(conn, plans.close_goal, pokus, goal, outcome="job-found", date=later)
    write(conn, plans.edit_goal, pokus, goal, date=later)  # the same day: allowed
    with pytest.raises(InvalidInput, match="after the goal was closed"):
        write(conn, plans.edit_goal, pokus, goal, date=later + timedelta(days=1))


def test_the_goal_must_belong_to_the_client(conn, pokus, goal):
    other = new_client(conn, "Testová Tereza", born="1990-02-02", sex="f")
    for use_case, extra in (
        (plans.edit_goal, {"text": "Cizí"}),
        (plans.reopen_goal, {}),
        (plans.delete_goal, {}),
    ):
        with pytest.raises(NotFound, match=f"no goal {goal} in this client's plan"):
            write(conn, use_case, other, goal, **extra)
    assert len(plans.plan_document(conn, pokus)["goals"]) == 1


def test_a_reopened_goal_leaves_the_yearly_report(conn, pokus, goal):
    write(conn, plans.close_goal, pokus, goal, outcome="job-found", date=DAY)
    year = reports.year_report(conn, str(DAY.year))
    assert year["outcomes"] == {"job-found": 1}
    assert write(conn, plans.reopen_goal, pokus, goal)["reopened"] is True
    (row,) = plans.plan_document(conn, pokus)["goals"]
    assert (row["done_date"], row["outcome"]) == (None, None)
    assert reports.year_report(conn, str(DAY.year))["outcomes"] == {}
    assert last_audit(conn, pokus)["changes"] == {
        "done_date": {"old": DAY.isoformat(), "new": None},
        "outcome": {"old": "job-found", "new": None},
    }
    with pytest.raises(Conflict, match=f"goal {goal} is open"):
        write(conn, plans.reopen_goal, pokus, goal)


def test_a_deleted_goal_is_gone_and_so_is_the_plans_goal_for_its_area(conn, pokus, goal):
    write(conn, plans.delete_goal, pokus, goal)
    assert plans.plan_document(conn, pokus)["goals"] == []
    assert "plan: no goal set" in plans.plan_document(conn, pokus)["gaps"]
    with pytest.raises(NotFound):
        write(conn, plans.delete_goal, pokus, goal)
