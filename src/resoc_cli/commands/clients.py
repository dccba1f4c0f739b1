"""resoc client add | list | show | edit | close"""

from typing import Annotated

import typer

from resoc_cli import i18n, render
from resoc_cli.commands.common import (
    ClientArg,
    DateOpt,
    JsonOpt,
    day,
    db,
    today,
    write,
)
from resoc_cli.domain.codes import Referral, Sex, Status, label
from resoc_cli.i18n import _, ngettext

app = typer.Typer(no_args_is_help=True, help="Record and look up clients.")

CodeOpt = Annotated[
    str | None, typer.Option("--code", help="Your own client code (default: K0001, K0002...).")
]
ReferralOpt = Annotated[Referral | None, typer.Option("--referral", help="Who referred them.")]
StatusOpt = Annotated[Status | None, typer.Option("--status", help="Situation towards prison.")]
ReleaseOpt = Annotated[
    str | None,
    typer.Option("--release", "--release-date", metavar="DATE", help="Expected release date."),
]
ContractOpt = Annotated[
    str | None,
    typer.Option(
        "--contract", "--contract-date", metavar="DATE", help="Date the contract was signed."
    ),
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
    allow_duplicate: Annotated[
        bool,
        typer.Option(
            "--allow-duplicate", help="Add a client with the same name and birth date as another."
        ),
    ] = False,
) -> None:
    """Add a client; prints the new client code. With no arguments in a terminal, asks.

    \b
    Example: resoc client add "Ferda Mravenec" --born 12.4.1988 --sex m"""
    from resoc_cli.errors import InvalidInput
    from resoc_cli.services.clients import add_client

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
                _(
                    "client add: give NAME --born DATE --sex f|m|x (in a terminal, with no"
                    " arguments, resoc asks for each)"
                )
            )
        _ask(values)
    else:
        given = ((_("NAME"), name), ("--born", born), ("--sex", sex))
        missing = [k for k, v in given if v is None]
        if missing:
            raise InvalidInput(
                _("client add: missing {options}").format(options=", ".join(missing))
            )
    with write() as conn:
        result = add_client(conn, today(), allow_duplicate=allow_duplicate, **values)
    render.line(result["code"])


def interactive() -> bool:
    """Prompting only when a person is at a terminal; scripts never wait for an answer."""
    import sys

    return sys.stdin.isatty() and sys.stderr.isatty()


#: What ``client add`` asks, in order: field, question (a catalog message, translated when
#: asked; ``{choices}`` lists the accepted codes), required.
QUESTIONS = (
    ("name", "Name (e.g. Ferda Mravenec)", True),
    ("born", "Born (D.M.YYYY or YYYY-MM-DD)", True),
    ("sex", "Sex (f, m, x)", True),
    ("referral", "Referred by ({choices}; empty: skip)", False),
    ("status", "Situation ({choices}; empty: skip)", False),
    ("release", "Expected release date (empty: skip)", False),
    ("contract", "Contract signed on (empty: skip)", False),
    ("note", "Note (empty: skip)", False),
)
_CHOICES = {"referral": Referral, "status": Status}


def _question(field: str, question: str) -> str:
    """The question in the reader's language; its choices by the names they read (in Czech the
    Czech names, which are accepted as answers as well as the codes)."""
    choices = ", ".join(label(c.value) for c in _CHOICES.get(field, ()))
    return _(question).format(choices=choices)


def _ask(values: dict) -> None:
    """Ask for each field not given, checking each answer as it is given: a refused answer is
    said at once and the same question asked again."""
    from resoc_cli.errors import InvalidInput
    from resoc_cli.services.clients import check_client

    for field, question, required in QUESTIONS:
        if values.get(field) is not None:
            continue
        while True:
            answer = typer.prompt(
                _prompt_text(_question(field, question)),
                default=None if required else "",
                show_default=False,
                err=True,
            )
            values[field] = answer.strip() or None
            problems = _problems(check_client, values, InvalidInput)
            mine = [p for p in problems if _field_of(p) == field]
            if not mine:
                break
            for problem in mine:
                render.warn(problem)
    check_client(**values)  # what was given as an option (--code) and refused: said, and stop


def _problems(check, values: dict, error: type) -> list[str]:
    """The problems ``check`` finds in ``values`` (fields not asked yet are missing: those
    problems are theirs, not the answer's)."""
    try:
        check(**values)
    except error as exc:
        return list(exc.problems)
    return []


def _field_of(problem: str) -> str:
    return problem.split(":", 1)[0].replace("-", "_")


def _prompt_text(text: str) -> str:
    """A question that fits the terminal: broken between words, never mid-word."""
    from resoc_cli import tables

    total, _bold = render.terminal()
    return "\n".join(tables.wrap(text, max(20, total - 2)))


