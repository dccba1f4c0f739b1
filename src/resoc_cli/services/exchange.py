"""Exports and imports: which rows leave (a recorded consent, pseudonyms), and an import that
writes all of its rows or none."""

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from functools import partial

from resoc_cli.domain.errors import InvalidInput
from resoc_cli.i18n import _


def period(month: str | None, first: str | None, last: str | None, year: str | None = None):
    """An export's ``--month``, ``--year`` or ``--from``/``--to`` (both), as ``(first, last)``
    days or ``(None, None)`` (domain/period.py: the rule of every listing)."""
    from resoc_cli.domain.period import period as of

    return of(month, year, first, last, both=True)


class Consents:
    """``--for RECIPIENT``: only the clients with a recorded consent to share with that party
    (given, not withdrawn) leave; the others are counted and named by code afterwards
    (``left_out``), so nobody is left out silently. Without a recipient, everyone."""

    def __init__(self, conn: sqlite3.Connection, recipient: str | None) -> None:
        self.party, self.allowed, self.skipped = None, None, set()
        self.warnings: list[str] = []
        if recipient is None:
            return
        from resoc_cli.services.privacy import PARTY
        from resoc_cli.storage.privacy import consented_for, known_parties

        party = recipient.strip().lower()
        if not PARTY.match(party):
            raise InvalidInput(_("for: use a party name as recorded with resoc client consent"))
        if party not in known_parties(conn):
            self.warnings.append(
                _("no consent was ever recorded for {party}: check the spelling").format(
                    party=repr(party)
                )
            )
        self.party, self.allowed = party, consented_for(conn, party)

    def admits(self, code: str) -> bool:
        if self.allowed is None or code.upper() in self.allowed:
            return True
        self.skipped.add(code)
        return False

    def left_out(self) -> str | None:
        """After the rows: the clients left out, by code, or None."""
        if not self.skipped:
            return None
        from resoc_cli.i18n import ngettext

        n = len(self.skipped)
        text = ngettext(
            "{n} client left out, no consent for {party}: {codes}",
            "{n} clients left out, no consent for {party}: {codes}",
            n,
        )
        return text.format(n=n, party=self.party, codes=", ".join(sorted(self.skipped)))


def session_export(
    conn: sqlite3.Connection,
    first: date | None,
    last: date | None,
    recipient: str | None = None,
    pseudonymise: bool = False,
) -> dict:
    """``{"columns", "rows" (a stream), "count" (callable), "warnings"}`` of the sessions."""
    from resoc_cli.domain.exchange import SESSION_COLUMNS, pseudonymous_sessions
    from resoc_cli.storage.exchange import pseudonym_key, session_count, session_rows

    consents = Consents(conn, recipient)  # refuses a bad name before the key is made
    key = pseudonym_key(conn) if pseudonymise else None
    rows: Iterable = session_rows(conn, first, last, key)
    if recipient is not None:
        rows = (r for r in rows if consents.admits(r[2]))
    if key is not None:
        rows = pseudonymous_sessions(key, rows)
    return {
        "columns": SESSION_COLUMNS,
        "rows": rows,
        "count": partial(session_count, conn, first, last),
        "warnings": consents.warnings,
        "left_out": consents.left_out,
    }


def client_export(
    conn: sqlite3.Connection,
    first: date | None,
    last: date | None,
    recipient: str | None = None,
    pseudonymise: bool = False,
) -> dict:
    """The clients with their current enrolment, hours, plan and completion state; with a
    period only those served in it. Same keys as ``session_export``."""
    from resoc_cli.domain.exchange import CLIENT_COLUMNS
    from resoc_cli.storage.exchange import client_count, pseudonym_key

    consents = Consents(conn, recipient)  # refuses a bad name before the key is made
    key = pseudonym_key(conn) if pseudonymise else None
    return {
        "columns": CLIENT_COLUMNS,
        "rows": _client_rows(conn, first, last, consents, key),
        "count": partial(client_count, conn, first, last),
        "warnings": consents.warnings,
        "left_out": consents.left_out,
    }


def _client_rows(conn, first, last, consents: Consents, key: bytes | None) -> Iterator[list]:
    from resoc_cli.domain.exchange import CLIENT_COLUMNS, CLIENT_PRIVATE, pseudonym
    from resoc_cli.domain.rules import plan_state
    from resoc_cli.services.status import evaluate, plan_facts
    from resoc_cli.storage.exchange import client_rows

    for r in client_rows(conn, first, last, key):
        if not consents.admits(r["code"]):
            continue
        enrolled = r["enrolment_id"] is not None
        row = {
            "code": r["code"],
            "name": r["name"],
            "born": r["born"],
            "sex": r["sex"],
            "referral": r["referral"],
            "status": r["status"],
            "release": r["release_date"],
            "contract": r["contract_date"],
            "note": r["note"],
            "programme": r["programme"],
            "start_date": r["start_date"],
            "end_date": r["end_date"],
            "enrolment_state": r["state"],
            "attended_minutes": r["attended_minutes"] if enrolled else None,
            "required_minutes": r["min_minutes"],
            "plan": plan_state(plan_facts(r)) if enrolled else None,
            "complete": evaluate(r).complete if enrolled else None,
        }
        row.update(client=row["code"], release_date=row["release"], contract_date=row["contract"])
        if key is not None:
            alias = pseudonym(key, r["code"])
            row.update({c: None for c in CLIENT_PRIVATE}, code=alias, client=alias)
        yield [row[c] for c in CLIENT_COLUMNS]


#: Times an import checks its rows again outside the write lock when another program wrote
#: meanwhile, before it checks them once more holding the lock.
RECHECKS = 3


