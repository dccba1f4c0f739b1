"""Data-protection duties: resoc client erase | consent, resoc retention, resoc log."""

import re
from typing import Annotated

import typer

from resoc_cli import i18n, render
from resoc_cli.commands.common import ClientArg, JsonOpt, day, db, today, unerased_client, write
from resoc_cli.errors import Conflict, InvalidInput
from resoc_cli.i18n import _, ngettext

YesOpt = Annotated[bool, typer.Option("--yes", help="Confirm without asking.")]
PARTY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


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
    from resoc_cli.commands.sessions import confirm_or_refuse
    from resoc_cli.storage.clients import find_client
    from resoc_cli.storage.privacy import erasable, erase_client, scrub_files

    conn = db()
    row = find_client(conn, client)
    code = row["code"]
    if row["erased_date"]:
        raise Conflict(
            _("client: {code} was already erased on {day}").format(
                code=code, day=i18n.day(row["erased_date"])
            )
        )
    if not row["closed_date"]:
        raise Conflict(
            _("client: {code} is open; close the case first (resoc client close {code})").format(
                code=code
            )
        )
    found = erasable(conn, row["id"])
    summary = ", ".join(f"{_table_name(table)} {n}" for table, n in found.items() if n)
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
        row = find_client(conn, client)
        erase_client(conn, row["id"], code, row["born"], today())
    scrubbed = scrub_files(conn)
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


def _table_name(table: str) -> str:
    """Where personal data is kept, as people call it (the table name in English)."""
    names = {
        "clients": _("clients"),
        "enrolments": _("enrolments"),
        "family_members": _("family_members"),
        "sessions": _("sessions"),
        "contacts": _("contacts"),
        "plan_goals": _("plan_goals"),
        "plan_reviews": _("plan_reviews"),
        "consents": _("consents"),
        "audit_values": _("audit_values"),
        "plans": _("plans"),
        "plan_needs": _("plan_needs"),
        "programmes": _("programmes"),
        "database": _("database"),
    }
    return names.get(table, table)


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
) -> None:
    """Record a consent to share the client's data with PARTY, or its withdrawal.

    \b
    Example: resoc client consent K0001 pms --given 2026-02-02"""
    from resoc_cli.storage.privacy import set_consent

    party = party.strip().lower()
    if not PARTY.match(party):
        raise InvalidInput(
            _("party: use a short name of letters, digits and '-' (e.g. pms, court)")
        )
    if (given is None) == (withdrawn is None):
        raise InvalidInput(_("consent: give exactly one of --given DATE or --withdrawn DATE"))
    given_day = day(given, "given", past=True) if given else None
    withdrawn_day = day(withdrawn, "withdrawn", past=True) if withdrawn else None
    with write() as conn:
        row = unerased_client(conn, client)
        set_consent(conn, row["id"], row["code"], party, given_day, withdrawn_day)
    if given_day:
        text = _("{code}: consent to share with {party} given {day}")
    else:
        text = _("{code}: consent to share with {party} withdrawn {day}")
    day_ = i18n.day(given_day or withdrawn_day)
    render.line(text.format(code=row["code"], party=party, day=day_))


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
    from resoc_cli.domain.privacy import retention_cutoff
    from resoc_cli.storage.privacy import past_retention

    years = years or retention_years()
    cutoff = retention_cutoff(today(), years)
    rows = [dict(r) for r in past_retention(db(), cutoff)]
    if json_:
        render.emit_json({"years": years, "closed_before": cutoff.isoformat(), "clients": rows})
        return
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
    json_: JsonOpt = False,
) -> None:
    """The audit trail: who changed what, when (oldest first).

    \b
    Example: resoc log K0002 --since 2026-06-01"""
    from resoc_cli.storage.audit import log as query
    from resoc_cli.storage.clients import find_client

    conn = db()
    client_id = find_client(conn, client)["id"] if client else None
    first = day(since, "since").isoformat() if since else None
    entries = query(conn, client_id, first)
    if json_:
        render.emit_json(entries)
        return
    render.table(
        None,
        ["id", "at (UTC)", "command", "action", "record", "changes"],
        [
            (
                e["id"],
                e["at"][:19].replace("T", " "),
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
    }
    return names.get(action, action)


def _change_text(field: str, change: dict) -> str:
    if change.get("erased"):
        return _("{field}: (erased)").format(field=field)
    old, new = change["old"], change["new"]
    if old is None:
        return f"{field}={new}"
    return f"{field}: {old} -> {new}"


def register(client_app: typer.Typer, root: typer.Typer) -> None:
    client_app.command("erase")(erase)
    client_app.command("consent")(consent)
    root.command("retention")(retention)
    root.command("log")(log)
