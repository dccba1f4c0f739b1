"""Undo: put back the most recent change that has not been undone, as a change of its own."""

import sqlite3

from resoc_cli.domain.errors import Conflict, RuleNotMet
from resoc_cli.i18n import _
from resoc_cli.storage import journal


def undo_plan(conn: sqlite3.Connection) -> dict:
    """What ``undo`` would do: ``{change, at, command, steps}``; each step
    ``{action: remove|restore|revert, table, record, client, fields: {field: [now, back]}}``.
    Refuses (with the reason) when there is nothing to undo or the change cannot be undone."""
    target = journal.last_change(conn)
    if target is None:
        raise RuleNotMet(_("nothing to undo"))
    where = {"change": target["id"], "at": target["at"]}
    if target["kind"] == "erase":
        raise Conflict(
            _(
                "the last change is an erasure (change {change}, {at}): an erasure cannot be undone"
            ).format(**where)
        )
    if target["kind"] == "restore":
        raise Conflict(
            _(
                "the last change is a restore from a backup (change {change}, {at}): it cannot"
                " be undone; restore the copy kept before it instead"
            ).format(**where)
        )
    steps = journal.steps(conn, target["id"])
    if not steps:  # a change whose rows were erased since
        raise Conflict(
            _("change {change} ({at}) can no longer be undone: its records were erased").format(
                **where
            )
        )
    out = []
    for step in steps:
        record = _record(step)
        later = journal.touched_since(conn, step["table"], step["key"], target["id"])
        if later is not None:
            raise Conflict(
                _(
                    "{table} {record} has been changed since (change {later}); it cannot be"
                    " put back"
                ).format(table=step["table"], record=record, later=later)
            )
        now = journal.current(conn, step["table"], step["key"])
        out.append(_describe(conn, step, record, now))
    return {**where, "command": target["command"], "steps": out}


def undo(conn: sqlite3.Connection, expected: int | None = None) -> dict:
    """Undo the last change inside the caller's write transaction (one open journal change).
    ``expected``: the change the user was shown; refuse if another one is now the last."""
    from resoc_cli.storage import audit

    plan = undo_plan(conn)
    if expected is not None and plan["change"] != expected:
        raise Conflict(_("the database changed meanwhile; run resoc undo again"))
    for step in journal.steps(conn, plan["change"]):
        before = journal.current(conn, step["table"], step["key"])
        try:
            journal.put_back(conn, step)
        except sqlite3.IntegrityError:
            raise Conflict(
                _(
                    "{table} {record} is referred to by a later record (or would clash with"
                    " one); change {change} cannot be undone"
                ).format(table=step["table"], record=_record(step), change=plan["change"])
            ) from None
        after = journal.current(conn, step["table"], step["key"])
        changes = {
            k: ((before or {}).get(k), (after or {}).get(k))
            for k in {*(before or {}), *(after or {})}
        }
        audit.append(conn, "undo", step["table"], _record(step), step["client_id"], changes)
    journal.mark(conn, "undo", plan["change"])
    return plan


def _record(step: dict) -> str:
    return "/".join(str(k) for k in step["key"])


def _describe(conn: sqlite3.Connection, step: dict, record: str, now: dict | None) -> dict:
    old = step["old"]
    if step["op"] == "insert":
        action, fields = "remove", {k: [v, None] for k, v in (now or {}).items()}
    elif step["op"] == "delete":
        action, fields = "restore", {k: [None, v] for k, v in old.items()}
    else:
        action = "revert"
        fields = {k: [(now or {}).get(k), v] for k, v in old.items() if (now or {}).get(k) != v}
    fields = {k: v for k, v in fields.items() if v != [None, None]}
    return {
        "action": action,
        "table": step["table"],
        "record": record,
        "client": journal.code_of(conn, step["client_id"]),
        "fields": fields,
    }
