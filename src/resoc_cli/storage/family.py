"""Family members of a client and the log of contacts with them."""

import sqlite3
from collections.abc import Iterable

from resoc_cli.errors import NotFound
from resoc_cli.i18n import _
from resoc_cli.storage import audit


def insert_member(conn: sqlite3.Connection, client_id: int, m: dict) -> int:
    values = {
        "name": m["name"],
        "relation": m["relation"],
        "born": m["born"].isoformat() if m["born"] else None,
        "note": m["note"],
    }
    cur = conn.execute(
        """INSERT INTO family_members (client_id, name, relation, born, note)
           VALUES (:client_id, :name, :relation, :born, :note)""",
        {**values, "client_id": client_id},
    )
    audit.append(conn, "add", "family_members", str(cur.lastrowid), client_id, audit.added(values))
    return cur.lastrowid


def check_members(conn: sqlite3.Connection, client_id: int, member_ids: Iterable[int]) -> None:
    """Every id must be a family member of this client."""
    for member_id in member_ids:
        row = conn.execute(
            "SELECT 1 FROM family_members WHERE id = ? AND client_id = ?", (member_id, client_id)
        ).fetchone()
        if row is None:
            raise NotFound(
                _("member: no family member {member} of this client").format(member=member_id)
            )


def list_members(conn: sqlite3.Connection, client_id: int) -> list[sqlite3.Row]:
    """The members with their contacts (``views.FAMILY_CONTACTS``: logged contacts and
    sessions they took part in, one a day) and the day of the last."""
    from resoc_cli.storage.views import FAMILY_CONTACTS

    return conn.execute(
        f"""WITH k AS ({FAMILY_CONTACTS})
            SELECT m.id, m.name, m.relation, m.born, m.note,
                  (SELECT max(date) FROM k WHERE k.member_id = m.id) AS last_contact,
                  (SELECT count(*) FROM k WHERE k.member_id = m.id) AS contacts
           FROM family_members m WHERE m.client_id = ? ORDER BY m.id""",
        (client_id,),
    ).fetchall()


def insert_contact(conn: sqlite3.Connection, client_id: int, c: dict) -> int:
    values = {
        "member_id": c["member"],
        "date": c["date"].isoformat(),
        "kind": c["kind"],
        "minutes": c["minutes"],
        "note": c["note"],
    }
    cur = conn.execute(
        """INSERT INTO contacts (client_id, member_id, date, kind, minutes, note)
           VALUES (:client_id, :member_id, :date, :kind, :minutes, :note)""",
        {**values, "client_id": client_id},
    )
    audit.append(conn, "add", "contacts", str(cur.lastrowid), client_id, audit.added(values))
    return cur.lastrowid


def list_contacts(
    conn: sqlite3.Connection, client_id: int, first=None, last=None
) -> list[sqlite3.Row]:
    return conn.execute(
        """SELECT k.id, k.date, k.member_id, m.name AS member, m.relation, k.kind, k.minutes,
                  k.note
           FROM contacts k JOIN family_members m ON m.id = k.member_id
           WHERE k.client_id = ? AND (? IS NULL OR k.date >= ?) AND (? IS NULL OR k.date <= ?)
           ORDER BY k.date, k.id""",
        (client_id, *[first and first.isoformat()] * 2, *[last and last.isoformat()] * 2),
    ).fetchall()


_MEMBER_FIELDS = ("name", "relation", "born", "note")
_CONTACT_FIELDS = ("member_id", "date", "kind", "minutes", "note")


def member_of(conn: sqlite3.Connection, member_id: int) -> sqlite3.Row:
    """One family member (with the client's code); NotFound otherwise."""
    row = conn.execute(
        """SELECT m.id, m.client_id, c.code AS client, m.name, m.relation, m.born, m.note
           FROM family_members m JOIN clients c ON c.id = m.client_id WHERE m.id = ?""",
        (member_id,),
    ).fetchone()
    if row is None:
        raise NotFound(_("member: no family member {member}").format(member=member_id))
    return row


def update_member(conn: sqlite3.Connection, member_id: int, new: dict) -> dict:
    """Write the member's fields; an audit row with old and new values. The changes."""
    old = dict(member_of(conn, member_id))
    new = {k: new[k] for k in _MEMBER_FIELDS}
    sets = ", ".join(f"{k} = ?" for k in new)
    conn.execute(f"UPDATE family_members SET {sets} WHERE id = ?", (*new.values(), member_id))
    changes = audit.changes_between(old, new)
    audit.append(conn, "edit", "family_members", str(member_id), old["client_id"], changes)
    return changes


def references_to(conn: sqlite3.Connection, member_id: int) -> tuple[int, int]:
    """How many contacts and how many sessions name the member."""
    contacts = conn.execute("SELECT count(*) FROM contacts WHERE member_id = ?", (member_id,))
    sessions = conn.execute(
        "SELECT count(*) FROM session_members WHERE member_id = ?", (member_id,)
    )
    return contacts.fetchone()[0], sessions.fetchone()[0]


def delete_member(conn: sqlite3.Connection, member_id: int) -> None:
    old = dict(member_of(conn, member_id))
    conn.execute("DELETE FROM family_members WHERE id = ?", (member_id,))
    values = {k: old[k] for k in _MEMBER_FIELDS}
    audit.append(
        conn, "delete", "family_members", str(member_id), old["client_id"], audit.removed(values)
    )


def contact_of(conn: sqlite3.Connection, contact_id: int) -> sqlite3.Row:
    """One contact (with the client's code); NotFound otherwise."""
    row = conn.execute(
        """SELECT k.id, k.client_id, c.code AS client, k.member_id, k.date, k.kind, k.minutes,
                  k.note
           FROM contacts k JOIN clients c ON c.id = k.client_id WHERE k.id = ?""",
        (contact_id,),
    ).fetchone()
    if row is None:
        raise NotFound(_("contact: no contact with id {contact}").format(contact=contact_id))
    return row


def update_contact(conn: sqlite3.Connection, contact_id: int, new: dict) -> dict:
    """Write the contact's fields; an audit row with old and new values. The changes."""
    old = dict(contact_of(conn, contact_id))
    new = {k: new[k] for k in _CONTACT_FIELDS}
    sets = ", ".join(f"{k} = ?" for k in new)
    conn.execute(f"UPDATE contacts SET {sets} WHERE id = ?", (*new.values(), contact_id))
    changes = audit.changes_between(old, new)
    audit.append(conn, "edit", "contacts", str(contact_id), old["client_id"], changes)
    return changes


def delete_contact(conn: sqlite3.Connection, contact_id: int) -> None:
    old = dict(contact_of(conn, contact_id))
    conn.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))
    values = {k: old[k] for k in _CONTACT_FIELDS}
    audit.append(
        conn, "delete", "contacts", str(contact_id), old["client_id"], audit.removed(values)
    )
