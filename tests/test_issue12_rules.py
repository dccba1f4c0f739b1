"""Issue 12 part B: the rules every way in shares (commands, questions, imports), at the
service level: outcomes by area, dates for sense, duplicate clients, imports as the commands,
sessions with family members counted as contacts."""

from datetime import date, timedelta

import pytest
from support import write

from resoc_cli.domain.errors import InvalidInput
from resoc_cli.services import clients, family, plans, programmes, sessions
from resoc_cli.storage.db import transaction

TODAY = date.today()
DAY = TODAY - timedelta(days=60)


@pytest.fixture
def ferda(conn):
    code = write(conn, clients.add_client, TODAY, name="Ferda Mravenec", born="1988-04-12", sex="m")
    write(conn, programmes.enrol, code["code"], "adult", DAY)
    return code["code"]


# --- 1. an outcome belongs to its goal's area ------------------------------------------


@pytest.mark.parametrize(
    ("area", "outcome", "fits"),
    [
        ("debts", "debt-relief-approved", True),
        ("finances", "executions-merged", True),
        ("work", "job-found", True),
        ("education", "education-continued", True),
        ("criminal-law", "alternative-sentence-completed", True),
        ("family", "family-ties-restored", True),
        ("family", "placement-prevented", True),
        ("housing", "housing-found", True),
        ("housing", "housing-kept", True),
        ("addiction", "partly-achieved", True),
        ("mental-health", "not-achieved", True),
        ("other", "achieved", True),
        ("housing", "job-found", False),
        ("work", "debt-reduced", False),
        ("debts", "housing-found", False),
        ("family", "alternative-sentence-completed", False),
        ("addiction", "family-crisis-resolved", False),
    ],
)
def test_an_outcome_belongs_to_its_goals_area(conn, ferda, area, outcome, fits):
    goal = write(conn, plans.add_goal, ferda, area=area, text="Cíl", date=DAY)["id"]
    if fits:
        assert write(conn, plans.close_goal, ferda, goal, outcome=outcome, date=DAY)["outcome"]
        return
    with pytest.raises(InvalidInput, match=f"outcome: {outcome} is not an outcome") as refused:
        write(conn, plans.close_goal, ferda, goal, outcome=outcome, date=DAY)
    assert "use achieved, partly-achieved" in str(refused.value)
    goals = plans.plan_document(conn, ferda)["goals"]
    assert goals[0]["outcome"] is None  # nothing written


def test_the_refusal_names_every_outcome_of_the_area(conn, ferda):
    goal = write(conn, plans.add_goal, ferda, area="housing", text="Byt", date=DAY)["id"]
    with pytest.raises(InvalidInput) as refused:
        write(conn, plans.close_goal, ferda, goal, outcome="job-found", date=DAY)
    assert str(refused.value) == (
        "outcome: job-found is not an outcome of a goal in housing; use achieved,"
        " partly-achieved, not-achieved, housing-found or housing-kept"
    )


# --- 4. dates are checked for sense everywhere -----------------------------------------

TOMORROW = TODAY + timedelta(days=1)


def ten_years_ahead() -> date:
    from resoc_cli.domain.parse import latest_ahead

    return latest_ahead(TODAY)


def test_ten_years_ahead_is_the_same_day_ten_years_on():
    from resoc_cli.domain.parse import latest_ahead

    assert latest_ahead(date(2026, 12, 2)) == date(2036, 12, 2)
    assert latest_ahead(date(2028, 2, 29)) == date(2038, 2, 28)


@pytest.mark.parametrize(("born", "fits"), [("1900-01-01", True), ("1899-12-31", False)])
def test_no_birth_before_1900(conn, born, fits):
    add = (write, conn, clients.add_client, TODAY)
    if fits:
        assert add[0](*add[1:], name="Děda Vševěd", born=born, sex="m")["code"] == "K0001"
        return
    with pytest.raises(InvalidInput, match="born: before 1900"):
        add[0](*add[1:], name="Děda Vševěd", born=born, sex="m")


@pytest.mark.parametrize("field", ["release"])
def test_a_release_may_lie_ten_years_ahead_and_not_a_day_more(conn, field):
    def add(day):
        return write(conn, clients.add_client, TODAY, name="Rumcajs Loupežník",
                     born="1980-01-01", sex="m", **{field: day})  # fmt: skip

    assert add(ten_years_ahead())["code"] == "K0001"
    with pytest.raises(InvalidInput, match=f"{field}: more than 10 years ahead"):
        add(ten_years_ahead() + timedelta(days=1))


