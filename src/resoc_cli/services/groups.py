"""Groups: a cohort that meets together; who is in it, from when to when."""

import sqlite3
from datetime import date

from resoc_cli.domain.errors import Conflict, InvalidInput
from resoc_cli.i18n import _, programme_of
from resoc_cli.i18n import day as format_day
from resoc_cli.storage import groups as store


def add_group(conn: sqlite3.Connection, code: str, name: str, programme: str | None) -> dict:
    """A new group (``programme``: the programme it runs, a code). ``{"id", "code"}``."""
    from resoc_cli.domain.models import GroupIn, validate
    from resoc_cli.storage.programmes import find_programme

    group = validate(GroupIn, code=code, name=name)
    programme_id = find_programme(conn, programme)["id"] if programme is not None else None
    group_id = store.insert_group(conn, group.code, group.name, programme_id)
    return {"id": group_id, "code": group.code}


def join(conn: sqlite3.Connection, group: str, clients: list[str], on: date) -> dict:
    """Clients join the group on ``on`` (each an open client, born by then, not in the group
    already). ``{"group", "joined": [codes], "warnings"}``."""
    from resoc_cli.services.clients import open_client, refuse_before_birth
    from resoc_cli.storage.programmes import current_enrolment

    g = store.find_group(conn, group)
    joined, warnings = [], []
    for client in clients:
        row = open_client(conn, client)
        if row["code"] in joined:
            raise InvalidInput(_("client: {code} is named twice").format(code=row["code"]))
        refuse_before_birth(row, on)
        member = store.open_membership(conn, g["id"], row["id"])
        if member is not None:
            raise Conflict(
                _("group: {code} is already in {group} (since {day})").format(
                    code=row["code"], group=g["code"], day=format_day(member["start_date"])
                )
            )
        left = store.last_end(conn, g["id"], row["id"])
        if left is not None and on.isoformat() < left:
            raise Conflict(
                _("date: {code} left {group} on {day}; a new membership starts after").format(
                    code=row["code"], group=g["code"], day=format_day(left)
                )
            )
        store.insert_membership(conn, g["id"], row["id"], on)
        joined.append(row["code"])
        enrolment = current_enrolment(conn, row["id"])
        if g["programme"] and (enrolment is None or enrolment["programme"] != g["programme"]):
            warnings.append(
                _("{code}: not enrolled in {programme}, the group's programme").format(
                    code=row["code"], programme=programme_of(g)
                )
            )
    return {"group": g["code"], "joined": joined, "warnings": warnings}


def leave(conn: sqlite3.Connection, group: str, client: str, on: date) -> dict:
    """The client leaves the group: from ``on`` on, not in its meetings."""
    from resoc_cli.services.clients import refuse_before_birth
    from resoc_cli.storage.clients import find_client

    g = store.find_group(conn, group)
    row = find_client(conn, client)
    refuse_before_birth(row, on)
    member = store.open_membership(conn, g["id"], row["id"])
    if member is None:
        raise Conflict(
            _("group: {code} is not in {group}").format(code=row["code"], group=g["code"])
        )
    if on.isoformat() < member["start_date"]:
        raise InvalidInput(
            _("date: before {code} joined {group} ({day})").format(
                code=row["code"], group=g["code"], day=format_day(member["start_date"])
            )
        )
    store.end_membership(conn, member["id"], row["id"], on)
    return {"group": g["code"], "client": row["code"], "date": on.isoformat()}


def list_groups(conn: sqlite3.Connection, today: date) -> list[dict]:
    """Every group with its members today and its meetings."""
    return [
        {
            "code": r["code"],
            "name": r["name"],
            "programme": r["programme"],
            "members": r["members"],
            "meetings": r["meetings"],
            "last_meeting": r["last_meeting"],
        }
        for r in store.list_groups(conn, today)
    ]


def show_group(conn: sqlite3.Connection, group: str) -> dict:
    """A group: its members (past ones too) with their hours in the programme and the
    group's meetings they attended, and its meetings held."""
    from resoc_cli.storage.meetings import list_meetings

    g = store.find_group(conn, group)
    meetings = list_meetings(conn, g["id"])
    return {
        "code": g["code"],
        "name": g["name"],
        "programme": g["programme"],
        "members": [
            {
                "client": r["code"],
                "name": r["name"],
                "joined": r["start_date"],
                "left": r["end_date"],
                "programme": r["programme"],
                "attended_minutes": r["attended_minutes"] if r["programme"] else None,
                "meetings_attended": r["meetings_attended"],
                "joined_date": r["start_date"],
                "left_date": r["end_date"],
            }
            for r in store.memberships(conn, g["id"])
        ],
        "meetings": [
            {"id": m["id"], "date": m["date"], "minutes": m["minutes"], "attended": m["attended"]}
            for m in meetings
        ],
        "meetings_held": sum(1 for m in meetings if m["attended"] > 0),
    }
