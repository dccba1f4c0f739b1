"""resoc team init | add | list, and client assign | share: a team's caseload on PostgreSQL."""

from typing import Annotated

import typer

from resoc_cli import render
from resoc_cli.commands.common import ClientArg, JsonOpt, db, db_label, on_server, write
from resoc_cli.i18n import _

app = typer.Typer(
    no_args_is_help=True,
    help="A team's caseload on PostgreSQL: who works in it, and as what.",
)


def _on_a_server_only() -> None:
    """A file is one person's: the team commands refuse it before opening (or creating) it."""
    from resoc_cli.services.team import server_only

    if not on_server():
        raise server_only()


LoginArg = Annotated[
    str, typer.Argument(metavar="LOGIN", help="A worker's login on the database server.")
]


@app.command("init")
def init(json_: JsonOpt = False) -> None:
    """Set up the team: the roles resoc_worker and resoc_lead and the row-level security that
    shows each worker their own and shared clients (the database's owner, once).

    \b
    Example: resoc --db postgresql://server/org team init"""
    from resoc_cli.services.team import init_team

    _on_a_server_only()

    with write() as conn:
        done = init_team(conn)
    if json_:
        render.emit_json({**done, "database": db_label()})
        return
    render.line(
        _("team ready in {database}: roles {roles}, row-level security on {n} tables").format(
            database=db_label(), roles=", ".join(done["roles"]), n=done["tables"]
        )
    )


@app.command("add")
def add(
    login: LoginArg,
    lead: Annotated[
        bool, typer.Option("--lead", help="A lead: sees every client and alone may erase.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Give a login its part in the team: a worker (their own and shared clients) or a lead.

    \b
    Example: resoc team add novakova --lead"""
    from resoc_cli.services.team import add_member

    _on_a_server_only()

    with write() as conn:
        done = add_member(conn, login, lead)
    if json_:
        render.emit_json(done)
    elif done["role"] == "lead":
        render.line(_("{login} is a lead of the team").format(login=done["login"]))
    else:
        render.line(_("{login} is a worker of the team").format(login=done["login"]))


@app.command("list")
def list_(json_: JsonOpt = False) -> None:
    """The team's logins and their part.

    \b
    Example: resoc team list"""
    from resoc_cli.services.team import members

    _on_a_server_only()

    rows = members(db())
    if json_:
        render.emit_json(rows)
        return
    render.table(
        None,
        ["login", "part"],
        [(r["login"], _("lead") if r["role"] == "lead" else _("worker")) for r in rows],
        empty="nobody in the team yet: resoc team add LOGIN",
    )


def assign(client: ClientArg, login: LoginArg, json_: JsonOpt = False) -> None:
    """Hand a client over to another worker, who becomes responsible for it.

    On a team's server the client then leaves your sight unless it is shared with you.

    \b
    Example: resoc client assign K0007 novakova"""
    from resoc_cli.services.team import assign as assign_client

    with write() as conn:
        done = assign_client(conn, client, login)
    if json_:
        render.emit_json(done)
        return
    render.line(
        _("{code}: responsible worker {login}").format(code=done["client"], login=done["worker"])
    )


def share(
    client: ClientArg,
    login: LoginArg,
    stop: Annotated[bool, typer.Option("--stop", help="Stop sharing it with LOGIN.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Share a client with another worker, who then sees it and works with it too.

    \b
    Example: resoc client share K0007 dvorak"""
    from resoc_cli.services.team import share as share_client

    with write() as conn:
        done = share_client(conn, client, login, stop)
    if json_:
        render.emit_json(done)
        return
    if done["shared_with"]:
        text = _("{code}: shared with {logins}").format(
            code=done["client"], logins=", ".join(done["shared_with"])
        )
    else:
        text = _("{code}: shared with nobody").format(code=done["client"])
    render.line(text)
