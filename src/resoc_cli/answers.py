"""The answers to the quick questions as people and scripts read them: the ``hours`` line and
chart, the ``check`` lines, ``caseload --json``. Shared by the quick path (``main``) and the
Typer commands, so both print exactly the same; standard library only."""

import sqlite3
import sys

from resoc_cli import render


def programme(d: dict) -> str:
    """The programme in a sentence: its code in English (what scripts have always read), its
    name in quotation marks in Czech („Resocializační program pro dospělé“)."""
    from resoc_cli.i18n import programme_of

    return programme_of(d)


def hours_parts(d: dict) -> tuple[str, str, str]:
    """The ``hours`` answer in its three parts: the hours, the bar, what is left (one line,
    two spaces between them, where the terminal is wide enough: render.parts)."""
    from resoc_cli.i18n import _, hours, ngettext

    done, required, left = d["attended_minutes"], d["required_minutes"], d["remaining_minutes"]
    state = "" if d["state"] == "active" else f" ({_(d['state'])})"
    tail = _("{left} to go").format(left=hours(left)) if left else _("minimum reached")
    sessions = ngettext("in {n} session", "in {n} sessions", d["sessions"]).format(n=d["sessions"])
    head = (
        f"{d['client']} {programme(d)}{state}: "
        + _("{done} of {required}").format(done=hours(done), required=hours(required))
        + f" {sessions}"
    )
    return head, render.progress_bar(done, required), tail


def month_chart(conn: sqlite3.Connection, enrolment_id: int, width: int = 30) -> list[str]:
    """A small bar chart of attended hours per month, for a terminal."""
    from resoc_cli.i18n import hours
    from resoc_cli.services.status import hours_by

    months = hours_by(conn, enrolment_id, "month")
    if not months:
        return []
    top = max(m["minutes"] for m in months)
    lines = []
    for m in months:
        bar = "█" * max(1, round(m["minutes"] * width / top))
        lines.append(f"  {m['bucket']}  {bar:<{width}}  {hours(m['minutes'])}")
    return lines


def print_hours(conn: sqlite3.Connection, document: dict, enrolment_id: int) -> None:
    """The hours line; on a terminal also the per-month chart (plain in a pipe or a file)."""
    render.parts(*hours_parts(document))
    if sys.stdout.isatty():
        for text in month_chart(conn, enrolment_id):
            render.line(text)


def check_lines(documents: list[dict]) -> list[str]:
    from resoc_cli.i18n import _

    out = []
    for d in documents:
        verdict = _("complete") if d["complete"] else _("NOT complete")
        state = "" if d["state"] == "active" else f" ({_(d['state'])})"
        out.append(f"{d['client']} {programme(d)}{state}: {verdict}")
        out += ["  " + _("unmet: {item}").format(item=item) for item in d["unmet"]]
        out += ["  " + _("warning: {item}").format(item=item) for item in d["warnings"]]
    return out


def caseload_json(conn: sqlite3.Connection, today) -> str:
    """``resoc caseload --json``: byte for byte ``render.emit_json(caseload_documents(...))``,
    written straight from the rows (this runs once per open client, 10,000 in a large
    organisation; a test holds the two to the same text). A value of an unexpected type (a
    file changed by another tool) makes that row go through the generic JSON encoder."""
    import json

    from resoc_cli.services.status import caseload_keys, caseload_rows

    keys = caseload_keys()
    enc, num = json.encoder.encode_basestring, int.__repr__  # both refuse any other type
    generic = json.JSONEncoder(ensure_ascii=False, default=str).encode
    template = "{" + ", ".join(enc(k).replace("%", "%%") + ": %s" for k in keys) + "}"
    lines = []
    append = lines.append
    for row in caseload_rows(conn, today):
        code, name, status, programme, start, attended, required, sessions, last, plan, days = row[
            :11
        ]
        try:
            append(
                template
                % (
                    enc(code),
                    enc(name),
                    "null" if status is None else enc(status),
                    "null" if programme is None else enc(programme),
                    "null" if start is None else enc(start),
                    "null" if attended is None else num(attended),
                    "null" if required is None else num(required),
                    "null" if sessions is None else num(sessions),
                    "null" if last is None else enc(last),
                    enc(plan),
                    "null" if days is None else num(days),
                    enc(code),
                )
            )
        except TypeError:
            append(generic(dict(zip(keys, row, strict=True))))
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"
