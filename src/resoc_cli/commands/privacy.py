"""Data-protection duties: resoc client erase | consent, resoc retention, resoc log."""

from typing import Annotated

import typer

from resoc_cli import i18n, render
from resoc_cli.commands.common import (
    ClientArg,
    FromOpt,
    JsonOpt,
    MonthOpt,
    ToOpt,
    YearOpt,
    confirm_or_refuse,
    db,
    today,
    write,
)
from resoc_cli.commands.common import table_name as _table_name
from resoc_cli.i18n import _, ngettext

YesOpt = Annotated[bool, typer.Option("--yes", help="Confirm without asking.")]


def erase(
    client: ClientArg,
    yes: YesOpt = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would go.")] = False,
) -> None:
    """Erase a closed client's personal data (right to erasure, end of retention).

    Names, exact birth date, release and contract dates and every free text go, also from the
    family members, the plan and the audit trail; anonymous counts stay, so past yearly
    reports still add up.

    \b
    Example: resoc client erase K0001 --dry-run"""
    from resoc_cli.services.privacy import erase as erase_client
    from resoc_cli.services.privacy import erasure_plan, scrub

    plan = erasure_plan(db(), client)
    code = plan["code"]
    summary = ", ".join(f"{_table_name(table)} {n}" for table, n in plan["found"].items() if n)
    if dry_run:
        render.line(
            _("{code}: would erase personal data in: {summary}").format(
                code=code, summary=summary or _("nothing")
            )
        )
        return
    confirm_or_refuse(
        yes, _("Erase the personal data of {code}? This cannot be undone.").format(code=code)
    )
    with write() as conn:
        erase_client(conn, code, today())
    scrubbed = scrub(conn)
    render.line(
        _("{code}: erased ({summary}); anonymous counts kept").format(code=code, summary=summary)
    )
    if not scrubbed:
        render.warn(
            _(
                "another program is reading the database, so old copies of the erased pages"
                " stay in the file until it stops; close it and run: resoc doctor"
            )
        )
    render.warn(_("backups made before now still hold the erased data; prune them (backup --keep)"))


def consent(
    client: ClientArg,
    party: Annotated[
        str, typer.Argument(metavar="PARTY", help="Who may receive data: pms, court, prison, ...")
    ],
    given: Annotated[
        str | None,
        typer.Option("--given", metavar="DATE", help="Date the consent was given."),
    ] = None,
    withdrawn: Annotated[
        str | None,
        typer.Option("--withdrawn", metavar="DATE", help="Date the consent was withdrawn."),
    ] = None,
    basis: Annotated[
        str | None,
        typer.Option(
            "--basis",
            metavar="TEXT",
            help="Instead of consent, the legal basis (e.g. a court's order and its number).",
        ),
    ] = None,
) -> None:
    """Record a consent to share the client's data with PARTY (or a legal basis), or its withdrawal.

    \b
    Example: resoc client consent K0001 pms --given 2026-02-02"""
    from resoc_cli.services.privacy import set_consent

    with write() as conn:
        result = set_consent(conn, client, party, given, withdrawn, basis)
    given_day, withdrawn_day, party = result["given"], result["withdrawn"], result["party"]
    if result["basis"]:
        render.line(
            _("{code}: legal basis for sharing with {party} recorded: {basis}").format(
                code=result["client"], party=party, basis=result["basis"]
            )
        )
        return
    if given_day:
        text = _("{code}: consent to share with {party} given {day}")
    else:
        text = _("{code}: consent to share with {party} withdrawn {day}")
    day_ = i18n.day(given_day or withdrawn_day)
    render.line(text.format(code=result["client"], party=party, day=day_))


def retention(
    years: Annotated[
        int | None,
        typer.Option("--years", min=1, max=100, help="Retention period (default: config)."),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Closed clients past the retention period, to erase (resoc client erase).

    \b
    Example: resoc retention --years 10"""
    from resoc_cli.config import retention_years
    from resoc_cli.services.privacy import past_retention

    document = past_retention(db(), today(), years or retention_years())
    if json_:
        render.emit_json(document)
        return
    years, rows = document["years"], document["clients"]
    cutoff = document["closed_before"]
    render.table(
        ngettext(
            "Closed on or before {day} ({n} years): erase with resoc client erase",
            "Closed on or before {day} ({n} years): erase with resoc client erase",
            years,
        ).format(day=i18n.day(cutoff), n=years),
        ["code", "name", "closed"],
        [(r["code"], r["name"], r["closed_date"]) for r in rows],
        empty="no client is past the retention period",
    )


def log(
    client: Annotated[
        str | None, typer.Argument(metavar="[CLIENT]", help="Only this client.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help="Only changes on or after this date."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DATE", help="Only changes on or before this date."),
    ] = None,
    month: MonthOpt = None,
    year: YearOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    json_: JsonOpt = False,
) -> None:
    """The audit trail: who changed what, when (oldest first).

    The days are days in UTC, as the trail's times are.

    \b
    Example: resoc log K0002 --since 2026-06-01"""
    from resoc_cli.domain.period import log_period
    from resoc_cli.services.privacy import audit_log

    entries = audit_log(db(), client, *log_period(since, until, month, year, from_, to))
    if json_:
        render.emit_json(entries)
        return
    render.table(
        None,
        ["id", "at (UTC)", "worker", "command", "action", "record", "changes"],
        [
            (
                e["id"],
                e["at"][:19].replace("T", " "),
                e["worker"] or "",
                e["command"],
                _action(e["action"]),
                f"{_table_name(e['entity'])} {e['record']}",
                "; ".join(_change_text(f, c) for f, c in e["changes"].items()),
            )
            for e in entries
        ],
        right={"id"},
        empty="no changes recorded",
    )


def _action(action: str) -> str:
    """An audit action as people say it (--json and the trail keep the English word)."""
    names = {
        "add": _("added"),
        "edit": _("changed"),
        "delete": _("deleted"),
        "erase": _("erased"),
        "consent": _("consent"),
        "import": _("imported"),
        "completed": _("completed"),
        "dropped": _("dropped"),
        "close": _("closed"),
        "reopen": _("reopened"),
        "restore": _("restored"),
        "undo": _("undone"),
        "leave": _("left the group"),
        "assign": _("handed over"),
        "share": _("shared"),
        "unshare": _("no longer shared"),
        "init": _("set up"),
    }
    return names.get(action, action)


def _change_text(field: str, change: dict) -> str:
    if change.get("erased"):
        return _("{field}: (erased)").format(field=field)
    old, new = change["old"], change["new"]
    if old is None:
        return f"{field}={new}"
    if new is None:  # a value removed (a record deleted, a field cleared)
        return f"{field}: {old} -> –"
    return f"{field}: {old} -> {new}"
