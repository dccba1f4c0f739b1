"""The use cases, called as any program would: an open connection, a transaction, plain
values. No Typer anywhere in these tests: the rules live in the services."""

from datetime import date, timedelta

import pytest
from support import write

from resoc_cli.domain.errors import Conflict, InvalidInput, NotFound, RuleNotMet
from resoc_cli.services import clients, family, plans, privacy, programmes, sessions, status
from resoc_cli.storage.db import transaction

DAY = date(2026, 3, 2)


@pytest.fixture
def ferda(conn):
    """K0001 Ferda Mravenec, adult programme from DAY."""
    code = write(conn, clients.add_client, DAY, name="Ferda Mravenec", born="1988-04-12", sex="m")
    write(conn, programmes.enrol, code["code"], "adult", DAY)
    return code["code"]


def sessions_of(conn, code):
    return status.hours_document(conn, code)[0]


def test_add_client_gives_the_next_code_and_refuses_every_bad_field_at_once(conn):
    assert write(
        conn, clients.add_client, DAY, name="Ferda Mravenec", born="1.2.1988", sex="m"
    ) == {"code": "K0001"}
    with pytest.raises(InvalidInput) as refused:
        write(conn, clients.add_client, DAY, name=" ", born="2999-01-01", sex="q")
    assert [p.split(":")[0] for p in refused.value.problems] == ["name", "born", "sex"]
    assert clients.list_clients(conn, True)[0]["code"] == "K0001"
    assert len(clients.list_clients(conn, True)) == 1  # the refused one wrote nothing


def test_a_session_counts_from_the_enrolment_day_not_before(conn, ferda):
    before = write(conn, sessions.add_session, ferda, date=DAY - timedelta(days=1), minutes=120)
    on = write(conn, sessions.add_session, ferda, date=DAY, minutes=90)
    assert before["enrolment_id"] is None and "before the enrolment" in before["warnings"][0]
    assert on["enrolment_id"] is not None and on["warnings"] == []
    assert sessions_of(conn, ferda)["attended_minutes"] == 90


def test_a_session_phase_beyond_the_programme_is_refused_and_a_closed_client_takes_none(
    conn, ferda
):
    with pytest.raises(InvalidInput, match="phase: adult has 3 phases, not 4"):
        write(conn, sessions.add_session, ferda, date=DAY, minutes=120, phase=4)
    write(conn, programmes.drop, ferda, DAY, None)
    write(conn, clients.close_client, ferda, DAY, "moved away")
    with pytest.raises(Conflict, match="is closed"):
        write(conn, sessions.add_session, ferda, date=DAY, minutes=120)


def test_no_date_before_the_clients_birth(conn):
    code = write(conn, clients.add_client, DAY, name="Cipísek Lesní", born="2010-05-05", sex="m")
    with pytest.raises(InvalidInput, match="before the client's birth"):
        write(conn, programmes.enrol, code["code"], "juvenile", date(2010, 5, 4))
    with pytest.raises(InvalidInput, match="before the client's birth"):
        write(conn, plans.add_need, code["code"], "family", date(2009, 1, 1))


def test_complete_needs_the_hours_and_the_agreed_plan_on_the_boundary(conn, ferda):
    for week in range(14):
        write(conn, sessions.add_session, ferda, date=DAY + timedelta(weeks=week), minutes=120)
    write(conn, sessions.add_session, ferda, date=DAY + timedelta(weeks=14), minutes=114)
    end = DAY + timedelta(weeks=15)
    with pytest.raises(RuleNotMet, match=r"0\.1 h short of 30 h"):
        write(conn, programmes.complete, ferda, end)
    write(conn, sessions.add_session, ferda, date=DAY + timedelta(weeks=14), minutes=6)
    with pytest.raises(RuleNotMet, match="plan"):  # 30 h, but no plan
        write(conn, programmes.complete, ferda, end)
    write(conn, plans.add_need, ferda, "debts", DAY)
    write(conn, plans.add_goal, ferda, area="debts", text="Splátkový kalendář", date=DAY)
    write(conn, plans.agree_plan, ferda, DAY)
    assert write(conn, programmes.complete, ferda, end)["end_date"] == end.isoformat()
    assert status.check_documents(conn, ferda)[0]["state"] == "completed"


def test_complete_and_drop_take_a_name_as_check_does(conn, ferda):
    """Found in use: `resoc drop NAME` said "has no active enrolment" while `check NAME`
    worked; the name was never resolved to the code."""
    assert write(conn, programmes.drop, "mravenec", DAY, "moved")["client"] == ferda
    with pytest.raises(Conflict, match="K0001 has no active enrolment"):
        write(conn, programmes.complete, "Ferda", DAY)


def test_one_active_enrolment_at_a_time(conn, ferda):
    with pytest.raises(Conflict, match="already has an active enrolment"):
        write(conn, programmes.enrol, ferda, "juvenile", DAY)


def test_a_goal_closes_once_and_never_before_it_was_set(conn, ferda):
    goal = write(conn, plans.add_goal, ferda, area="work", text="Najít práci", date=DAY)["id"]
    with pytest.raises(InvalidInput, match="before the goal was set"):
        write(conn, plans.close_goal, ferda, goal, outcome="job-found", date=DAY - timedelta(1))
    write(conn, plans.close_goal, ferda, goal, outcome="job-found", date=DAY)
    with pytest.raises(Conflict, match="already closed"):
        write(conn, plans.close_goal, ferda, goal, outcome="achieved", date=DAY)
    with pytest.raises(NotFound):
        write(conn, plans.close_goal, ferda, goal + 1, date=DAY)


def test_a_contact_is_with_this_clients_own_family(conn, ferda):
    other = write(conn, clients.add_client, DAY, name="Šnek Pomalý", born="1970-05-05", sex="m")
    member = write(conn, family.add_member, other["code"], name="Šnečice", relation="partner")
    with pytest.raises(NotFound, match="no family member"):
        write(conn, family.add_contact, ferda, member=member["id"], date=DAY, kind="phone")
    contact = write(conn, family.add_contact, other["code"], member=member["id"], date=DAY,
                    kind="telefon")  # fmt: skip
    assert family.list_contacts(conn, other["code"])[0]["id"] == contact["id"]


def test_consent_takes_exactly_one_date_and_erasure_only_a_closed_client(conn, ferda):
    with pytest.raises(InvalidInput, match="exactly one"):
        write(conn, privacy.set_consent, ferda, "pms", "2026-03-02", "2026-03-03")
    assert write(conn, privacy.set_consent, ferda, "PMS", "2026-03-02", None)["party"] == "pms"
    with pytest.raises(Conflict, match="is open"):
        write(conn, privacy.erase, ferda, DAY)
    write(conn, programmes.drop, ferda, DAY, None)
    write(conn, clients.close_client, ferda, DAY, None)
    assert write(conn, privacy.erase, ferda, DAY)["found"]["clients"] == 1
    with pytest.raises(Conflict, match="was erased"):  # nothing personal may come back
        write(conn, family.add_member, ferda, name="Beruška", relation="partner")


def test_a_failed_use_case_leaves_nothing_of_its_transaction(conn, ferda):
    with pytest.raises(NotFound), transaction(conn):
        sessions.add_session(conn, ferda, date=DAY, minutes=120)
        sessions.add_session(conn, "K0404", date=DAY, minutes=120)
    assert sessions.list_sessions(conn, ferda, None, None) == []
