"""``resoc print``: the papers handed to a court, the probation service, a grant provider.

Each use case gathers the facts (the documents the JSON output has), words them in the
paper's language (``domain.papers``), typesets them (``typeset``, the only module that
imports Typst) and writes the PDF whole or not at all, mode 0600, beside its target.
"""

import os
import sqlite3
from datetime import date
from pathlib import Path

from resoc_cli.domain.errors import InvalidInput, RuleNotMet
from resoc_cli.i18n import _, speaking

PAPER_LANGUAGES = ("cs", "en")


def paper_language(option: str | None) -> str:
    """Czech unless another language is asked for: the papers are for Czech institutions."""
    if option is None:
        return "cs"
    lang = option.strip().lower()
    if lang not in PAPER_LANGUAGES:
        raise InvalidInput(_("lang: {value!r} is not one of: cs, en").format(value=option))
    return lang


def _client(conn: sqlite3.Connection, client: str):
    from resoc_cli.services.clients import unerased

    return unerased(conn, client)


def certificate_facts(
    conn: sqlite3.Connection, client: str, participation: bool, today: date
) -> dict:
    """The facts a certificate states, of the client's active (else latest) enrolment.
    Refused (RuleNotMet, with the unmet items) while the completion check fails, unless
    ``participation``."""
    from resoc_cli.services.status import check_documents, hours_document
    from resoc_cli.storage.papers import enrolment_facts

    row = _client(conn, client)
    hours, enrolment_id = hours_document(conn, row["code"])
    check = check_documents(conn, row["code"])[0]
    if not participation and not check["complete"]:
        raise RuleNotMet(
            _(
                "certificate: {code} has not completed the programme: {unmet} "
                "(resoc print certificate {code} --participation confirms participation so far)"
            ).format(code=row["code"], unmet="; ".join(check["unmet"]))
        )
    facts = dict(enrolment_facts(conn, enrolment_id))
    if not participation and facts["state"] == "dropped":
        raise RuleNotMet(
            _(
                "certificate: {code} left the programme early ({date}); resoc print certificate"
                " {code} --participation confirms the participation"
            ).format(code=row["code"], date=facts["end_date"])
        )
    facts.update(
        client=row["code"], name=row["name"], born=row["born"], sex=row["sex"],
        participation=participation, complete=check["complete"], issued=today.isoformat(),
    )  # fmt: skip
    return facts


def plan_facts(conn: sqlite3.Connection, client: str, today: date) -> dict:
    from resoc_cli.services.plans import plan_document
    from resoc_cli.storage.views import hours

    row = _client(conn, client)
    doc = plan_document(conn, row["code"])
    current = hours(conn, row["code"])
    programme = None
    if current is not None and current["enrolment_id"] is not None:
        from resoc_cli.storage.papers import enrolment_facts

        programme = enrolment_facts(conn, current["enrolment_id"])["programme_name"]
    return {
        **doc, "name": row["name"], "born": row["born"], "programme_name": programme,
        "issued": today.isoformat(),
    }  # fmt: skip


def meeting_facts(conn: sqlite3.Connection, meeting_id: int, today: date) -> dict:
    from resoc_cli.services.meetings import show_meeting
    from resoc_cli.storage.meetings import meeting_of

    doc = show_meeting(conn, meeting_id)
    return {**doc, "group_name": meeting_of(conn, meeting_id)["group_name"],
            "issued": today.isoformat()}  # fmt: skip


def client_sessions_facts(
    conn: sqlite3.Connection, client: str, first: date | None, last: date | None, today: date
) -> dict:
    from resoc_cli.services.sessions import list_sessions

    row = _client(conn, client)
    sessions = list_sessions(conn, row["code"], first, last)
    return {
        "client": row["code"], "name": row["name"], "born": row["born"],
        "first": (first.isoformat() if first else sessions[0]["date"] if sessions else None),
        "last": (last.isoformat() if last else sessions[-1]["date"] if sessions else None),
        "sessions": sessions, "issued": today.isoformat(),
    }  # fmt: skip


# --- the papers ---------------------------------------------------------------------------


def print_certificate(conn, client: str, participation: bool, lang: str, output, today: date):
    from resoc_cli.domain import papers

    facts = certificate_facts(conn, client, participation, today)
    name = ("ucast" if participation else "potvrzeni") + f"-{facts['client']}.pdf"
    return _paper("certificate", lang, lambda org: papers.certificate(facts, org), output, name)


def print_plan(conn, client: str, lang: str, output, today: date):
    from resoc_cli.domain import papers

    facts = plan_facts(conn, client, today)
    name = f"plan-{facts['client']}.pdf"
    return _paper("plan", lang, lambda org: papers.plan(facts, org), output, name)


def print_meeting_attendance(conn, meeting_id: int, lang: str, output, today: date):
    from resoc_cli.domain import papers

    facts = meeting_facts(conn, meeting_id, today)
    name = f"prezencni-listina-{meeting_id}.pdf"
    return _paper("attendance", lang, lambda org: papers.attendance(facts, org), output, name)


def print_client_attendance(conn, client: str, first, last, lang: str, output, today: date):
    from resoc_cli.domain import papers

    facts = client_sessions_facts(conn, client, first, last, today)
    name = f"prezencni-listina-{facts['client']}.pdf"
    return _paper(
        "attendance", lang, lambda org: papers.client_attendance(facts, org), output, name
    )


def print_report(conn, year: str, lang: str, output, today: date):
    from resoc_cli.domain import papers
    from resoc_cli.domain.report import year_paragraph
    from resoc_cli.services.reports import year_report

    doc = year_report(conn, year)
    facts = {**doc, "issued": today.isoformat()}
    return _paper(
        "report", lang, lambda org: papers.report(facts, org, year_paragraph(doc)), output,
        f"vyrocni-zprava-{doc['year']}.pdf",
    )  # fmt: skip


def _paper(template: str, lang: str, words, output: str | None, default: str) -> dict:
    """The paper's document in its language (``words(organisation)``), typeset and written.
    The settings are read first, so that their errors speak the terminal's language."""
    from resoc_cli.config import organisation

    org = organisation()
    with speaking(lang):
        data = words(org)  # the year's paragraph too: worded in the paper's language
    return _write(template, data, output, default)


def _write(template: str, data: dict, output: str | None, default: str) -> dict:
    """Typeset ``data`` with the template and write the PDF atomically (mode 0600) to
    ``output``, else ``default`` in the current folder. ``{"path", "letterhead"}``."""
    from resoc_cli import typeset
    from resoc_cli.files import atomic_path

    if output is not None and not output.strip():
        raise InvalidInput(_("output: the file name is empty"))
    target = os.path.expanduser(output) if output is not None else default  # "dir/" kept
    pdf = typeset.pdf(template, data)
    with atomic_path(target, "output") as tmp:
        Path(tmp).write_bytes(pdf)
    return {"path": str(target), "letterhead": data["org"] is not None}