def test_release_and_contract_never_before_the_birth(conn):
    for field in ("release", "contract"):
        with pytest.raises(InvalidInput, match=f"{field}: before the client's birth date"):
            write(conn, clients.add_client, TODAY, name="Cipísek Lesní", born="2010-05-05",
                  sex="m", **{field: "2010-05-04"})  # fmt: skip
    code = write(conn, clients.add_client, TODAY, name="Cipísek Lesní", born="2010-05-05",
                 sex="m", release="2010-05-05", contract="2010-05-05")["code"]  # fmt: skip
    with pytest.raises(InvalidInput, match="release: before the client's birth date"):
        write(conn, clients.edit_client, code, release="2010-05-04")


def test_a_contract_is_signed_on_a_day_that_happened(conn):
    with pytest.raises(InvalidInput, match="contract: lies in the future"):
        write(conn, clients.add_client, TODAY, name="Ferda Mravenec", born="1988-04-12",
              sex="m", contract=TOMORROW)  # fmt: skip


def test_a_due_date_may_lie_ten_years_ahead_and_not_a_day_more(conn, ferda):
    ok = write(conn, plans.add_goal, ferda, area="work", text="Práce", date=DAY,
               due=ten_years_ahead())  # fmt: skip
    assert ok["id"]
    with pytest.raises(InvalidInput, match="due: more than 10 years ahead"):
        write(conn, plans.add_goal, ferda, area="work", text="Práce", date=DAY,
              due=ten_years_ahead() + timedelta(days=1))  # fmt: skip


def test_enrolment_today_yes_tomorrow_and_9999_no(conn):
    code = write(conn, clients.add_client, TODAY, name="Ferda Mravenec", born="1988-04-12",
                 sex="m")["code"]  # fmt: skip
    for start in (TOMORROW, date(9999, 12, 31)):
        with pytest.raises(InvalidInput, match="date: lies in the future"):
            write(conn, programmes.enrol, code, "adult", start)
    with pytest.raises(InvalidInput, match="date: before 1900"):
        write(conn, programmes.enrol, code, "adult", date(1899, 12, 31))
    assert write(conn, programmes.enrol, code, "adult", TODAY)["start_date"] == TODAY.isoformat()


def test_sessions_and_contacts_from_the_birth_day_to_today(conn):
    born = TODAY - timedelta(days=5000)
    code = write(conn, clients.add_client, TODAY, name="Cipísek Lesní", born=born,
                 sex="m")["code"]  # fmt: skip
    member = write(conn, family.add_member, code, name="Bábinka Lesní", relation="relative")
    for on, problem in ((born - timedelta(1), "before the client's birth"),
                        (TOMORROW, "lies in the future")):  # fmt: skip
        with pytest.raises(InvalidInput, match=problem):
            write(conn, sessions.add_session, code, date=on, minutes=60)
        with pytest.raises(InvalidInput, match=problem):
            write(conn, family.add_contact, code, member=member["id"], date=on, kind="phone")
    assert write(conn, sessions.add_session, code, date=born, minutes=60)["id"]
    assert write(conn, sessions.add_session, code, date=TODAY, minutes=60)["id"]
    assert write(conn, family.add_contact, code, member=member["id"], date=born, kind="phone")


def test_an_enrolment_ends_on_or_after_its_start_and_not_in_the_future(conn, ferda):
    with pytest.raises(InvalidInput, match="date: before the enrolment began"):
        write(conn, programmes.drop, ferda, DAY - timedelta(days=1), None)
    with pytest.raises(InvalidInput, match="date: lies in the future"):
        write(conn, programmes.drop, ferda, TOMORROW, None)
    with pytest.raises(InvalidInput, match="date: before the enrolment began"):
        write(conn, programmes.complete, ferda, DAY - timedelta(days=1))
    assert write(conn, programmes.drop, ferda, DAY, None)["end_date"] == DAY.isoformat()


def test_a_case_closes_not_before_its_last_enrolment_ended(conn, ferda):
    write(conn, programmes.drop, ferda, DAY + timedelta(days=10), None)
    with pytest.raises(InvalidInput, match="before the client's last enrolment ended"):
        write(conn, clients.close_client, ferda, DAY + timedelta(days=9), None)
    with pytest.raises(InvalidInput, match="date: lies in the future"):
        write(conn, clients.close_client, ferda, TOMORROW, None)
    assert write(conn, clients.close_client, ferda, DAY + timedelta(days=10), None)["code"]


