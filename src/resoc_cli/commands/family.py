"""resoc family add | list | edit | delete and resoc contact add | list | edit | delete"""

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
    day,
    db,
    today,
    write,
)
from resoc_cli.domain.codes import ContactKind, Relation
from resoc_cli.domain.codes import label as code
from resoc_cli.i18n import _

family_app = typer.Typer(no_args_is_help=True, help="A client's family members.")
contact_app = typer.Typer(no_args_is_help=True, help="Contacts with family members.")


@family_app.command("add")
def add_member(
    client: ClientArg,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The member's name.")],
    relation: Annotated[Relation, typer.Option("--relation", help="Relation to the client.")],
    born: Annotated[
        str | None, typer.Option("--born", metavar="DATE", help="Date of birth.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Free-text note.")] = None,
) -> None:
    """Add a family member; prints the member id.

    \b
    Example: resoc family add K0006 "Šnečice Pomalá" --relation spouse"""
    from resoc_cli.services.family import add_member

    with write() as conn:
        result = add_member(conn, client, name=name, relation=relation.value, born=born, note=note)
    render.line(str(result["id"]))


@family_app.command("list")
def list_members(client: ClientArg, json_: JsonOpt = False) -> None:
    """A client's family members; children under 18 are shown as minors.

    \b
    Example: resoc family list K0006"""
    from resoc_cli.services.family import list_members as members

    documents = members(db(), client, today())
    if json_:
        render.emit_json(documents)
        return
    render.table(
        None,
        ["id", "name", "relation", "born", "minor", "contacts", "last contact", "note"],
        [
            (
                d["id"],
                d["name"],
                code(d["relation"]),
                d["born"],
                _("minor") if d["minor"] else "",
                d["contacts"],
                d["last_contact"],
                d["note"],
            )
            for d in documents
        ],
        right={"id", "contacts"},
        empty="no family members recorded",
    )


@contact_app.command("add")
def add_contact(
    client: ClientArg,
    member: Annotated[int, typer.Option("--member", metavar="ID", help="Family member id.")],
    kind: Annotated[
        ContactKind,
        typer.Option("--kind", help="Kind of contact: a code, or its Czech name (telefon)."),
    ],
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="When it took place (default today)."),
    ] = None,
    minutes: Annotated[
        str | None,
        typer.Option("--minutes", metavar="M", help="Duration in minutes (90, 1:30 or 1h30)."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Free-text note.")] = None,
) -> None:
    """Log a contact with a family member; prints the contact id.

    \b
    Example: resoc contact add K0006 --member 1 --kind phone --minutes 20"""
    from resoc_cli.domain.parse import parse_minutes
    from resoc_cli.services.family import add_contact as add

    values = {
        "member": member,
        "date": day(date, "date", past=True),
        "kind": kind.value,
        "minutes": parse_minutes(minutes) if minutes is not None else None,
        "note": note,
    }
    with write() as conn:
        result = add(conn, client, **values)
    render.line(str(result["id"]))
    render.note(
        _("{code}: contact {id} with member {member} recorded on {day}").format(
            code=result["client"], id=result["id"], member=member, day=i18n.day(values["date"])
        )
    )


@contact_app.command("list")
def list_contacts(
    client: ClientArg,
    month: MonthOpt = None,
    year: YearOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    json_: JsonOpt = False,
) -> None:
    """The log of contacts with a client's family.

    \b
    Example: resoc contact list K0006"""
    from resoc_cli.domain.period import period
    from resoc_cli.services.family import list_contacts as contacts

    rows = contacts(db(), client, *period(month, year, from_, to))
    if json_:
        render.emit_json(rows)
        return
    render.table(
        None,
        ["id", "date", "member", "relation", "kind", "minutes", "note"],
        [
            (
                r["id"],
                r["date"],
                f"{r['member']} ({r['member_id']})",
                code(r["relation"]),
                code(r["kind"]),
                r["minutes"],
                r["note"],
            )
            for r in rows
        ],
        right={"id", "minutes"},
        empty="no contacts recorded",
    )


MemberIdArg = Annotated[
    int, typer.Argument(metavar="ID", help="The member id (see: resoc family list).")
]
ContactIdArg = Annotated[
    int, typer.Argument(metavar="ID", help="The contact id (see: resoc contact list).")
]
YesOpt = Annotated[bool, typer.Option("--yes", help="Do not ask.")]


@family_app.command("edit")
def edit_member(
    member_id: MemberIdArg,
    name: Annotated[str | None, typer.Option("--name", help="The member's name.")] = None,
    relation: Annotated[
        Relation | None, typer.Option("--relation", help="Relation to the client.")
    ] = None,
    born: Annotated[
        str | None, typer.Option("--born", metavar="DATE", help="Date of birth.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Free-text note.")] = None,
) -> None:
    """Correct a family member's details; only the options given change.

    \b
    Example: resoc family edit 3 --born 2016-05-01"""
    from resoc_cli.services.family import edit_member as edit

    with write() as conn:
        edit(
            conn,
            member_id,
            name=name,
            relation=relation.value if relation is not None else None,
            born=born,
            note=note,
        )
    render.line(_("family member {id} changed").format(id=member_id))


@family_app.command("delete")
def delete_member(member_id: MemberIdArg, yes: YesOpt = False) -> None:
    """Delete a family member recorded by mistake (no contact or session may name them).

    \b
    Example: resoc family delete 3 --yes"""
    from resoc_cli.services.family import delete_member as delete

    confirm_or_refuse(yes, _("Delete family member {id}?").format(id=member_id))
    with write() as conn:
        delete(conn, member_id)
    render.line(_("family member {id} deleted").format(id=member_id))


@contact_app.command("edit")
def edit_contact(
    contact_id: ContactIdArg,
    date: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="When it took place.")
    ] = None,
    kind: Annotated[
        ContactKind | None,
        typer.Option("--kind", help="Kind of contact: a code, or its Czech name (telefon)."),
    ] = None,
    member: Annotated[
        int | None, typer.Option("--member", metavar="ID", help="Family member id.")
    ] = None,
    minutes: Annotated[
        str | None,
        typer.Option("--minutes", metavar="M", help="Duration in minutes (90, 1:30 or 1h30)."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Free-text note.")] = None,
) -> None:
    """Correct a contact; only the options given change.

    \b
    Example: resoc contact edit 4 --minutes 30"""
    from resoc_cli.domain.parse import parse_minutes
    from resoc_cli.services.family import edit_contact as edit

    with write() as conn:
        edit(
            conn,
            contact_id,
            member=member,
            date=day(date, "date", past=True) if date is not None else None,
            kind=kind.value if kind is not None else None,
            minutes=parse_minutes(minutes) if minutes is not None else None,
            note=note,
        )
    render.line(_("contact {id} changed").format(id=contact_id))


@contact_app.command("delete")
def delete_contact(contact_id: ContactIdArg, yes: YesOpt = False) -> None:
    """Delete a contact recorded by mistake.

    \b
    Example: resoc contact delete 4 --yes"""
    from resoc_cli.services.family import delete_contact as delete

    confirm_or_refuse(yes, _("Delete contact {id}?").format(id=contact_id))
    with write() as conn:
        delete(conn, contact_id)
    render.line(_("contact {id} deleted").format(id=contact_id))
