"""Data-protection duties: erasure, consent, retention, the audit trail."""

import re
import sqlite3
from datetime import date

from resoc_cli.domain.errors import Conflict, InvalidInput
from resoc_cli.i18n import _, day
from resoc_cli.services.clients import find, unerased
from resoc_cli.storage import privacy as store

PARTY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def erasure_plan(conn: sqlite3.Connection, client: str) -> dict:
    """What erasing would remove: ``{"code", "found": {table: rows}}``. Only a closed client
    who was not erased before may be erased; in a team, by a lead."""
    from resoc_cli.services.team import require_lead

    row = find(conn, client)
    require_lead(conn)
    code = row["code"]
    if row["erased_date"]:
        raise Conflict(
            _("client: {code} was already erased on {day}").format(
                code=code, day=day(row["erased_date"])
            )
        )
    if not row["closed_date"]:
        raise Conflict(
            _("client: {code} is open; close the case first (resoc client close {code})").format(
                code=code
            )
        )
    return {"code": code, "found": store.erasable(conn, row["id"])}


def erase(conn: sqlite3.Connection, client: str, today: date) -> dict:
    """Erase a closed client's personal data (within the caller's transaction); anonymous
    counts stay. Run ``scrub`` after the commit. Refused while the schema holds a table,
    view or trigger resoc did not make (personal data could survive there)."""
    from resoc_cli.services.integrity import refuse_foreign

    refuse_foreign(conn)
    plan = erasure_plan(conn, client)
    row = find(conn, client)
    store.erase_client(conn, row["id"], plan["code"], row["born"], today)
    return plan


def scrub(conn: sqlite3.Connection) -> bool:
    """After an erasure's commit: overwrite the freed pages in the file and its WAL. False when
    another program's open read keeps old copies for now. On a PostgreSQL server: VACUUM the
    tables the erasure changed (their dead row versions hold the erased values); False when
    this login may not (the owner's routine VACUUM removes them later)."""
    if getattr(conn, "engine", "sqlite") == "postgresql":
        from resoc_cli.storage import pg_maintenance

        return pg_maintenance.vacuum(conn)
    return store.scrub_files(conn)


def set_consent(
    conn: sqlite3.Connection,
    client: str,
    party: str,
    given: str | None,
    withdrawn: str | None,
    basis: str | None = None,
) -> dict:
    """A consent to share the client's data with ``party``, or its withdrawal: exactly one of
    the two dates, as typed. ``basis``: instead of a consent, the legal basis for sharing (a
    court's order), with the day it was given or without; a withdrawal ends either."""
    from resoc_cli.domain.models import validate_line
    from resoc_cli.domain.parse import parse_past_date

    party = party.strip().lower()
    if not PARTY.match(party):
        raise InvalidInput(
            _("party: use a short name of letters, digits and '-' (e.g. pms, court)")
        )
    if basis is not None:
        if withdrawn is not None:
            raise InvalidInput(
                _("consent: --basis records a basis, --withdrawn ends one; not both")
            )
        basis = validate_line(basis, "basis")
    elif (given is None) == (withdrawn is None):
        raise InvalidInput(_("consent: give exactly one of --given DATE or --withdrawn DATE"))
    given = parse_past_date(given, "given") if given else None
    withdrawn = parse_past_date(withdrawn, "withdrawn") if withdrawn else None
    row = unerased(conn, client)
    store.set_consent(conn, row["id"], row["code"], party, given, withdrawn, basis)
    return {"client": row["code"], "party": party, "given": given, "withdrawn": withdrawn,
            "basis": basis}  # fmt: skip


def past_retention(conn: sqlite3.Connection, today: date, years: int) -> dict:
    """Closed clients past the retention period of ``years``, to erase."""
    from resoc_cli.domain.privacy import retention_cutoff

    cutoff = retention_cutoff(today, years)
    rows = [dict(r) for r in store.past_retention(conn, cutoff)]
    return {"years": years, "closed_before": cutoff.isoformat(), "clients": rows}


def audit_log(
    conn: sqlite3.Connection, client: str | None, since: date | None, until: date | None = None
) -> list[dict]:
    """The trail, oldest first: one client's or all, changed on ``since`` or later and on
    ``until`` or earlier (UTC days, both included; None: open)."""
    from datetime import timedelta

    from resoc_cli.storage.audit import log

    client_id = find(conn, client)["id"] if client else None
    before = (until + timedelta(days=1)).isoformat() if until else None
    return log(conn, client_id, since.isoformat() if since else None, before)
