"""Clients: add, change, close; the checks every other use case makes of a client."""

import sqlite3
from datetime import date

from resoc_cli.domain.errors import Conflict, InvalidInput
from resoc_cli.i18n import _, day
from resoc_cli.storage import clients as store
from resoc_cli.storage.programmes import active_enrolment, last_enrolment_end


def find(conn: sqlite3.Connection, client: str) -> sqlite3.Row:
    """The client named by code or by a unique part of the name."""
    return store.find_client(conn, client)


def unerased(conn: sqlite3.Connection, client: str) -> sqlite3.Row:
    """The client named by code or name, refusing one whose personal data was erased (nothing
    personal may be added again)."""
    row = store.find_client(conn, client)
    if row["erased_date"]:
        raise Conflict(
            _("client: {code} was erased on {day}").format(
                code=row["code"], day=day(row["erased_date"])
            )
        )
    return row


def open_client(conn: sqlite3.Connection, client: str, row: sqlite3.Row | None = None):
    """The client, refusing a closed case (no enrolment, no session until it is reopened).
    ``row``: the client already found (an import finds it by code only)."""
    row = row if row is not None else store.find_client(conn, client)
    if row["closed_date"]:
        raise Conflict(
            _("client: {code} is closed (resoc client edit --reopen)").format(code=row["code"])
        )
    return row


def refuse_before_birth(row, on: date, field: str = "date") -> None:
    """The rule of every date of something that happened to a client (a session, a contact,
    an enrolment and its end, a plan's dates, closing the case): not in the future, not
    before 1900 (``parse.check_past``) and not before the client was born: such a date is a
    mistyped year. (The birth date itself is never echoed.)"""
    from resoc_cli.domain.parse import check_past

    check_past(on, field)
    if row["born"] and on.isoformat() < row["born"]:
        raise InvalidInput(_("{field}: before the client's birth date").format(field=field))


def check_client(**values: object):
    """A new client's values, validated (``client add`` asks again for the refused ones)."""
    from resoc_cli.domain.models import ClientIn, validate

    return validate(ClientIn, **values)


def refuse_duplicate(conn: sqlite3.Connection, name: str, born: date) -> None:
    """A client with the same name (case and accents folded) and birth date as one already
    recorded (erased ones aside) is the same person: Conflict naming the existing code."""
    from resoc_cli.domain.collation import person_key
    from resoc_cli.domain.models import duplicate_message

    key = person_key(name, born.isoformat())
    existing = store.people(conn, born.isoformat()).get(key)
    if existing is not None:
        raise Conflict(duplicate_message(existing))


def add_client(
    conn: sqlite3.Connection, today: date, *, allow_duplicate: bool = False, **values: object
) -> dict:
    """A new client; their code is the one given or the next free ``K0001``. Refused as a
    duplicate (``refuse_duplicate``) unless ``allow_duplicate``."""
    client = check_client(**values)
    if not allow_duplicate:
        refuse_duplicate(conn, client.name, client.born)
    return {"code": store.insert_client(conn, client.dump(), today)}


def _field_words(field: str) -> str:
    """A field ``--clear`` takes, with its Czech name beside it for a Czech reader."""
    from resoc_cli.i18n import CZECH_FIELDS, language

    return f"{field} ({CZECH_FIELDS[field]})" if language() == "cs" else field


#: The client's details ``client edit --clear`` may empty (the others are required).
CLEARABLE = ("referral", "status", "release", "contract", "note")


