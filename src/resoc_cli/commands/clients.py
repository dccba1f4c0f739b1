"""resoc client add | list | show | edit | close"""

from typing import Annotated

import typer

from resoc_cli import render
from resoc_cli.commands.common import ClientArg, DateOpt, JsonOpt, day, db, today, write
from resoc_cli.domain.codes import Referral, Sex, Status

app = typer.Typer(no_args_is_help=True, help="Record and look up clients.")

CodeOpt = Annotated[
    str | None, typer.Option("--code", help="Your own client code (default: K0001, K0002...).")
]
ReferralOpt = Annotated[Referral | None, typer.Option("--referral", help="Who referred them.")]
StatusOpt = Annotated[Status | None, typer.Option("--status", help="Situation towards prison.")]
ReleaseOpt = Annotated[
    str | None, typer.Option("--release", metavar="DATE", help="Expected release date.")
]
ContractOpt = Annotated[
    str | None, typer.Option("--contract", metavar="DATE", help="Date the contract was signed.")
]
NoteOpt = Annotated[str | None, typer.Option("--note", help="Free-text note.")]


def _value(enum_or_none):
    return None if enum_or_none is None else enum_or_none.value


@app.command("add")
def add(
    name: Annotated[
        str | None, typer.Argument(metavar="NAME", help="Full name, e.g. 'Ferda Mravenec'.")
    ] = None,
    born: Annotated[
        str | None, typer.Option("--born", metavar="DATE", help="Date of birth.")
    ] = None,
    sex: Annotated[Sex | None, typer.Option("--sex", help="f, m or x.")] = None,
    code: CodeOpt = None,
    referral: ReferralOpt = None,
    status: StatusOpt = None,
    release: ReleaseOpt = None,
    contract: ContractOpt = None,
    note: NoteOpt = None,
) -> None:
    """Add a client; prints the new client code. With no arguments in a terminal, asks."""
    from resoc_cli.domain.models import ClientIn, validate
    from resoc_cli.errors import InvalidInput
    from resoc_cli.storage.clients import insert_client

    values = {
        "name": name,
        "born": born,
        "sex": _value(sex),
        "code": code,
        "referral": _value(referral),
        "status": _value(status),
        "release": release,
        "contract": contract,
        "note": note,
    }
    if name is None and born is None and sex is None:
        if not interactive():
            raise InvalidInput(
                "client add: give NAME --born DATE --sex f|m|x (in a terminal, with no"
                " arguments, resoc asks for each)"
            )
        client = _ask(values)
    else:
        missing = [k for k, v in (("NAME", name), ("--born", born), ("--sex", sex)) if v is None]
        if missing:
            raise InvalidInput(f"client add: missing {', '.join(missing)}")
        client = validate(ClientIn, **values)
    with write() as conn:
        new_code = insert_client(conn, client.model_dump(), today())
    render.line(new_code)


def interactive() -> bool:
    """Prompting only when a person is at a terminal; scripts never wait for an answer."""
    import sys

    return sys.stdin.isatty() and sys.stderr.isatty()


#: What ``client add`` asks, in order: field, question, required.
QUESTIONS = (
    ("name", "Name (e.g. Ferda Mravenec)", True),
    ("born", "Born (D.M.YYYY or YYYY-MM-DD)", True),
    ("sex", "Sex (f, m, x)", True),
    ("referral", f"Referred by ({', '.join(r.value for r in Referral)}; empty: skip)", False),
    ("status", f"Situation ({', '.join(s.value for s in Status)}; empty: skip)", False),
    ("release", "Expected release date (empty: skip)", False),
    ("contract", "Contract signed on (empty: skip)", False),
    ("note", "Note (empty: skip)", False),
)


def _ask(values: dict):
    """Ask for each field; after the last, ask again only for the ones the rules refuse."""
    from resoc_cli.domain.models import ClientIn, validate
    from resoc_cli.errors import InvalidInput

    pending = [q for q in QUESTIONS if values.get(q[0]) is None]
    while True:
        for field, question, required in pending:
            answer = typer.prompt(question, default="" if not required else None, err=True)
            values[field] = answer.strip() or None
        try:
            return validate(ClientIn, **values)
        except InvalidInput as exc:
            refused = {p.split(":", 1)[0].replace("-", "_") for p in exc.problems}
            for problem in exc.problems:
                render.warn(problem)
            pending = [q for q in QUESTIONS if q[0] in refused]
            if not pending:  # refused something not asked (--code): say so and stop
                raise


@app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", help="Include closed clients.")] = False,
    json_: JsonOpt = False,
) -> None:
    """List clients in Czech alphabetical order (open ones; --all for closed too)."""
    from resoc_cli.domain.collation import czech_key
    from resoc_cli.storage.clients import list_clients

    rows = sorted(list_clients(db(), all_), key=lambda r: czech_key(r["name"]))
    if json_:
        render.emit_json([dict(r) for r in rows])
        return
    render.table(
        None,
        ["code", "name", "born", "sex", "status", "programme", "closed"],
        [
            (
                r["code"],
                r["name"],
                r["born"],
                r["sex"],
                r["status"],
                r["programme"],
                r["closed_date"],
            )
            for r in rows
        ],
        empty="no clients yet: resoc client add NAME --born DATE --sex f|m|x",
    )


