"""A client's family members and the log of contacts with them."""

import sqlite3
from datetime import date

from resoc_cli.domain.errors import Conflict, InvalidInput
from resoc_cli.domain.models import ContactIn, MemberIn, validate
from resoc_cli.domain.rules import is_juvenile
from resoc_cli.i18n import _, ngettext
from resoc_cli.services.clients import find, refuse_before_birth, unerased
from resoc_cli.storage import family as store


def add_member(conn: sqlite3.Connection, client: str, **values: object) -> dict:
    member = validate(MemberIn, **values)
    row = unerased(conn, client)
    return {"client": row["code"], "id": store.insert_member(conn, row["id"], member.dump())}


def list_members(conn: sqlite3.Connection, client: str, today: date) -> list[dict]:
    """The members; a child under 18 on ``today`` is a minor."""
    rows = store.list_members(conn, find(conn, client)["id"])
    return [
        {
            "id": r["id"],
            "name": r["name"],
            "relation": r["relation"],
            "born": r["born"],
            "minor": bool(r["born"]) and is_juvenile(date.fromisoformat(r["born"]), today),
            "contacts": r["contacts"],
            "last_contact": r["last_contact"],
            "note": r["note"],
        }
        for r in rows
    ]


def add_contact(conn: sqlite3.Connection, client: str, **values: object) -> dict:
    """A contact with one of this client's family members."""
    contact = validate(ContactIn, **values)
    row = unerased(conn, client)
    refuse_before_birth(row, contact.date)
    store.check_members(conn, row["id"], [contact.member])
    return {"client": row["code"], "id": store.insert_contact(conn, row["id"], contact.dump())}


def list_contacts(conn: sqlite3.Connection, client: str, first=None, last=None) -> list[dict]:
    """The client's family contacts, oldest first; ``first``/``last``: only those on these
    days or between them (both included)."""
    return [dict(r) for r in store.list_contacts(conn, find(conn, client)["id"], first, last)]


def edit_member(conn: sqlite3.Connection, member_id: int, **values: object) -> dict:
    """Change the details given (``None``: leave as it is), validated as ``add_member``'s."""
    given = {k: v for k, v in values.items() if v is not None}
    if not given:
        raise InvalidInput(_("edit: nothing to change (give at least one option)"))
    old = store.member_of(conn, member_id)
    member = validate(MemberIn, **{**{k: old[k] for k in MemberIn.FIELDS}, **given})
    row = unerased(conn, old["client"])
    changes = store.update_member(conn, member_id, member.dump(json=True))
    return {"client": row["code"], "id": member_id, "changed": sorted(changes)}


def delete_member(conn: sqlite3.Connection, member_id: int) -> dict:
    """Delete a member no contact and no session refers to (Conflict saying what does)."""
    old = store.member_of(conn, member_id)
    contacts, sessions = store.references_to(conn, member_id)
    if contacts or sessions:
        parts = []
        if contacts:
            parts.append(ngettext("{n} contact", "{n} contacts", contacts).format(n=contacts))
        if sessions:
            parts.append(ngettext("{n} session", "{n} sessions", sessions).format(n=sessions))
        raise Conflict(
            _("family member {member} is referred to by {what}; delete or edit those first").format(
                member=member_id, what=_(" and ").join(parts)
            )
        )
    store.delete_member(conn, member_id)
    return {"client": old["client"], "id": member_id}


def edit_contact(conn: sqlite3.Connection, contact_id: int, **values: object) -> dict:
    """Change the details given (``None``: leave as it is), validated as ``add_contact``'s:
    the member must be one of the client's own family."""
    given = {k: v for k, v in values.items() if v is not None}
    if not given:
        raise InvalidInput(_("edit: nothing to change (give at least one option)"))
    old = dict(store.contact_of(conn, contact_id))
    old["member"] = old["member_id"]
    contact = validate(ContactIn, **{**{k: old[k] for k in ContactIn.FIELDS}, **given})
    row = unerased(conn, old["client"])
    store.check_members(conn, row["id"], [contact.member])
    new = contact.dump(json=True)
    new["member_id"] = new.pop("member")
    changes = store.update_contact(conn, contact_id, new)
    return {"client": row["code"], "id": contact_id, "changed": sorted(changes)}


def delete_contact(conn: sqlite3.Connection, contact_id: int) -> dict:
    old = store.contact_of(conn, contact_id)
    store.delete_contact(conn, contact_id)
    return {"client": old["client"], "id": contact_id}
