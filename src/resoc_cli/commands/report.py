"""resoc report year | month — the funder's yearly report and the monthly overview.

What each number means is documented in ``resoc_cli.domain.report``.
"""

from typing import Annotated

import typer

from resoc_cli import render
from resoc_cli.commands.common import JsonOpt, db
from resoc_cli.domain.codes import label as code
from resoc_cli.i18n import _, ngettext
from resoc_cli.i18n import month as i18n_month

app = typer.Typer(no_args_is_help=True, help="Yearly and monthly reports.")


def _hours(minutes: int) -> str:
    from resoc_cli.i18n import hours as format_hours

    return format_hours(minutes)


@app.command("year")
def year(
    year_: Annotated[str, typer.Argument(metavar="YYYY", help="The calendar year, e.g. 2026.")],
    json_: JsonOpt = False,
) -> None:
    """The yearly grant report: clients served, sessions and hours, family, goals.

    \b
    Example: resoc report year 2026"""
    from resoc_cli.domain.report import year_paragraph
    from resoc_cli.services.reports import year_report

    doc = year_report(db(), year_)
    if json_:
        render.emit_json(doc)
        return
    _render_year(doc)
    render.line("")
    render.line(year_paragraph(doc))


def _render_year(doc: dict) -> None:
    contacts = sum(doc["family_contacts_by_kind"].values())
    render.fields(
        _("Report {year}").format(year=doc["year"]),
        [
            ("clients served", doc["clients_total"]),
            ("new clients", doc["new_clients"]),
            ("completed", doc["completed"]),
            ("dropped out", doc["dropped_out"]),
            ("sessions held", doc["sessions"]),
            ("sessions missed", doc["sessions_missed"]),
            ("hours", _hours(doc["minutes_total"])),
            ("meetings held", doc["meetings"]),
            ("attendances", doc["attendances"]),
            ("family members", doc["family_members_involved"]),
            ("family contacts", contacts),
        ],
    )
    groups = [
        (_("sex"), doc["by_sex"]),
        (_("age"), doc["by_age_band"]),
        (_("referral"), doc["by_referral"]),
        (_("status"), doc["by_status"]),
    ]
    render.table(
        "Clients served",
        ["by", "group", "clients"],
        [(by, _group(group), n) for by, counts in groups for group, n in counts.items()],
        right={"clients"},
        empty="no clients served",
    )
    render.table(
        "Sessions held by activity",
        ["activity", "sessions", "hours"],
        [
            (code(a), doc["sessions_by_activity"][a], _hours(m))
            for a, m in doc["minutes_by_activity"].items()
        ],
        right={"sessions", "hours"},
        empty="no sessions held",
    )
    render.table(
        "Family contacts",
        ["kind", "contacts"],
        [(code(kind), n) for kind, n in doc["family_contacts_by_kind"].items()],
        right={"contacts"},
        empty="no family contacts",
    )
    set_, achieved = doc["goals_set_by_area"], doc["goals_achieved_by_area"]
    render.table(
        "Goals by area",
        ["area", "set", "achieved"],
        [
            (code(a), set_.get(a, 0), achieved.get(a, 0))
            for a in sorted(set_.keys() | achieved.keys())
        ],
        right={"set", "achieved"},
        empty="no goals set or achieved",
    )
    render.table(
        "Goal outcomes",
        ["outcome", "goals"],
        [(_group(outcome), n) for outcome, n in doc["outcomes"].items()],
        right={"goals"},
        empty="no goals closed",
    )


def _group(value: str) -> str:
    """A group of the yearly report for people: a code's name, or unknown (not recorded)."""
    return _("unknown") if value == "unknown" else code(value)


@app.command("month")
def month(
    month_: Annotated[str, typer.Argument(metavar="YYYY-MM", help="The month, e.g. 2026-10.")],
    json_: JsonOpt = False,
) -> None:
    """The month: sessions and hours per client and activity, who had none, who completed.

    \b
    Example: resoc report month 2026-10"""
    from resoc_cli.services.reports import month_report

    doc = month_report(db(), month_)
    if json_:
        render.emit_json(doc)
        return
    _render_month(doc)


def _render_month(doc: dict) -> None:
    from resoc_cli.domain.report import with_clients

    sessions, clients = doc["sessions"], doc["clients_with_sessions"]
    render.line(
        _("{month}: {sessions} held ({hours}) {with_clients}, {missed} missed").format(
            month=i18n_month(doc["month"]),
            sessions=ngettext("{n} session", "{n} sessions", sessions).format(n=sessions),
            hours=_hours(doc["minutes"]),
            with_clients=with_clients(clients),
            missed=doc["sessions_missed"],
        )
    )
    if doc["meetings"]:
        from resoc_cli.domain.report import meetings_sentence

        render.line(meetings_sentence(doc["meetings"], doc["attendances"]))
    render.table(
        "Per client",
        ["code", "name", "sessions", "hours", "missed"],
        [
            (r["client"], r["name"], r["sessions"], _hours(r["minutes"]), r["sessions_missed"])
            for r in doc["by_client"]
        ],
        right={"sessions", "hours", "missed"},
        empty="no sessions this month",
    )
    render.table(
        "Per activity",
        ["activity", "sessions", "hours", "missed"],
        [
            (code(r["activity"]), r["sessions"], _hours(r["minutes"]), r["sessions_missed"])
            for r in doc["by_activity"]
        ],
        right={"sessions", "hours", "missed"},
        empty="no activities this month",
    )
    render.table(
        "Enrolled, no session held this month",
        ["code", "name", "programme", "enrolled", "last session"],
        [
            (r["client"], r["name"], r["programme"], r["start_date"], r["last_session"])
            for r in doc["clients_without_session"]
        ],
        empty="every enrolled client had a session this month",
    )
    ended = (
        ("completed", _("Completed this month"), _("no enrolment completed this month")),
        ("dropped_out", _("Dropped out this month"), _("no enrolment dropped out this month")),
    )
    for key, title, empty in ended:
        render.table(
            title,
            ["code", "name", "programme", "start", "end", "hours"],
            [
                (
                    r["client"],
                    r["name"],
                    r["programme"],
                    r["start_date"],
                    r["end_date"],
                    _hours(r["attended_minutes"]),
                )
                for r in doc[key]
            ],
            right={"hours"},
            empty=empty,
        )
