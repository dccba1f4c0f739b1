"""Issue 12 part A, the use cases: sessions follow their enrolment when it is made or its
start corrected; client details are emptied with --clear; complete and drop take a name."""

from datetime import date, timedelta

import pytest
from support import write

from resoc_cli.domain.errors import Conflict, InvalidInput, NotFound
from resoc_cli.services import clients, privacy, programmes, sessions, status

DAY = date(2026, 3, 2)


@pytest.fixture
def pokus(conn):
    """K0001 Pokusný Klient, not enrolled yet."""
    return write(conn, clients.add_client, DAY, name="Pokusný Klient", born="1988-04-12",
                 sex="m")["code"]  # fmt: skip


def session(conn, code, day, minutes=120, **extra):
    return write(conn, sessions.add_session, code, date=day, minutes=minutes, **extra)


def attended(conn, code):
    return status.hours_document(conn, code)[0]["attended_minutes"]


def test_enrol_counts_the_sessions_typed_before_it_from_its_first_day(conn, pokus):
    before = session(conn, pokus, DAY - timedelta(days=1))
    on_the_day = session(conn, pokus, DAY)
    after = session(conn, pokus, DAY + timedelta(days=7), minutes=90)
    assert {s["enrolment_id"] for s in (before, on_the_day, after)} == {None}
    result = write(conn, programmes.enrol, pokus, "adult", DAY)
    assert (result["sessions_counted"], result["sessions_uncounted"]) == (2, 0)
    assert attended(conn, pokus) == 210  # the day before is not counted
    assert result["programme_name"] == "Resocializační program pro dospělé"


def test_enrol_does_not_take_sessions_that_count_toward_an_earlier_enrolment(conn, pokus):
    write(conn, programmes.enrol, pokus, "adult", DAY)
    session(conn, pokus, DAY + timedelta(days=1))
    write(conn, programmes.drop, pokus, DAY + timedelta(days=2), None)
    result = write(conn, programmes.enrol, pokus, "adult", DAY + timedelta(days=3))
    assert result["sessions_counted"] == 0
    assert attended(conn, pokus) == 0  # the new enrolment's hours


@pytest.fixture
def enrolled(conn, pokus):
    """Sessions on DAY-14, DAY-7, DAY, DAY+7; enrolled from DAY (two count)."""
    for days in (-14, -7, 0, 7):
        session(conn, pokus, DAY + timedelta(days=days))
    write(conn, programmes.enrol, pokus, "adult", DAY)
    assert attended(conn, pokus) == 240
    return pokus


def test_an_earlier_start_counts_the_earlier_sessions_a_later_one_uncounts_them(conn, enrolled):
    earlier = write(conn, programmes.edit_enrolment, enrolled, start=DAY - timedelta(days=7))
    assert (earlier["sessions_counted"], earlier["sessions_uncounted"]) == (1, 0)
    assert attended(conn, enrolled) == 360
    assert status.hours_document(conn, enrolled)[0]["start_date"] == "2026-02-23"
    later = write(conn, programmes.edit_enrolment, enrolled, start=DAY + timedelta(days=1))
    assert (later["sessions_counted"], later["sessions_uncounted"]) == (0, 2)
    assert attended(conn, enrolled) == 120
    listed = sessions.list_sessions(conn, enrolled, None, None)
    assert [s["programme"] for s in listed] == [None, None, None, "adult"]
    entries = privacy.audit_log(conn, enrolled, None)
    assert entries[-3]["changes"] == {"start_date": {"old": "2026-02-23", "new": "2026-03-03"}}
    assert entries[-1]["changes"]["enrolment_id"]["new"] is None


def test_a_new_programme_keeps_the_sessions(conn, enrolled):
    result = write(conn, programmes.edit_enrolment, enrolled, programme="juvenile")
    assert result["changed"] == ["programme_id"] and result["sessions_uncounted"] == 0
    assert "audience" in result["warnings"][0]  # an adult in the juveniles' programme
    hours = status.hours_document(conn, enrolled)[0]
    assert (hours["programme"], hours["attended_minutes"]) == ("juvenile", 240)


def test_a_new_programme_with_fewer_phases_than_a_counted_session_is_refused(conn, pokus):
    write(conn, programmes.add_programme, "otcove", name="Otcové", min_hours="10", phases=2)
    write(conn, programmes.enrol, pokus, "adult", DAY)
    session(conn, pokus, DAY, phase=3)
    with pytest.raises(InvalidInput, match="otcove has 2 phases"):
        write(conn, programmes.edit_enrolment, pokus, programme="otcove")
    with pytest.raises(NotFound, match="no programme"):
        write(conn, programmes.edit_enrolment, pokus, programme="nic")
    assert status.hours_document(conn, pokus)[0]["programme"] == "adult"