def edit_client(
    conn: sqlite3.Connection,
    client: str,
    *,
    reopen: bool = False,
    clear: tuple[str, ...] = (),
    **values,
) -> dict:
    """Change the details given (``None``: leave as it is); empty the ``clear`` ones (an
    empty value of an optional detail empties it too); ``reopen`` a closed case."""
    from resoc_cli.domain.models import ClientPatch, validate

    cleared = list(dict.fromkeys(f.strip().lower() for f in clear))
    refused = [f for f in cleared if f not in CLEARABLE]
    if refused:
        raise InvalidInput(
            _("clear: {fields} cannot be cleared; these can: {clearable}").format(
                fields=", ".join(refused), clearable=", ".join(_field_words(f) for f in CLEARABLE)
            )
        )
    for field in CLEARABLE:
        value = values.get(field)
        if isinstance(value, str) and not value.strip():
            values[field] = None
            if field not in cleared:
                cleared.append(field)
    both = [f for f in cleared if values.get(f) is not None]
    if both:
        raise InvalidInput(
            _("clear: {fields} given a value and cleared at once").format(fields=", ".join(both))
        )
    changes = validate(ClientPatch, **values).dump(exclude_none=True)
    changes.update(dict.fromkeys(cleared))
    if not changes and not reopen:
        raise InvalidInput(_("edit: nothing to change (give at least one option)"))
    row = unerased(conn, client)
    born = changes.get("born") or date.fromisoformat(row["born"])
    for field in ("release", "contract"):  # against the birth date kept, when not changed
        if changes.get(field) is not None and changes[field] < born:
            raise InvalidInput(_("{field}: before the client's birth date").format(field=field))
    store.update_client(conn, row["id"], changes)
    if reopen:
        store.set_closed(conn, row["id"], None, None)
    return {"code": row["code"], "changed": list(changes), "reopened": reopen}


def close_client(conn: sqlite3.Connection, client: str, on: date, reason: str | None) -> dict:
    """Close a case; its active enrolment must be ended first. The client leaves every group
    on that day."""
    from resoc_cli.domain.models import validate_text

    reason = validate_text(reason, "reason")
    row = store.find_client(conn, client)
    refuse_before_birth(row, on)
    if row["closed_date"]:
        raise Conflict(
            _("client: {code} was already closed on {day}").format(
                code=row["code"], day=day(row["closed_date"])
            )
        )
    if active_enrolment(conn, row["id"]) is not None:
        raise Conflict(
            _("client: {code} has an active enrolment; complete or drop it first").format(
                code=row["code"]
            )
        )
    ended = last_enrolment_end(conn, row["id"])
    if ended is not None and on.isoformat() < ended:
        raise InvalidInput(
            _("date: before the client's last enrolment ended ({day})").format(day=day(ended))
        )
    store.set_closed(conn, row["id"], on, reason)
    from resoc_cli.storage.groups import end_memberships_of

    left = end_memberships_of(conn, row["id"], on)
    return {"code": row["code"], "closed": on.isoformat(), "groups_left": left}


def client_document(conn: sqlite3.Connection, client: str, today: date) -> dict:
    """``client show``: the details, enrolments, number of family members and consents."""
    from resoc_cli.domain.rules import is_juvenile
    from resoc_cli.storage.family import list_members
    from resoc_cli.storage.privacy import consents_of
    from resoc_cli.storage.programmes import enrolments_of

    row = store.find_client(conn, client)
    document = dict(row)
    del document["id"]
    document["enrolments"] = [dict(e) for e in enrolments_of(conn, row["id"])]
    for e in document["enrolments"]:
        del e["client_id"]
    document["family_members"] = len(list_members(conn, row["id"]))
    document["consents"] = [dict(c) for c in consents_of(conn, row["id"])]
    document["shared_with"] = store.shares_of(conn, row["id"])
    document["juvenile"] = is_juvenile(date.fromisoformat(row["born"]), today)
    document["client"] = row["code"]  # the one name of a client in every document
    document["created_date"] = row["created"]
    return document


def list_clients(conn: sqlite3.Connection, include_closed: bool) -> list[dict]:
    """Open clients (or all), in Czech alphabetical order of the names."""
    from resoc_cli.domain.collation import czech_key

    rows = store.list_clients(conn, include_closed)
    ordered = sorted(rows, key=lambda r: czech_key(r["name"]))
    return [{**dict(r), "client": r["code"]} for r in ordered]
