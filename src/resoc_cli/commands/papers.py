"""resoc print certificate | plan | attendance | report — one PDF each, for a court, the
probation service or a grant provider. In Czech unless --lang en is given."""

from typing import Annotated

import typer

from resoc_cli import render
from resoc_cli.commands.common import ClientArg, db, today
from resoc_cli.errors import InvalidInput
from resoc_cli.i18n import _

app = typer.Typer(
    no_args_is_help=True,
    help="Print a paper (PDF): certificate, individual plan, attendance sheet, yearly report.",
)

OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Where to write the PDF (default: ./NAME.pdf)."
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", metavar="cs|en", help="The paper's language (default cs: Czech)."),
]


def _done(result: dict) -> None:
    """The path on stdout (scripts read it); once, how to add a letterhead when none is set."""
    render.line(result["path"])
    if not result["letterhead"]:
        render.note(
            _(
                "no [organisation] in the config file, so the paper has no letterhead; add one: "
                'resoc config set organisation.name "…" (and address, ico, worker)'
            )
        )


@app.command("certificate")
def certificate(
    client: ClientArg,
    participation: Annotated[
        bool,
        typer.Option(
            "--participation",
            help="Confirm participation so far (hours and sessions to date), not completion.",
        ),
    ] = False,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """The certificate that the client completed the programme (refused while check fails).

    \b
    Example: resoc print certificate K0004 -o potvrzeni-K0004.pdf"""
    from resoc_cli.services.papers import paper_language, print_certificate

    result = print_certificate(db(), client, participation, paper_language(lang), output, today())
    _done(result)


@app.command("plan")
def plan(client: ClientArg, output: OutputOpt = None, lang: LangOpt = None) -> None:
    """The individual plan with signature lines for the client and the worker.

    \b
    Example: resoc print plan K0004"""
    from resoc_cli.services.papers import paper_language, print_plan

    _done(print_plan(db(), client, paper_language(lang), output, today()))


@app.command("attendance")
def attendance(
    meeting_id: Annotated[
        str | None,
        typer.Argument(metavar="[MEETING_ID]", help="The meeting (see: resoc meeting list)."),
    ] = None,
    client: Annotated[
        str | None,
        typer.Option("--client", metavar="CLIENT", help="Instead: one client's sessions."),
    ] = None,
    from_: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="With --client: first day.")
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help="With --client: last day (inclusive)."),
    ] = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """An attendance sheet with a signature cell per row: of one meeting, or of a client.

    \b
    Example: resoc print attendance 12"""
    from resoc_cli.services import papers

    lang_ = papers.paper_language(lang)
    if (meeting_id is None) == (client is None):
        raise InvalidInput(_("attendance: give a MEETING_ID or --client CLIENT, not both"))
    if meeting_id is not None:
        if from_ or to:
            raise InvalidInput(_("attendance: --from and --to go with --client"))
        number = _meeting_id(meeting_id)
        _done(papers.print_meeting_attendance(db(), number, lang_, output, today()))
        return
    from resoc_cli.domain.parse import parse_date

    first = parse_date(from_, "from") if from_ else None
    last = parse_date(to, "to") if to else None
    if first and last and last < first:
        raise InvalidInput(_("to: before --from"))
    _done(papers.print_client_attendance(db(), client, first, last, lang_, output, today()))


def _meeting_id(text: str) -> int:
    raw = text.strip()
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) < 2**63:
        raise InvalidInput(_("meeting: {value!r} is not a meeting id").format(value=text))
    return int(raw)


@app.command("report")
def report(
    year: Annotated[str, typer.Argument(metavar="YYYY", help="The calendar year, e.g. 2026.")],
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """The yearly report (its figures and paragraph) as a document for the grant provider.

    \b
    Example: resoc print report 2026"""
    from resoc_cli.services.papers import paper_language, print_report

    _done(print_report(db(), year, paper_language(lang), output, today()))
