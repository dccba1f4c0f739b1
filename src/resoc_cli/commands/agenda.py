"""resoc agenda (alias: resoc dnes): what needs the curator's attention today."""

from resoc_cli import render
from resoc_cli.commands.common import JsonOpt, db, today


def agenda(json_: JsonOpt = False) -> None:
    """What needs attention today, most urgent first, each with the command to run.

    \b
    Example: resoc agenda"""
    from resoc_cli.config import agenda_thresholds
    from resoc_cli.services.agenda import agenda_items

    now = today()
    items = agenda_items(db(), now, agenda_thresholds())
    if json_:
        render.emit_json(items)
        return
    from resoc_cli.i18n import _, day

    render.table(
        _("Agenda for {day}").format(day=day(now)),
        ["due", "client", "name", "what", "run"],
        [(i["due"], i["client"], i["name"], i["reason"], i["command"]) for i in items],
        empty=_("nothing needs attention today"),
    )


def dnes(json_: JsonOpt = False) -> None:
    """Czech alias of agenda (dnes = today).

    \b
    Example: resoc dnes"""
    agenda(json_)