def test_plan_dates_are_days_that_happened(conn, ferda):
    for use_case, args in ((plans.agree_plan, ()), (plans.review_plan, (None,)),
                           (plans.add_need, ())):  # fmt: skip
        pre = ("housing",) if use_case is plans.add_need else ()
        with pytest.raises(InvalidInput, match="lies in the future"):
            write(conn, use_case, ferda, *pre, TOMORROW, *args)
    goal = write(conn, plans.add_goal, ferda, area="work", text="Práce", date=DAY)["id"]
    with pytest.raises(InvalidInput, match="lies in the future"):
        write(conn, plans.close_goal, ferda, goal, outcome="achieved", date=TOMORROW)


def test_the_agenda_survives_a_date_written_before_the_rules(conn, ferda):
    """A row from 9999-12-31 (accepted before dates were checked) made every agenda fail
    with exit 70; now it is just not due."""
    from resoc_cli.domain.agenda import Thresholds
    from resoc_cli.services.agenda import agenda_items

    write(conn, sessions.add_session, ferda, date=DAY, minutes=120)
    with transaction(conn):
        conn.execute("UPDATE enrolments SET start_date = '9999-12-31'")
        conn.execute("UPDATE clients SET release_date = '9999-12-31', status = 'in-prison'")
        conn.execute("UPDATE sessions SET enrolment_id = (SELECT id FROM enrolments)")
    assert isinstance(agenda_items(conn, TODAY, Thresholds()), list)


# --- 3. the same person twice --------------------------------------------------------------


def test_the_same_name_and_birth_date_is_refused_naming_the_existing_code(conn, ferda):
    from resoc_cli.domain.errors import Conflict

    for name in ("Ferda Mravenec", "FERDA  mravenec", "Ferda Mravenec "):
        with pytest.raises(Conflict, match="already recorded as K0001") as refused:
            write(conn, clients.add_client, TODAY, name=name, born="12.4.1988", sex="m")
        assert refused.value.exit_code == 4
    other_day = write(conn, clients.add_client, TODAY, name="Ferda Mravenec",
                      born="1988-04-13", sex="m")  # fmt: skip
    assert other_day["code"] == "K0002"
    again = write(conn, clients.add_client, TODAY, allow_duplicate=True,
                  name="Ferda Mravenec", born="1988-04-12", sex="m")  # fmt: skip
    assert again["code"] == "K0003"


def test_accents_are_folded_too(conn):
    write(conn, clients.add_client, TODAY, name="Šnek Pomalý", born="1970-05-05", sex="m")
    from resoc_cli.domain.errors import Conflict

    with pytest.raises(Conflict, match="K0001"):
        write(conn, clients.add_client, TODAY, name="snek pomaly", born="1970-05-05", sex="m")


# --- 5. imports apply the rules of the commands ----------------------------------------------


def _records(*rows: dict):
    return [(n + 2, {k: str(v) for k, v in row.items()}) for n, row in enumerate(rows)]


def test_import_clients_refuses_duplicates_of_the_database_and_of_the_file(conn, ferda):
    from resoc_cli.services.exchange import import_clients

    rows = _records(
        {"name": "ferda mravenec", "born": "1988-04-12", "sex": "m"},
        {"name": "Rumcajs Loupežník", "born": "1979-02-03", "sex": "m"},
        {"name": "Rumcajs  Loupežník", "born": "1979-02-03", "sex": "m"},
    )
    with transaction(conn):
        result = import_clients(conn, rows, TODAY, dry_run=False)
    assert result["problems"] == [
        "line 2: client: a client with the same name and birth date is already recorded as"
        " K0001 (--allow-duplicate adds another)",
        "line 4: client: the same name and birth date as line 3",
    ]
    assert result["duplicates"] == 2
    assert len(clients.list_clients(conn, True)) == 1
    with transaction(conn):
        result = import_clients(conn, rows, TODAY, dry_run=False, allow_duplicate=True)
    assert result["problems"] == [] and len(clients.list_clients(conn, True)) == 4