def test_the_start_stays_within_the_end_and_off_the_other_enrolments(conn, pokus):
    first_end = DAY + timedelta(days=10)
    write(conn, programmes.enrol, pokus, "adult", DAY)
    write(conn, programmes.drop, pokus, first_end, None)
    with pytest.raises(InvalidInput, match="after the enrolment ended"):
        write(conn, programmes.edit_enrolment, pokus, start=first_end + timedelta(days=1))
    write(conn, programmes.edit_enrolment, pokus, start=first_end)  # a one-day enrolment
    write(conn, programmes.enrol, pokus, "adult", first_end + timedelta(days=5))
    with pytest.raises(Conflict, match="before the client's earlier enrolment ended"):
        write(conn, programmes.edit_enrolment, pokus, start=first_end - timedelta(days=1))
    moved = write(conn, programmes.edit_enrolment, pokus, start=first_end)  # the day it ended
    assert moved["start_date"] == first_end.isoformat() and moved["state"] == "active"


def test_an_ended_enrolment_counts_only_sessions_up_to_its_end(conn, pokus):
    end = DAY + timedelta(days=10)
    write(conn, programmes.enrol, pokus, "adult", DAY)
    write(conn, programmes.drop, pokus, end, None)
    session(conn, pokus, DAY - timedelta(days=3))
    session(conn, pokus, end + timedelta(days=1))  # after the end: counts toward none
    result = write(conn, programmes.edit_enrolment, pokus, start=DAY - timedelta(days=3))
    assert result["sessions_counted"] == 1 and attended(conn, pokus) == 120


def test_enrolment_edit_refuses_nothing_to_do_and_a_client_never_enrolled(conn, pokus):
    with pytest.raises(InvalidInput, match="nothing to change"):
        write(conn, programmes.edit_enrolment, pokus)
    with pytest.raises(NotFound, match="never been enrolled"):
        write(conn, programmes.edit_enrolment, pokus, start=DAY)
    write(conn, programmes.enrol, pokus, "adult", DAY)
    with pytest.raises(InvalidInput, match="before the client's birth"):
        write(conn, programmes.edit_enrolment, pokus, start=date(1980, 1, 1))


def test_a_correction_is_not_a_dropout_in_the_yearly_report(conn, enrolled):
    from resoc_cli.services.reports import year_report

    write(conn, programmes.edit_enrolment, enrolled, start=DAY - timedelta(days=14))
    year = year_report(conn, "2026")
    assert (year["dropped_out"], year["completed"], year["new_clients"]) == (0, 0, 1)


# --- complete and drop by a part of the name ---------------------------------------------


def test_complete_and_drop_resolve_a_part_of_the_name(conn, pokus):
    write(conn, programmes.enrol, pokus, "adult", DAY)
    write(conn, clients.add_client, DAY, name="Testová Tereza", born="1990-02-02", sex="f")
    with pytest.raises(InvalidInput, match="matches 2 clients"):
        write(conn, programmes.drop, "e", DAY, None)  # in both names: refused, not guessed
    assert write(conn, programmes.drop, "pokusn", DAY, None)["client"] == pokus


# --- client edit --clear -------------------------------------------------------------------


def test_clear_empties_optional_details_and_refuses_required_ones(conn, pokus):
    write(conn, clients.edit_client, pokus, release="2027-01-31", status="in-prison", note="x")
    result = write(conn, clients.edit_client, pokus, clear=("release", "Note"))
    assert sorted(result["changed"]) == ["note", "release"]
    shown = clients.client_document(conn, pokus, DAY)
    assert (shown["release_date"], shown["note"], shown["status"]) == (None, None, "in-prison")
    assert privacy.audit_log(conn, pokus, None)[-1]["changes"] == {
        "note": {"old": "x", "new": None},
        "release_date": {"old": "2027-01-31", "new": None},
    }
    with pytest.raises(InvalidInput) as refused:
        write(conn, clients.edit_client, pokus, clear=("name", "born", "status"))
    assert str(refused.value) == (
        "clear: name, born cannot be cleared; these can: referral, status, release, contract, note"
    )
    assert clients.client_document(conn, pokus, DAY)["status"] == "in-prison"  # nothing written
    with pytest.raises(InvalidInput, match="given a value and cleared at once"):
        write(conn, clients.edit_client, pokus, clear=("status",), status="released")


def test_an_empty_release_empties_it_rather_than_failing_as_not_a_date(conn, pokus):
    """Found in use: `client edit K0001 --release ""` said "not a date"."""
    write(conn, clients.edit_client, pokus, release="2027-01-31")
    assert write(conn, clients.edit_client, pokus, release="")["changed"] == ["release"]
    assert clients.client_document(conn, pokus, DAY)["release_date"] is None
    with pytest.raises(InvalidInput, match="name: must not be empty"):
        write(conn, clients.edit_client, pokus, name="")  # a required one stays required
