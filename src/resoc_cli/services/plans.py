"""The individual plan: needs, goals, agreement, reviews, and what it still lacks."""

import sqlite3
from datetime import date

from resoc_cli.domain.codes import label
from resoc_cli.domain.errors import Conflict, InvalidInput, NotFound
from resoc_cli.domain.models import GoalDone, GoalIn, validate, validate_text
from resoc_cli.domain.rules import PlanFacts, plan_gaps, plan_state
from resoc_cli.i18n import _, day
from resoc_cli.services.clients import find, refuse_before_birth, unerased
from resoc_cli.storage import plans as store


def _client(conn: sqlite3.Connection, client: str, on: date):
    """The client, refusing an erased one and a plan date before the client was born."""
    row = unerased(conn, client)
    refuse_before_birth(row, on)
    return row


def add_need(conn: sqlite3.Connection, client: str, area: str, on: date) -> dict:
    """A key problem found at intake; the plan needs a goal for it. ``added`` is False when
    it was recorded before."""
    row = _client(conn, client, on)
    return {"client": row["code"], "area": area, "added": store.add_need(conn, row["id"], area, on)}


def add_goal(conn: sqlite3.Connection, client: str, **values: object) -> dict:
    """A goal in a life area (its due date and its closing never before the day it was set)."""
    goal = validate(GoalIn, **values)
    row = _client(conn, client, goal.date)
    return {"client": row["code"], "id": store.add_goal(conn, row["id"], goal.dump())}


def check_outcome(area: str, outcome: str) -> None:
    """An outcome belongs to its goal's life area (``codes.OUTCOMES_BY_AREA``); the generic
    ones (achieved, partly achieved, not achieved) to every area. Refused with the outcomes
    that area allows."""
    from resoc_cli.domain.codes import label, outcomes_for

    allowed = outcomes_for(area)
    if outcome in allowed:
        return
    names = [label(o.value) for o in allowed]
    raise InvalidInput(
        _("outcome: {outcome} is not an outcome of a goal in {area}; use {values} or {last}")
        .format(outcome=label(outcome), area=label(area), values=", ".join(names[:-1]),
                last=names[-1])
    )  # fmt: skip


def close_goal(conn: sqlite3.Connection, client: str, goal_id: int, **values: object) -> dict:
    """Close a goal with its outcome (one that belongs to the goal's area)."""
    done = validate(GoalDone, **values)
    row = find(conn, client)
    goal = store.goal_of(conn, row["id"], goal_id)
    check_outcome(goal["area"], done.outcome.value)
    if goal["done_date"] is not None:
        raise Conflict(
            _("goal: goal {goal} was already closed on {day}").format(
                goal=goal_id, day=day(goal["done_date"])
            )
        )
    if done.date.isoformat() < goal["set_date"]:
        raise InvalidInput(
            _("date: before the goal was set ({day})").format(day=day(goal["set_date"]))
        )
    store.close_goal(conn, row["id"], goal_id, done.outcome.value, done.date)
    return {"client": row["code"], "id": goal_id, "outcome": done.outcome.value}


def agree_plan(conn: sqlite3.Connection, client: str, on: date) -> dict:
    """The client agreed to (signed) the plan. Recorded even when a need still has no goal,
    with a warning naming each such need (the plan stays a draft until it has one)."""
    from resoc_cli.domain.codes import label

    row = _client(conn, client, on)
    store.agree(conn, row["id"], on)
    plan = store.plan_of(conn, row["id"])
    goals = {g["area"] for g in plan["goals"]}
    warnings = [
        _("plan: need {area} has no goal; the plan stays a draft until it has one").format(
            area=label(n["area"])
        )
        for n in plan["needs"]
        if n["area"] not in goals
    ]
    return {"client": row["code"], "agreed": on.isoformat(), "warnings": warnings}


def review_plan(conn: sqlite3.Connection, client: str, on: date, note: str | None) -> dict:
    note = validate_text(note, "note")
    row = _client(conn, client, on)
    store.add_review(conn, row["id"], on, note)
    return {"client": row["code"], "date": on.isoformat()}


def plan_document(conn: sqlite3.Connection, client: str) -> dict:
    """``plan show``: needs, goals with outcomes, agreement, reviews, state and gaps."""
    row = find(conn, client)
    plan = store.plan_of(conn, row["id"])
    facts = PlanFacts(
        agreed=plan["agreed"] is not None,
        goal_areas=frozenset(g["area"] for g in plan["goals"]),
        need_areas=frozenset(n["area"] for n in plan["needs"]),
    )
    return {
        "client": row["code"],
        "state": plan_state(facts),
        "agreed": plan["agreed"],
        "needs": [{**n, "noted_date": n["noted"]} for n in map(dict, plan["needs"])],
        "goals": [{**g, "due_date": g["due"]} for g in map(dict, plan["goals"])],
        "reviews": [dict(r) for r in plan["reviews"]],
        "gaps": plan_gaps(facts),
        "agreed_date": plan["agreed"],  # the twins ending in _date (docs/reference.md)
    }


def remove_need(conn: sqlite3.Connection, client: str, area: str) -> dict:
    """Remove a need recorded by mistake; NotFound when none is recorded in that area."""
    row = unerased(conn, client)
    if not store.remove_need(conn, row["id"], area):
        raise NotFound(_("need: no need recorded in {area}").format(area=label(area)))
    return {"client": row["code"], "area": area, "removed": True}


def edit_goal(conn: sqlite3.Connection, client: str, goal_id: int, **values: object) -> dict:
    """Change the goal's area, text, due date or set date (``None``: leave as it is),
    validated as ``add_goal``'s; a closed goal is never set after it was closed."""
    given = {k: v for k, v in values.items() if v is not None}
    if not given:
        raise InvalidInput(_("edit: nothing to change (give at least one option)"))
    row = unerased(conn, client)
    old = store.full_goal(conn, row["id"], goal_id)
    current = {"area": old["area"], "text": old["text"], "due": old["due"], "date": old["set_date"]}
    goal = validate(GoalIn, **{**current, **given})
    refuse_before_birth(row, goal.date)
    if old["done_date"] is not None and old["done_date"] < goal.date.isoformat():
        raise InvalidInput(
            _("date: after the goal was closed ({day})").format(day=day(old["done_date"]))
        )
    g = goal.dump(json=True)
    new = {"area": g["area"], "text": g["text"], "due": g["due"], "set_date": g["date"]}
    changes = store.update_goal(conn, row["id"], goal_id, new)
    return {"client": row["code"], "id": goal_id, "changed": sorted(changes)}


def reopen_goal(conn: sqlite3.Connection, client: str, goal_id: int) -> dict:
    """Open a closed goal again: its done date and outcome are cleared."""
    row = unerased(conn, client)
    old = store.full_goal(conn, row["id"], goal_id)
    if old["done_date"] is None:
        raise Conflict(_("goal: goal {goal} is open").format(goal=goal_id))
    store.update_goal(conn, row["id"], goal_id, {"done_date": None, "outcome": None})
    return {"client": row["code"], "id": goal_id, "reopened": True}


def delete_goal(conn: sqlite3.Connection, client: str, goal_id: int) -> dict:
    row = unerased(conn, client)
    store.delete_goal(conn, row["id"], goal_id)
    return {"client": row["code"], "id": goal_id}
