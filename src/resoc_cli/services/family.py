"""A client's family members and the log of contacts with them."""

import sqlite3
from datetime import date

from resoc_cli.domain.models import ContactIn, MemberIn, validate
from resoc_cli.domain.rules import is_juvenile
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


def list_contacts(conn: sqlite3.Connection, client: str) -> list[dict]:
    return [dict(r) for r in store.list_contacts(conn, find(conn, client)["id"])]
