"""resoc undo: put back the most recent change."""

from typing import Annotated

import typer

from resoc_cli import render
from resoc_cli.commands.common import JsonOpt, confirm_or_refuse, db, table_name, write
from resoc_cli.i18n import _, ngettext

#: How many steps the preview lists before it only counts the rest.
SHOWN = 12


def undo(
    yes: Annotated[bool, typer.Option("--yes", help="Undo without asking.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be put back; change nothing.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Undo the most recent change that has not been undone (repeat to go further back).

    Shows what it will put back and asks; the undo is a change of its own in the audit trail.
    An erasure and a restore cannot be undone.

    \b
    Example: resoc undo --dry-run"""
    from resoc_cli.services.undo import undo as run_undo
    from resoc_cli.services.undo import undo_plan

    plan = undo_plan(db())
    if json_:
        render.emit_json({**plan, "done": False} if dry_run else plan)
    else:
        for text in _preview(plan):
            render.line(text) if dry_run else render.aside(text)
    if dry_run:
        return
    confirm_or_refuse(yes, _("Undo this change?"))
    with write() as conn:
        run_undo(conn, expected=plan["change"])
    n = len(plan["steps"])
    if not json_:
        render.line(
            _("undone: change {change} ({command}), {records}").format(
                change=plan["change"],
                command=plan["command"],
                records=ngettext("{n} record", "{n} records", n).format(n=n),
            )
        )


def _preview(plan: dict) -> list[str]:
    lines = [
        _("change {change} ({command}, {at}) will be undone:").format(
            change=plan["change"], command=plan["command"], at=_local(plan["at"])
        )
    ]
    words = {"remove": _("remove"), "restore": _("put back"), "revert": _("change back")}
    for step in plan["steps"][:SHOWN]:
        what = f"{table_name(step['table'])} {step['record']}"
        if step["client"] and step["table"] != "clients":
            what += f" ({step['client']})"
        lines.append(f"  {words[step['action']]}: {what}: {_fields(step)}")
    if len(plan["steps"]) > SHOWN:
        lines.append(_("  … and {n} more records").format(n=len(plan["steps"]) - SHOWN))
    return lines


def _fields(step: dict) -> str:
    shown = []
    for field, (now, back) in step["fields"].items():
        if field in ("id", "client_id"):
            continue
        if step["action"] == "revert":
            shown.append(f"{field}: {_short(now)} -> {_short(back)}")
        else:
            shown.append(f"{field}={_short(back if step['action'] == 'restore' else now)}")
    return ", ".join(shown[:6]) + (", …" if len(shown) > 6 else "")


def _short(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 30 else text[:29] + "…"


def _local(at: str) -> str:
    from datetime import datetime

    return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")