def test_import_clients_takes_the_date_rules_of_enrol_and_drop(conn):
    from resoc_cli.services.exchange import import_clients

    base = {"name": "Manka Čertová", "born": "1990-01-01", "sex": "f", "programme": "adult"}
    rows = _records(
        {**base, "start_date": "9999-12-31"},
        {
            **base,
            "name": "Manka Druhá",
            "start_date": "2026-01-01",
            "end_date": TOMORROW.isoformat(),
            "enrolment_state": "dropped",
        },  # fmt: skip
        {**base, "name": "Manka Třetí", "release": (ten_years_ahead() + timedelta(1)).isoformat()},
    )
    with transaction(conn):
        problems = import_clients(conn, rows, TODAY, dry_run=False)["problems"]
    assert problems == [
        "line 2: start-date: lies in the future",
        "line 3: end-date: lies in the future",
        "line 4: release: more than 10 years ahead",
    ]


def test_import_sessions_refuses_closed_and_erased_clients_as_session_add_does(conn, ferda):
    from resoc_cli.domain.errors import Conflict
    from resoc_cli.services import privacy
    from resoc_cli.services.exchange import import_sessions

    closed = write(conn, clients.add_client, TODAY, name="Rumcajs Loupežník",
                   born="1979-02-03", sex="m")["code"]  # fmt: skip
    erased = write(conn, clients.add_client, TODAY, name="Manka Čertová",
                   born="1980-02-03", sex="f")["code"]  # fmt: skip
    for code in (closed, erased):
        write(conn, clients.close_client, code, DAY, None)
    write(conn, privacy.erase, erased, TODAY)
    for code in (closed, erased):  # the command refuses both
        with pytest.raises(Conflict, match="is closed"):
            write(conn, sessions.add_session, code, date=DAY, minutes=60)
    rows = _records(
        {"date": DAY.isoformat(), "client": closed, "minutes": 60, "note": "poznámka"},
        {"date": DAY.isoformat(), "client": erased, "minutes": 60, "note": "poznámka"},
        {"date": DAY.isoformat(), "client": ferda, "minutes": 60, "phase": 4},
        {"date": "1988-04-11", "client": ferda, "minutes": 60},
        {"date": DAY.isoformat(), "client": "K0404", "minutes": 60},
        {"date": DAY.isoformat(), "client": ferda, "minutes": 60, "phase": 3},
    )
    with transaction(conn):
        result = import_sessions(conn, rows, dry_run=False)
    assert result["problems"] == [
        f"line 2: client: {closed} is closed (resoc client edit --reopen)",
        f"line 3: client: {erased} is closed (resoc client edit --reopen)",
        "line 4: phase: adult has 3 phases, not 4",
        "line 5: date: before the client's birth date",
        "line 6: client: no client with that code (a file names its clients by code)",
    ]
    assert sessions.list_sessions(conn, None, None, None) == []


# --- 9. one event, one record: a session with a family member is a contact -----------------


def test_a_session_with_a_member_counts_as_a_contact_once_a_day(conn, ferda):
    from resoc_cli.domain.agenda import Thresholds
    from resoc_cli.services.agenda import agenda_items
    from resoc_cli.services.status import caseload_documents

    write(conn, clients.edit_client, ferda, status="in-prison")
    child = write(conn, family.add_member, ferda, name="Beruška Mravencová", relation="child",
                  born=TODAY - timedelta(days=3000))["id"]  # fmt: skip
    kinds = {i["kind"] for i in agenda_items(conn, TODAY, Thresholds())}
    assert "family-contact" in kinds  # no contact at all yet
    write(conn, sessions.add_session, ferda, date=TODAY, minutes=60, members=(child,),
          activity="assisted-meeting")  # fmt: skip
    kinds = {i["kind"] for i in agenda_items(conn, TODAY, Thresholds())}
    assert "family-contact" not in kinds
    (member,) = family.list_members(conn, ferda, TODAY)
    assert member["contacts"] == 1 and member["last_contact"] == TODAY.isoformat()
    assert caseload_documents(conn, TODAY)[0]["days_since_family_contact"] == 0
    # the same meeting also logged as a contact that day: still one contact
    write(conn, family.add_contact, ferda, member=child, date=TODAY, kind="assisted-meeting")
    assert family.list_members(conn, ferda, TODAY)[0]["contacts"] == 1
    # a missed session with the member is no contact
    write(conn, sessions.add_session, ferda, date=DAY, minutes=60, members=(child,),
          attendance="no-show")  # fmt: skip
    assert family.list_members(conn, ferda, TODAY)[0]["contacts"] == 1
