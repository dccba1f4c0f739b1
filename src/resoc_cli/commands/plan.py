"""resoc plan need | goal | done | agree | review | show — the individual plan."""

from typing import Annotated

import typer

from resoc_cli import i18n, render
from resoc_cli.commands.common import (
    ClientArg,
    DateOpt,
    JsonOpt,
    day,
    db,
    plan_word,
    refuse_before_birth,
    unerased_client,
    write,
)
from resoc_cli.domain.codes import Area, Outcome
from resoc_cli.i18n import _

app = typer.Typer(no_args_is_help=True, help="The client's individual plan.")

AreaArg = Annotated[Area, typer.Argument(metavar="AREA", help="Life area, e.g. debts, housing.")]


def _client(conn, client: str, on) -> dict:
    """The client, refusing an erased one and a plan date before the client was born (a
    mistyped year)."""
    row = unerased_client(conn, client)  # erased: nothing personal may be added again
    refuse_before_birth(row, on)
    return row


@app.command("need")
def need(client: ClientArg, area: AreaArg, date: DateOpt = None) -> None:
    """Record a key problem found at intake; the plan needs a goal for it.

    \b
    Example: resoc plan need K0009 housing --date 2026-10-12"""
    from resoc_cli.storage.plans import add_need

    noted = day(date, "date", past=True)
    with write() as conn:
        row = _client(conn, client, noted)
        added = add_need(conn, row["id"], area.value, noted)
    text = _("{code}: need {area} recorded") if added else _("{code}: need {area} already recorded")
    render.line(text.format(code=row["code"], area=i18n.code(area.value)))


@app.command("goal")
def goal(
    client: ClientArg,
    area: AreaArg,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What the client wants to reach.")],
    due: Annotated[
        str | None,
        typer.Option("--due", metavar="DATE", help="By when the goal should be reached."),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="When it was set (default today).")
    ] = None,
) -> None:
    """Set a goal in a life area; prints the goal id.

    \b
    Example: resoc plan goal K0009 housing "Najít ubytování po propuštění" --due 2026-12-31"""
    from resoc_cli.domain.models import GoalIn, validate
    from resoc_cli.storage.plans import add_goal

    g = validate(GoalIn, area=area.value, text=text, due=due, date=day(date, "date", past=True))
    with write() as conn:
        row = _client(conn, client, g.date)
        goal_id = add_goal(conn, row["id"], g.model_dump())
    render.line(str(goal_id))


@app.command("done")
def done(
    client: ClientArg,
    goal_id: Annotated[
        int, typer.Argument(metavar="GOAL_ID", help="The goal id (see: resoc plan show).")
    ],
    outcome: Annotated[
        Outcome,
        typer.Option("--outcome", help="How the goal ended: a code, or its Czech name (splneno)."),
    ] = Outcome.achieved,
    date: DateOpt = None,
) -> None:
    """Close a goal with its outcome.

    \b
    Example: resoc plan done K0001 2 --outcome job-found --date 2026-06-01"""
    from resoc_cli.storage.clients import find_client
    from resoc_cli.storage.plans import close_goal

    closed = day(date, "date", past=True)
    with write() as conn:
        row = find_client(conn, client)
        close_goal(conn, row["id"], goal_id, outcome.value, closed)
    render.line(
        _("{code}: goal {id} closed ({outcome})").format(
            code=row["code"], id=goal_id, outcome=i18n.code(outcome.value)
        )
    )


@app.command("agree")
def agree(client: ClientArg, date: DateOpt = None) -> None:
    """The client agreed to (signed) the plan.

    \b
    Example: resoc plan agree K0003 --date 2026-03-23"""
    from resoc_cli.storage.plans import agree as store_agree

    agreed = day(date, "date", past=True)
    with write() as conn:
        row = _client(conn, client, agreed)
        store_agree(conn, row["id"], agreed)
    render.line(_("{code}: plan agreed on {day}").format(code=row["code"], day=i18n.day(agreed)))


@app.command("review")
def review(
    client: ClientArg,
    date: DateOpt = None,
    note: Annotated[str | None, typer.Option("--note", help="Free-text note.")] = None,
) -> None:
    """Record a review of the plan with the client.

    \b
    Example: resoc plan review K0002 --date 2026-06-15 --note "Byt zatím nezískal"
    """
    from resoc_cli.domain.models import validate_text
    from resoc_cli.storage.plans import add_review

    reviewed = day(date, "date", past=True)
    note = validate_text(note, "note")
    with write() as conn:
        row = _client(conn, client, reviewed)
        add_review(conn, row["id"], reviewed, note)
    render.line(
        _("{code}: plan reviewed on {day}").format(code=row["code"], day=i18n.day(reviewed))
    )


@app.command("show")
def show(client: ClientArg, json_: JsonOpt = False) -> None:
    """The plan: needs, goals with outcomes, agreement, reviews and what it still lacks.

    \b
    Example: resoc plan show K0003"""
    from resoc_cli.domain.rules import PlanFacts, plan_gaps, plan_state
    from resoc_cli.storage.clients import find_client
    from resoc_cli.storage.plans import plan_of

    conn = db()
    row = find_client(conn, client)
    plan = plan_of(conn, row["id"])
    facts = PlanFacts(
        agreed=plan["agreed"] is not None,
        goal_areas=frozenset(g["area"] for g in plan["goals"]),
        need_areas=frozenset(n["area"] for n in plan["needs"]),
    )
    document = {
        "client": row["code"],
        "state": plan_state(facts),
        "agreed": plan["agreed"],
        "needs": [dict(n) for n in plan["needs"]],
        "goals": [dict(g) for g in plan["goals"]],
        "reviews": [dict(r) for r in plan["reviews"]],
        "gaps": plan_gaps(facts),
    }
    if json_:
        render.emit_json(document)
        return
    state = plan_word(document["state"])
    if plan["agreed"]:
        agreed = _("{code}: plan {state}, agreed {day}").format(
            code=row["code"], state=state, day=i18n.day(plan["agreed"])
        )
        render.line(agreed)
    else:
        render.line(_("{code}: plan {state}").format(code=row["code"], state=state))
    needs = ", ".join(i18n.code(n["area"]) for n in plan["needs"]) or _("none recorded")
    render.line(_("needs: {areas}").format(areas=needs))
    render.table(
        "Goals",
        ["id", "area", "goal", "set", "due", "done", "outcome"],
        [
            (
                g["id"],
                i18n.code(g["area"]),
                g["text"],
                g["set_date"],
                g["due"],
                g["done_date"],
                i18n.code(g["outcome"]),
            )
            for g in plan["goals"]
        ],
        right={"id"},
        empty="no goals yet: resoc plan goal CLIENT AREA TEXT",
    )
    if plan["reviews"]:
        reviews = ", ".join(i18n.day(r["date"]) for r in plan["reviews"])
        render.line(_("reviews: {days}").format(days=reviews))
    for gap in document["gaps"]:
        render.line("  " + _("missing: {gap}").format(gap=gap))