@app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", help="Include closed clients.")] = False,
    json_: JsonOpt = False,
) -> None:
    """List clients in Czech alphabetical order (open ones; --all for closed too).

    \b
    Example: resoc client list --all"""
    from resoc_cli.services.clients import list_clients

    rows = list_clients(db(), all_)
    if json_:
        render.emit_json(rows)
        return
    render.table(
        None,
        ["code", "name", "born", "sex", "status", "programme", "closed"],
        [
            (
                r["code"],
                r["name"],
                r["born"],
                label(r["sex"]),
                label(r["status"]),
                r["programme"],
                r["closed_date"],
            )
            for r in rows
        ],
        empty="no clients yet: resoc client add NAME --born DATE --sex f|m|x",
    )


@app.command("show")
def show(client: ClientArg, json_: JsonOpt = False) -> None:
    """Everything about one client: details, enrolments, family, plan.

    \b
    Example: resoc client show K0006"""
    from resoc_cli.services.clients import client_document

    row = client_document(db(), client, today())
    enrolments, consents = row["enrolments"], row["consents"]
    if json_:
        render.emit_json(row)
        return
    juvenile = row["juvenile"]
    born = i18n.day(row["born"])
    n = row["family_members"]
    render.fields(
        f"{row['code']}  {row['name']}",
        [
            ("born", _("{born} (juvenile)").format(born=born) if juvenile else born),
            ("sex", label(row["sex"])),
            ("status", label(row["status"])),
            ("referral", label(row["referral"])),
            ("release", i18n.day(row["release_date"])),
            ("contract", i18n.day(row["contract_date"])),
            ("note", row["note"]),
            (
                "family",
                ngettext("{n} member(s)", "{n} member(s)", n).format(n=n) if n else _("nobody yet"),
            ),
            *((_("consent: {party}").format(party=c["party"]), _consent_text(c)) for c in consents),
            *_team_fields(row),
            ("erased", i18n.day(row["erased_date"])),
            (
                "closed",
                f"{i18n.day(row['closed_date'])} {row['close_reason'] or ''}".strip()
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
                label(e["state"]),
                i18n.number(f"{e['attended_minutes'] / 60:g} / {e['min_minutes'] / 60:g}"),
            )
            for e in enrolments
        ],
        empty="not enrolled: resoc enrol CLIENT PROGRAMME",
    )


def _team_fields(row: dict) -> list[tuple[str, str]]:
    """The responsible worker and the shares, where there are any (a team's caseload)."""
    shown = [("worker", row["worker"])] if row["worker"] else []
    if row["shared_with"]:
        shown.append(("shared with", ", ".join(row["shared_with"])))
    return shown


def _consent_text(c: dict) -> str:
    given, withdrawn = i18n.day(c["given"]), i18n.day(c["withdrawn"])
    if c["withdrawn"] and c["given"]:
        return _("withdrawn {withdrawn} (given {given})").format(withdrawn=withdrawn, given=given)
    if c["withdrawn"]:
        return _("withdrawn {withdrawn}").format(withdrawn=withdrawn)
    return _("given {given}").format(given=given)


@app.command("edit")
def edit(
    client: ClientArg,
    name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    born: Annotated[
        str | None, typer.Option("--born", metavar="DATE", help="Date of birth.")
    ] = None,
    sex: Annotated[Sex | None, typer.Option("--sex", help="f, m or x.")] = None,
    referral: ReferralOpt = None,
    status: StatusOpt = None,
    release: ReleaseOpt = None,
    contract: ContractOpt = None,
    note: NoteOpt = None,
    reopen: Annotated[bool, typer.Option("--reopen", help="Reopen a closed client.")] = False,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            "--clear",
            metavar="FIELD",
            help="Empty a detail: referral, status, release, contract or note (repeatable).",
        ),
    ] = None,
) -> None:
    """Change a client's details; only the options given change.

    \b
    Example: resoc client edit K0007 --contract 2026-10-05"""
    from resoc_cli.services.clients import edit_client

    with write() as conn:
        result = edit_client(
            conn,
            client,
            reopen=reopen,
            clear=tuple(clear or ()),
            name=name,
            born=born,
            sex=_value(sex),
            referral=_value(referral),
            status=_value(status),
            release=release,
            contract=contract,
            note=note,
        )
    row, changes = result, result["changed"]
    changed = [*(_(field) for field in changes), *([_("reopened")] if reopen else [])]
    render.line(_("{code}: changed {fields}").format(code=row["code"], fields=", ".join(changed)))


@app.command("close")
def close(
    client: ClientArg,
    date: DateOpt = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why the case is closed.")] = None,
) -> None:
    """Close a client's case (end its active enrolment first).

    \b
    Example: resoc client close K0001 --date 2026-06-30 --reason "Program splněn"
    """
    from resoc_cli.services.clients import close_client

    closed = day(date, "date", past=True)
    with write() as conn:
        row = close_client(conn, client, closed, reason)
    render.line(_("{code}: closed on {day}").format(code=row["code"], day=i18n.day(closed)))


def _privacy_commands() -> None:
    """Erasure and consent are kept with the other data-protection duties."""
    from resoc_cli.commands.privacy import consent, erase
    from resoc_cli.commands.team import assign, share

    app.command("erase")(erase)
    app.command("consent")(consent)
    app.command("assign")(assign)
    app.command("share")(share)


_privacy_commands()