@app.command("show")
def show(client: ClientArg, json_: JsonOpt = False) -> None:
    """Everything about one client: details, enrolments, family, plan."""
    from resoc_cli.domain.rules import is_juvenile
    from resoc_cli.storage.clients import find_client
    from resoc_cli.storage.family import list_members
    from resoc_cli.storage.privacy import consents_of
    from resoc_cli.storage.programmes import enrolments_of

    conn = db()
    row = find_client(conn, client)
    enrolments = [dict(e) for e in enrolments_of(conn, row["id"])]
    for e in enrolments:
        del e["client_id"]
    members = list_members(conn, row["id"])
    document = dict(row)
    del document["id"]
    document["enrolments"] = enrolments
    document["family_members"] = len(members)
    consents = [dict(c) for c in consents_of(conn, row["id"])]
    document["consents"] = consents
    if json_:
        render.emit_json(document)
        return
    from datetime import date

    juvenile = is_juvenile(date.fromisoformat(row["born"]), today())
    render.fields(
        f"{row['code']}  {row['name']}",
        [
            ("born", f"{row['born']}{' (juvenile)' if juvenile else ''}"),
            ("sex", row["sex"]),
            ("status", row["status"]),
            ("referral", row["referral"]),
            ("release", row["release_date"]),
            ("contract", row["contract_date"]),
            ("note", row["note"]),
            ("family", f"{len(members)} member(s)"),
            *((f"consent: {c['party']}", _consent_text(c)) for c in consents),
            ("erased", row["erased_date"]),
            (
                "closed",
                f"{row['closed_date']} {row['close_reason'] or ''}".strip()
                if row["closed_date"]
                else None,
            ),
        ],
    )
    render.table(
        "Enrolments",
        ["programme", "start", "end", "state", "hours"],
        [
            (
                e["programme"],
                e["start_date"],
                e["end_date"],
                e["state"],
                f"{e['attended_minutes'] / 60:g} / {e['min_minutes'] / 60:g}",
            )
            for e in enrolments
        ],
        empty="not enrolled: resoc enrol CLIENT PROGRAMME",
    )


def _consent_text(c: dict) -> str:
    if c["withdrawn"]:
        return f"withdrawn {c['withdrawn']}" + (f" (given {c['given']})" if c["given"] else "")
    return f"given {c['given']}"


@app.command("edit")
def edit(
    client: ClientArg,
    name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    born: Annotated[str | None, typer.Option("--born", metavar="DATE")] = None,
    sex: Annotated[Sex | None, typer.Option("--sex")] = None,
    referral: ReferralOpt = None,
    status: StatusOpt = None,
    release: ReleaseOpt = None,
    contract: ContractOpt = None,
    note: NoteOpt = None,
    reopen: Annotated[bool, typer.Option("--reopen", help="Reopen a closed client.")] = False,
) -> None:
    """Change a client's details; only the options given change."""
    from resoc_cli.domain.models import ClientPatch, validate
    from resoc_cli.storage.clients import find_client, set_closed, update_client

    patch = validate(
        ClientPatch,
        name=name,
        born=born,
        sex=_value(sex),
        referral=_value(referral),
        status=_value(status),
        release=release,
        contract=contract,
        note=note,
    )
    changes = patch.model_dump(exclude_none=True)
    if not changes and not reopen:
        from resoc_cli.errors import InvalidInput

        raise InvalidInput("edit: nothing to change (give at least one option)")
    with write() as conn:
        row = find_client(conn, client)
        if row["erased_date"]:
            from resoc_cli.errors import Conflict

            raise Conflict(f"client: {row['code']} was erased on {row['erased_date']}")
        update_client(conn, row["id"], changes)
        if reopen:
            set_closed(conn, row["id"], None, None)
    changed = [*changes, *(["reopened"] if reopen else [])]
    render.line(f"{row['code']}: changed {', '.join(changed)}")


@app.command("close")
def close(
    client: ClientArg,
    date: DateOpt = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why the case is closed.")] = None,
) -> None:
    """Close a client's case (end its active enrolment first)."""
    from resoc_cli.domain.models import validate_text
    from resoc_cli.errors import Conflict
    from resoc_cli.storage.clients import find_client, set_closed
    from resoc_cli.storage.programmes import active_enrolment

    closed = day(date, "date", past=True)
    reason = validate_text(reason, "reason")
    with write() as conn:
        row = find_client(conn, client)
        if row["closed_date"]:
            raise Conflict(f"client: {row['code']} was already closed on {row['closed_date']}")
        if active_enrolment(conn, row["id"]) is not None:
            raise Conflict(
                f"client: {row['code']} has an active enrolment; complete or drop it first"
            )
        set_closed(conn, row["id"], closed, reason)
    render.line(f"{row['code']}: closed on {closed.isoformat()}")
