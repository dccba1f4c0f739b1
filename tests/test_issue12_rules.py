"""Issue 12 part B: the rules every way in shares (commands, questions, imports), at the
service level: outcomes by area, dates for sense, duplicate clients, imports as the commands,
sessions with family members counted as contacts."""

from datetime import date, timedelta

import pytest

from resoc_cli.domain.errors import InvalidInput
from resoc_cli.services import clients, plans, programmes
from resoc_cli.storage.db import connect, transaction

TODAY = date.today()
DAY = TODAY - timedelta(days=60)


@pytest.fixture
def conn(tmp_path):
    c = connect(tmp_path / "rules.db")
    yield c
    c.close()


def write(conn, use_case, *args, **kwargs):
    with transaction(conn):
        return use_case(conn, *args, **kwargs)


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
