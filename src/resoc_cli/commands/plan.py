"""resoc plan need | goal | done | edit | reopen | delete | agree | review | show — the
individual plan."""

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
    write,
)
from resoc_cli.domain.codes import Area, Outcome, label
from resoc_cli.i18n import _

app = typer.Typer(no_args_is_help=True, help="The client's individual plan.")

AreaArg = Annotated[Area, typer.Argument(metavar="AREA", help="Life area, e.g. debts, housing.")]


@app.command("need")
def need(
    client: ClientArg,
    area: AreaArg,
    date: DateOpt = None,
    remove: Annotated[
        bool, typer.Option("--remove", help="Remove the need (recorded by mistake).")
    ] = False,
) -> None:
    """Record a key problem found at intake; the plan needs a goal for it.

    \b
    Example: resoc plan need K0009 housing --date 2026-10-12"""
    from resoc_cli.services.plans import add_need, remove_need

    if remove:
        with write() as conn:
            result = remove_need(conn, client, area.value)
        text = _("{code}: need {area} removed")
        render.line(text.format(code=result["client"], area=label(area.value)))
        return
    noted = day(date, "date", past=True)
    with write() as conn:
        result = add_need(conn, client, area.value, noted)
    if result["added"]:
        text = _("{code}: need {area} recorded")
    else:
        text = _("{code}: need {area} already recorded")
    render.line(text.format(code=result["client"], area=label(area.value)))


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
    Example: resoc plan goal K0009 housing "Najít ubytování" --due 2026-12-31"""
    from resoc_cli.services.plans import add_goal

    set_on = day(date, "date", past=True)
    with write() as conn:
        result = add_goal(conn, client, area=area.value, text=text, due=due, date=set_on)
    render.line(str(result["id"]))


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
    from resoc_cli.services.plans import close_goal

    closed = day(date, "date", past=True)
    with write() as conn:
        result = close_goal(conn, client, goal_id, outcome=outcome.value, date=closed)
    render.line(
        _("{code}: goal {id} closed ({outcome})").format(
            code=result["client"], id=goal_id, outcome=label(outcome.value)
        )
    )


GoalIdArg = Annotated[
    int, typer.Argument(metavar="GOAL_ID", help="The goal id (see: resoc plan show).")
]


@app.command("edit")
def edit(
    client: ClientArg,
    goal_id: GoalIdArg,
    area: Annotated[
        Area | None, typer.Option("--area", help="Life area, e.g. debts, housing.")
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", help="What the client wants to reach.")
    ] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", metavar="DATE", help="By when the goal should be reached."),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="When it was set.")
    ] = None,
) -> None:
    """Correct a goal; only the options given change.

    \b
    Example: resoc plan edit K0009 3 --due 2027-03-31"""
    from resoc_cli.services.plans import edit_goal

    with write() as conn:
        result = edit_goal(
            conn,
            client,
            goal_id,
            area=area.value if area is not None else None,
            text=text,
            due=due,
            date=day(date, "date", past=True) if date is not None else None,
        )
    render.line(_("{code}: goal {id} changed").format(code=result["client"], id=goal_id))


@app.command("reopen")
def reopen(client: ClientArg, goal_id: GoalIdArg) -> None:
    """Open a closed goal again (its outcome is cleared).

    \b
    Example: resoc plan reopen K0001 2"""
    from resoc_cli.services.plans import reopen_goal

    with write() as conn:
        result = reopen_goal(conn, client, goal_id)
    render.line(_("{code}: goal {id} reopened").format(code=result["client"], id=goal_id))


@app.command("delete")
def delete(
    client: ClientArg,
    goal_id: GoalIdArg,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask.")] = False,
) -> None:
    """Delete a goal set by mistake.

    \b
    Example: resoc plan delete K0001 2 --yes"""
    from resoc_cli.commands.common import confirm_or_refuse
    from resoc_cli.services.plans import delete_goal

    confirm_or_refuse(yes, _("Delete goal {id}?").format(id=goal_id))
    with write() as conn:
        result = delete_goal(conn, client, goal_id)
    render.line(_("{code}: goal {id} deleted").format(code=result["client"], id=goal_id))


@app.command("agree")
def agree(client: ClientArg, date: DateOpt = None) -> None:
    """The client agreed to (signed) the plan.

    \b
    Example: resoc plan agree K0003 --date 2026-03-23"""
    from resoc_cli.services.plans import agree_plan

    agreed = day(date, "date", past=True)
    with write() as conn:
        result = agree_plan(conn, client, agreed)
    for warning in result["warnings"]:
        render.warn(warning)
    render.line(
        _("{code}: plan agreed on {day}").format(code=result["client"], day=i18n.day(agreed))
    )


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
    from resoc_cli.services.plans import review_plan

    reviewed = day(date, "date", past=True)
    with write() as conn:
        result = review_plan(conn, client, reviewed, note)
    render.line(
        _("{code}: plan reviewed on {day}").format(code=result["client"], day=i18n.day(reviewed))
    )


@app.command("show")
def show(client: ClientArg, json_: JsonOpt = False) -> None:
    """The plan: needs, goals with outcomes, agreement, reviews and what it still lacks.

    \b
    Example: resoc plan show K0003"""
    from resoc_cli.services.plans import plan_document

    document = plan_document(db(), client)
    if json_:
        render.emit_json(document)
        return
    plan = document
    state = plan_word(document["state"])
    if plan["agreed"] and document["state"] == "agreed":
        render.line(
            _("{code}: plan agreed on {day}").format(
                code=document["client"], day=i18n.day(plan["agreed"])
            )
        )
    elif plan["agreed"]:  # signed, but not made yet: one state, and what keeps it a draft
        render.line(
            _("{code}: plan draft (signed on {day}; missing below)").format(
                code=document["client"], day=i18n.day(plan["agreed"])
            )
        )
    else:
        render.line(_("{code}: plan {state}").format(code=document["client"], state=state))
    needs = ", ".join(label(n["area"]) for n in plan["needs"]) or _("none recorded")
    render.line(_("needs: {areas}").format(areas=needs))
    render.table(
        "Goals",
        ["id", "area", "goal", "set", "due", "done", "outcome"],
        [
            (
                g["id"],
                label(g["area"]),
                g["text"],
                g["set_date"],
                g["due"],
                g["done_date"],
                label(g["outcome"]),
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
