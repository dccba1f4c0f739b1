"""resoc config path | show | set — the settings file, wherever the OS keeps it."""

from typing import Annotated

import typer

from resoc_cli import render
from resoc_cli.commands.common import JsonOpt
from resoc_cli.i18n import _

app = typer.Typer(no_args_is_help=True, help="The settings file: where it is, what it sets.")


@app.command("path")
def path() -> None:
    """Where the settings file is (it need not exist yet).

    \b
    Example: resoc config path"""
    from resoc_cli.config import config_path

    render.line(str(config_path()))


@app.command("show")
def show(json_: JsonOpt = False) -> None:
    """Every setting in effect, with its source: the file, or the default.

    \b
    Example: resoc config show"""
    from resoc_cli.config import config_path, settings

    rows = settings()
    if json_:
        render.emit_json({"path": str(config_path()), "settings": rows})
        return
    render.line(_("settings file: {path}").format(path=config_path()))
    render.table(
        None,
        ["setting", "value", "source"],
        [(r["key"], "" if r["value"] is None else r["value"], _(r["source"])) for r in rows],
        empty="no settings",
    )


@app.command("set")
def set_(
    key: Annotated[
        str, typer.Argument(metavar="SECTION.KEY", help="e.g. organisation.name (see: show).")
    ],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The new value.")],
) -> None:
    """Set one setting in the file, keeping its comments (the file is made when missing).

    \b
    Example: resoc config set organisation.name "Spolek Návrat, z. s.\""""
    import json

    from resoc_cli.config import set_value

    result = set_value(key, value)
    shown = json.dumps(result["value"], ensure_ascii=False)  # as TOML writes it: "text", 60
    render.line(_("{key} = {value} in {path}").format(key=result["key"], value=shown,
                                                      path=result["path"]))  # fmt: skip