def import_clients(
    conn: sqlite3.Connection,
    records,
    today: date,
    dry_run: bool,
    allow_duplicate: bool = False,
    write=None,
) -> dict:
    """Validate every row, then insert all of them (not with ``dry_run``) or none:
    ``{"rows": n, "problems": [...], "duplicates": n}`` (with problems, nothing was
    written). The rules of ``client add``, duplicates included. With ``write`` (a
    ``with write() as conn:`` transaction), the rows are validated before it begins, and
    checked again within it when another program wrote meanwhile (a code taken, a client
    added); without it the caller's transaction is open already."""
    from resoc_cli.importing import validate_clients
    from resoc_cli.storage.clients import next_code, people
    from resoc_cli.storage.exchange import client_codes, data_version, insert_clients, programme_ids

    def validate(conn: sqlite3.Connection) -> tuple[list, list, list]:
        duplicates: list[int] = []
        rows, problems = validate_clients(
            records,
            client_codes(conn),
            programme_ids(conn),
            int(next_code(conn)[1:]),
            people(conn),
            allow_duplicate,
            duplicates,
        )
        return rows, problems, duplicates

    if write is not None:
        records = list(records)  # a clients file is short; it may be checked twice
        version = data_version(conn)
    rows, problems, duplicates = validate(conn)
    if not problems and not dry_run:
        if write is None:
            insert_clients(conn, rows, today)
        else:
            with write() as conn:
                if data_version(conn) != version:
                    rows, problems, duplicates = validate(conn)
                if not problems:
                    insert_clients(conn, rows, today)
    return {"rows": len(rows), "problems": problems, "duplicates": len(duplicates)}


def import_sessions(conn: sqlite3.Connection, records, dry_run: bool, write=None) -> dict:
    """Sessions of existing clients, each counted toward the enrolment its date falls in;
    all rows or none, as ``import_clients``. Each row's client passes the very checks of
    ``session add`` (``sessions.session_client``), found by code only: known, open (so never
    erased), the date not before the birth; its phase is checked against the programme it
    counts toward. A row's ``meeting_id`` names a meeting of this database, of which the
    client has no session yet (in the database or on an earlier row).

    With ``write`` (see ``import_clients``) the valid rows are staged in a temporary table,
    so memory stays flat, and validated before the write lock is taken: others may write
    meanwhile. If one did, the staged rows are checked again (``RECHECKS`` times outside the
    lock, then within it), so every row inserted passed the rules as the database is when
    it is inserted."""
    from resoc_cli.storage import exchange as store

    if write is None:
        rows, problems = _validate_sessions(conn, records)
        if not problems and not dry_run:
            store.insert_sessions(conn, rows)
        return {"rows": len(rows), "problems": problems}
    for attempt in range(RECHECKS + 1):
        version = store.data_version(conn)
        name = f"import_sessions_{attempt}"
        if attempt < RECHECKS:
            n, problems = _stage_sessions(conn, records, name)
            if problems or dry_run:
                return {"rows": n, "problems": problems}
            with write() as wconn:
                if store.data_version(wconn) == version:
                    store.insert_staged_sessions(wconn, name)
                    return {"rows": n, "problems": []}
        else:
            with write() as wconn:
                n, problems = _stage_sessions(wconn, records, name)
                if not problems:
                    store.insert_staged_sessions(wconn, name)
                return {"rows": n, "problems": problems}
        records = store.staged_sessions(conn, name)  # another program wrote: check them again
    raise AssertionError("unreachable")  # pragma: no cover


#: Rows staged at a time.
_BATCH = 5000


def _stage_sessions(conn: sqlite3.Connection, records, name: str) -> tuple[int, list[str]]:
    """Validate ``records`` into the staging table ``name`` (dropping the one they come
    from, if staged); ``(valid rows, problems)``."""
    from resoc_cli.storage import exchange as store

    store.stage_table(conn, name)
    batch: list[tuple] = []
    n = 0

    def sink(line: int, client: str, row: tuple) -> None:
        nonlocal n
        batch.append((line, client, *row))
        n += 1
        if len(batch) >= _BATCH:
            store.stage_sessions(conn, name, batch)
            batch.clear()

    _rows, problems = _validate_sessions(conn, records, sink)
    store.stage_sessions(conn, name, batch)
    previous = name.rsplit("_", 1)
    if previous[1] != "0":
        store.drop_stage(conn, f"{previous[0]}_{int(previous[1]) - 1}")
    return n, problems


def _validate_sessions(conn: sqlite3.Connection, records, sink=None) -> tuple[list, list]:
    """``validate_sessions`` with the rules of ``session add`` looked up in ``conn``."""
    from resoc_cli.domain.errors import NotFound, ResocError
    from resoc_cli.importing import NO_CODE, validate_sessions
    from resoc_cli.services.clients import open_client
    from resoc_cli.services.sessions import session_client
    from resoc_cli.storage.exchange import client_by_code, enrolment_spans, meeting_for_import

    found: dict[str, object] = {}

    def client_rule(typed: str | None, session) -> int:
        key = (typed or "").strip()
        if key not in found:
            try:
                row = client_by_code(conn, key)
                if row is None:
                    raise NotFound(NO_CODE())
                found[key] = open_client(conn, key, row)
            except ResocError as exc:
                found[key] = exc
        row = found[key]
        if isinstance(row, ResocError):
            raise row
        if session is not None:
            session_client(conn, key, session.date, row=row)
        return row["id"]

    meetings: dict[int, tuple | None] = {}

    def meeting_rule(meeting_id: int) -> tuple | None:
        if meeting_id not in meetings:
            meetings[meeting_id] = meeting_for_import(conn, meeting_id)
        return meetings[meeting_id]

    return validate_sessions(
        records, client_rule, enrolment_spans(conn), meetings=meeting_rule, sink=sink
    )
