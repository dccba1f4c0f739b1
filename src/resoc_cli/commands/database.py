"""resoc db — where the database is and what it holds; resoc db copy — a whole caseload into
another database."""

from typing import Annotated

import typer

from resoc_cli import render
from resoc_cli.commands.common import JsonOpt, db, db_path
from resoc_cli.i18n import _, ngettext

app = typer.Typer(invoke_without_command=True)


@app.callback(invoke_without_command=True)
def db_info(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Where the database is, its size, schema version and what it holds.

    \b
    Example: resoc db"""
    if ctx.invoked_subcommand is not None:
        return
    from resoc_cli.commands.common import on_server
    from resoc_cli.services.status import database_info

    server = on_server()
    document = database_info(db(), None if server else db_path())
    size = document["size_bytes"]
    if json_:
        render.emit_json(document)
        return
    render.fields(
        None,
        [
            ("database", _("PostgreSQL database {name}").format(name=document["database"]))
            if server
            else ("path", document["path"]),
            ("size", f"{size / 1024:.0f} KiB"),
            ("schema", document["schema_version"]),
            *document["counts"].items(),
        ],
    )


@app.command("copy")
def copy(
    to: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="TARGET",
            help="The database to copy into: a file (made when missing) or a PostgreSQL URL.",
        ),
    ],
    from_: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="SOURCE",
            help="The database to copy from (default: the one --db or RESOC_DB names).",
        ),
    ] = None,
    prefix: Annotated[
        str | None,
        typer.Option(
            "--prefix", metavar="P", help="Rename every copied client and group code to P+code."
        ),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Copy the whole caseload into another database, all or nothing; codes the target
    already has are listed and nothing is copied (unless --prefix renames them).

    \b
    Example: resoc db copy --to postgresql://org.example/resoc --prefix PV-"""
    from resoc_cli.commands.common import db_target
    from resoc_cli.services.copy import copy_caseload

    source = from_ if from_ is not None else (db_target() or str(db_path()))
    document = copy_caseload(source, to, prefix)
    if json_:
        render.emit_json(document)
        return
    counts = document["copied"]
    clients, sessions = counts.get("clients", 0), counts.get("sessions", 0)
    others = sum(counts.values()) - clients - sessions
    if document["engine"] == "postgresql":
        target = _("PostgreSQL database {name}").format(name=document["target"])
    else:
        target = document["target"]
    render.line(
        _("copied {clients}, {sessions} and {others} into {target}").format(
            clients=ngettext("{n} client", "{n} clients", clients).format(n=clients),
            sessions=ngettext("{n} session", "{n} sessions", sessions).format(n=sessions),
            others=ngettext("{n} other record", "{n} other records", others).format(n=others),
            target=target,
        )
    )
