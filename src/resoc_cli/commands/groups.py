"""resoc group add | join | leave | list | show"""

from typing import Annotated

import typer

from resoc_cli import render
from resoc_cli.commands.common import ClientArg, DateOpt, JsonOpt, day, db, today, write
from resoc_cli.i18n import _

app = typer.Typer(no_args_is_help=True, help="Groups: clients who meet together.")

GroupArg = Annotated[str, typer.Argument(metavar="CODE", help="The group's code.")]


@app.command("add")
def add(
    code: GroupArg,
    name: Annotated[str, typer.Option("--name", metavar="TEXT", help="The group's name.")],
    programme: Annotated[
        str | None,
        typer.Option("--programme", metavar="P", help="The programme the group runs (a code)."),
    ] = None,
) -> None:
    """Add a group; its members join with resoc group join.

    \b
    Example: resoc group add SV-JARO --name "Výcvik, jaro" --programme adult"""
    from resoc_cli.services.groups import add_group

    with write() as conn:
        result = add_group(conn, code, name, programme)
    render.line(_("group {code} added").format(code=result["code"]))


@app.command("join")
def join(
    code: GroupArg,
    clients: Annotated[
        list[str], typer.Argument(metavar="CLIENT...", help="The clients who join.")
    ],
    date: DateOpt = None,
) -> None:
    """Clients join the group (from DATE, default today); a client may be in several.

    \b
    Example: resoc group join SV-JARO K0001 K0002 K0003 --date 2026-03-02"""
    from resoc_cli.services.groups import join as join_group

    on = day(date, "date", past=True)
    with write() as conn:
        result = join_group(conn, code, clients, on)
    for warning in result["warnings"]:
        render.warn(warning)
    render.line(
        _("{group}: joined {clients}").format(
            group=result["group"], clients=", ".join(result["joined"])
        )
    )


@app.command("leave")
def leave(code: GroupArg, client: ClientArg, date: DateOpt = None) -> None:
    """The client leaves the group: from DATE (default today) on, not in its meetings.

    \b
    Example: resoc group leave SV-JARO K0003 --date 2026-04-20"""
    from resoc_cli.services.groups import leave as leave_group

    on = day(date, "date", past=True)
    with write() as conn:
        result = leave_group(conn, code, client, on)
    render.line(_("{client} left {group}").format(client=result["client"], group=result["group"]))


@app.command("list")
def list_(json_: JsonOpt = False) -> None:
    """List the groups: members today, meetings held, the last one.

    \b
    Example: resoc group list"""
    from resoc_cli.services.groups import list_groups

    rows = list_groups(db(), today())
    if json_:
        render.emit_json(rows)
        return
    render.table(
        None,
        ["group", "name", "programme", "members", "meetings", "last meeting"],
        [
            (r["code"], r["name"], r["programme"], r["members"], r["meetings"], r["last_meeting"])
            for r in rows
        ],
        right={"members", "meetings"},
        empty="no groups",
    )


@app.command("show")
def show(code: GroupArg, json_: JsonOpt = False) -> None:
    """A group: its members with their hours in the programme, and its meetings.

    \b
    Example: resoc group show SV-JARO"""
    from resoc_cli.i18n import hours as format_hours
    from resoc_cli.services.groups import show_group

    doc = show_group(db(), code)
    if json_:
        render.emit_json(doc)
        return
    render.fields(
        doc["name"],
        [
            (_("group"), doc["code"]),
            (_("programme"), doc["programme"]),
            (_("meetings held"), doc["meetings_held"]),
        ],
    )
    render.table(
        "members",
        ["client", "name", "joined", "left", "programme", "hours", "meetings"],
        [
            (
                m["client"],
                m["name"],
                m["joined"],
                m["left"],
                m["programme"],
                format_hours(m["attended_minutes"]) if m["attended_minutes"] is not None else None,
                m["meetings_attended"],
            )
            for m in doc["members"]
        ],
        right={"hours", "meetings"},
        empty="no members",
    )
