"""The completion rules of seed 001 as plain unit tests (no database, no CLI)."""

from datetime import date

import pytest

from resoc_cli.domain.rules import (
    PlanFacts,
    ProgrammeRules,
    Progress,
    audience_warning,
    check_completion,
    is_juvenile,
    plan_state,
)

ADULT = ProgrammeRules("adult", 1800, sessions=15, session_minutes=120, phases=3, audience="adult")
JUVENILE = ProgrammeRules("juvenile", 2100, sessions=14, session_minutes=150, audience="juvenile")
PLAN = PlanFacts(agreed=True, goal_areas=frozenset({"debts"}), need_areas=frozenset({"debts"}))


def progress(minutes: int, sessions: int = 15, short: int = 0, phases=(1, 2, 3)) -> Progress:
    return Progress(minutes, sessions, short, frozenset(phases))


def test_adult_at_exactly_30_hours_with_plan_is_complete():
    result = check_completion(ADULT, progress(1800), PLAN)
    assert result.complete
    assert result.unmet == []
    assert result.warnings == []


def test_adult_at_29_9_hours_is_not_complete_and_says_by_how_much():
    result = check_completion(ADULT, progress(1794), PLAN)
    assert not result.complete
    assert result.unmet == ["hours: 0.1 h short of 30 h (29.9 h attended)"]


def test_juvenile_15_sessions_of_2_hours_is_not_enough():
    result = check_completion(JUVENILE, progress(15 * 120, sessions=15, short=15, phases=()), PLAN)
    assert not result.complete
    assert result.unmet == ["hours: 5 h short of 35 h (30 h attended)"]
    assert "sessions: 15 shorter than 2.5 h" in result.warnings


def test_juvenile_14_sessions_of_2_5_hours_is_complete():
    result = check_completion(JUVENILE, progress(14 * 150, sessions=14, phases=()), PLAN)
    assert result.complete


def test_thirty_hours_without_agreed_plan_is_not_complete():
    plan = PlanFacts(agreed=False, goal_areas=frozenset({"work"}))
    result = check_completion(ADULT, progress(1800), plan)
    assert not result.complete
    assert result.unmet == ["plan: not agreed with the client"]


def test_agreed_plan_without_goals_is_not_complete():
    result = check_completion(ADULT, progress(2000), PlanFacts(agreed=True))
    assert result.unmet == ["plan: no goal set"]


def test_every_need_needs_a_goal():
    plan = PlanFacts(
        agreed=True, goal_areas=frozenset({"debts"}), need_areas=frozenset({"debts", "housing"})
    )
    result = check_completion(ADULT, progress(1800), plan)
    assert result.unmet == ["plan: the need housing has no goal"]


def test_programme_without_plan_requirement_needs_only_hours():
    fathers = ProgrammeRules("fathers", 600, plan_required=False)
    assert check_completion(fathers, progress(600, phases=()), PlanFacts()).complete
    assert not check_completion(fathers, progress(599, phases=()), PlanFacts()).complete


def test_warnings_do_not_fail_the_check():
    result = check_completion(ADULT, progress(1800, sessions=9, short=2, phases=(1, 3)), PLAN)
    assert result.complete
    assert result.warnings == [
        "sessions: 9 of 15 attended",
        "sessions: 2 shorter than 2 h",
        "phases: 2 not covered",
    ]


def test_hours_and_plan_gaps_are_all_listed():
    result = check_completion(ADULT, progress(0, sessions=0, phases=()), PlanFacts())
    assert len(result.unmet) == 3
    assert result.unmet[0].startswith("hours: 30 h short")


@pytest.mark.parametrize(
    ("plan", "state"),
    [
        (PlanFacts(), "none"),
        (PlanFacts(need_areas=frozenset({"work"})), "draft"),
        (PlanFacts(agreed=True), "draft"),
        (PLAN, "agreed"),
    ],
)
def test_plan_state(plan, state):
    assert plan_state(plan) == state


def test_juvenile_means_under_18_on_the_day():
    born = date(2008, 6, 15)
    assert is_juvenile(born, date(2026, 6, 14))
    assert not is_juvenile(born, date(2026, 6, 15))


def test_audience_warning():
    born = date(2008, 6, 15)
    assert audience_warning("adult", born, date(2026, 6, 14)) is not None
    assert audience_warning("adult", born, date(2026, 6, 15)) is None
    assert audience_warning("juvenile", born, date(2026, 6, 15)) is not None
    assert audience_warning("juvenile", born, date(2026, 6, 14)) is None
    assert audience_warning("any", born, date(2026, 6, 14)) is None


def test_plan_state_agrees_with_plan_gaps_for_every_plan():
    from itertools import combinations, product

    from resoc_cli.domain.rules import PlanFacts, plan_gaps, plan_state

    areas = ["housing", "work", "debts"]
    subsets = [frozenset(c) for n in range(4) for c in combinations(areas, n)]
    for agreed, goals, needs in product((False, True), subsets, subsets):
        plan = PlanFacts(agreed=agreed, goal_areas=goals, need_areas=needs)
        expected = (
            "none" if not (agreed or goals or needs) else "draft" if plan_gaps(plan) else "agreed"
        )
        assert plan_state(plan) == expected, plan


def test_needs_without_goals_in_czech_agree_with_their_number():
    from resoc_cli import i18n

    two = PlanFacts(agreed=True, goal_areas=frozenset({"work"}),
                    need_areas=frozenset({"debts", "housing", "work"}))  # fmt: skip
    one = PlanFacts(agreed=True, goal_areas=frozenset({"work"}),
                    need_areas=frozenset({"housing", "work"}))  # fmt: skip
    i18n.set_language("cs")
    try:
        assert check_completion(ADULT, progress(1800), two).unmet == [
            "cíle k potřebám: dluhy, bydlení"
        ]
        assert check_completion(ADULT, progress(1800), one).unmet == ["cíl k potřebě „bydlení“"]
    finally:
        i18n.set_language("en")
