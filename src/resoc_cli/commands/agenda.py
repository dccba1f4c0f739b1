"""resoc agenda (alias: resoc dnes): what needs the curator's attention today."""

import typer

from resoc_cli import render
from resoc_cli.commands.common import JsonOpt, db, today


def agenda(json_: JsonOpt = False) -> None:
    """What needs attention today, most urgent first, each with the command to run.

    \b
    Example: resoc agenda"""
    from resoc_cli.config import agenda_thresholds
    from resoc_cli.domain import agenda as rules
    from resoc_cli.quick import evaluate
    from resoc_cli.storage import agenda as facts
    from resoc_cli.storage.views import check_facts

    conn, now, t = db(), today(), agenda_thresholds()
    progress = [
        (r["client"], r["name"], r["programme"], r["start_date"], r["attended_minutes"],
         r["min_minutes"], evaluate(r).complete)
        for r in check_facts(conn)
    ]  # fmt: skip
    items = rules.agenda(
        rules.release_items(facts.release_facts(conn), now, t)
        + rules.review_items(facts.review_facts(conn), now, t)
        + rules.session_items(facts.session_facts(conn), now, t)
        + rules.family_items(facts.family_facts(conn), now, t)
        + rules.progress_items(progress, now, t)
    )
    if json_:
        render.emit_json(items)
        return
    from resoc_cli.i18n import _, day

    render.table(
        _("Agenda for {day}").format(day=day(now)),
        [_("due"), _("client"), _("name"), _("what"), _("run")],
        [(day(i["due"]), i["client"], i["name"], i["reason"], i["command"]) for i in items],
        empty=_("nothing needs attention today"),
    )


def register(root: typer.Typer) -> None:
    root.command("agenda")(agenda)
    dnes = "Czech alias of agenda (dnes = today).\n\n\b\nExample: resoc dnes"
    root.command("dnes", help=dnes)(agenda)
