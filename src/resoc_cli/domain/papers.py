"""The printed papers' text: Czech typography and the wording of each document. Pure: facts in
(the documents of ``services.papers``), the data a template typesets out; no SQL, no files.

Called while the document's language is the current one (``i18n.speaking``), so that the
catalog's messages and the codes' Czech names come out in it.
"""

import re
from datetime import date

from resoc_cli.domain.report import AGE_BANDS, age_band_words
from resoc_cli.i18n import _, language, ngettext

NBSP = "\u00a0"
# A one-letter preposition or conjunction and the space after it (Czech "vlna").
_ONE_LETTER = re.compile(r"(?<![\w\-])([KkSsVvZzOoUuAaIi]) ")
_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December")  # fmt: skip


def tie(text: str) -> str:
    """Czech text with a non-breaking space after each one-letter preposition or conjunction,
    so that none ends a line; English text unchanged."""
    if language() != "cs" or not text:
        return text
    return _ONE_LETTER.sub(lambda m: m.group(1) + NBSP, text)


def tie_all(value):
    """:func:`tie` over every string of a document (lists and dicts walked)."""
    if isinstance(value, str):
        return tie(value)
    if isinstance(value, list):
        return [tie_all(v) for v in value]
    if isinstance(value, dict):
        return {k: tie_all(v) for k, v in value.items()}
    return value


def long_day(value: str | date | None) -> str:
    """``5. 3. 2026`` (non-breaking spaces) in Czech, ``5 March 2026`` in English."""
    if not value:
        return ""
    d = date.fromisoformat(value) if isinstance(value, str) else value
    if language() == "cs":
        return f"{d.day}.{NBSP}{d.month}.{NBSP}{d.year}"
    return f"{d.day}{NBSP}{_ENGLISH_MONTHS[d.month - 1]} {d.year}"


def duration(minutes: int) -> str:
    """``2,5 h`` in Czech, ``2.5 h`` in English, with a non-breaking space before ``h``."""
    from resoc_cli.i18n import hours

    return hours(minutes).replace(" h", NBSP + "h")


def term(code: str | None) -> str:
    """A code for a reader of the paper: its Czech name, or in English the code as words."""
    from resoc_cli.domain.codes import label

    if code is None:
        return ""
    if language() == "cs":
        return label(code)
    return code if code == "no-show" else code.replace("-", " ")


def _verb(sex: str | None, english: str, masculine: str, feminine: str, either: str) -> str:
    """The verb in the paper's language: in Czech, the past tense agreeing with the client
    (``absolvoval``, ``absolvovala``, ``absolvoval(a)``); in English, ``english``."""
    if language() != "cs":
        return english
    return {"m": masculine, "f": feminine}.get(sex or "", either)


def count(n: int) -> str:
    """``12 345`` (a non-breaking space) in Czech, ``12,345`` in English."""
    text = f"{n:,}"
    return text.replace(",", NBSP) if language() == "cs" else text


def organisation_lines(org: dict | None) -> list[str]:
    """The letterhead under the organisation's name: address, IČO, phone, e-mail."""
    if not org:
        return []
    lines = [org["address"]] if org.get("address") else []
    contact = []
    if org.get("ico"):
        contact.append(_("IČO: {ico}").format(ico=org["ico"]))
    if org.get("phone"):
        contact.append(_("phone: {phone}").format(phone=org["phone"]))
    if org.get("email"):
        contact.append(_("e-mail: {email}").format(email=org["email"]))
    if contact:
        lines.append(" · ".join(contact))
    return lines


def _frame(title: str, org: dict | None, issued: str) -> dict:
    """What every paper has: its title, the letterhead, the place and date of issue and the
    signing worker."""
    org = org or {}
    place = org.get("place")
    when = long_day(issued)
    return {
        "lang": language(),
        "title": title,
        "org": {"name": org["name"], "lines": organisation_lines(org)} if org.get("name") else None,
        "place_date": _("{place}, {date}").format(place=place, date=when) if place else when,
        "signer": ", ".join(v for v in (org.get("worker"), org.get("role")) if v),
        "footer": org.get("name", ""),
    }


def _sessions(n: int) -> str:
    return ngettext("{n} session", "{n} sessions", n).format(n=n)


def completion_rule(f: dict) -> str:
    """The programme's completion rule in a sentence, as ``check`` applies it (seed 001: the
    minimum hours and an agreed individual plan). The number of sessions, their length and
    the phases are the programme's shape, warnings in ``check``, so the paper claims none."""
    parts = _("at least {hours} of the programme").format(hours=duration(f["min_minutes"]))
    if f["plan_required"]:
        parts += _(" and an agreed individual plan")
    return _("The programme is completed with {rule}.").format(rule=parts)


def certificate(f: dict, org: dict | None) -> dict:
    """The certificate of completion, or (``f["participation"]``) the confirmation of
    participation so far, which claims no completion."""
    name, born = f["name"], long_day(f["born"])
    programme = f["programme_name"]
    start = long_day(f["start_date"])
    fields = [
        (_("Name"), name),
        (_("Date of birth"), born),
        (_("Programme"), programme),
    ]
    if f["participation"]:
        doc = _frame(_("Confirmation of participation in a resocialisation programme"), org,
                     f["issued"])  # fmt: skip
        if f["end_date"]:  # the enrolment has ended: participation, in the past tense
            to = long_day(f["end_date"])
            statement = _(
                "We confirm that {name}, born {born}, {verb} in the resocialisation programme "
                "“{programme}” from {start} to {end}."
            ).format(
                name=name, born=born, programme=programme, start=start, end=to,
                verb=_verb(f["sex"], "took part", "se účastnil", "se účastnila",
                           "se účastnil(a)"),
            )  # fmt: skip
            closing = _("This confirmation states participation; it does not certify that the "
                        "programme has been completed.")  # fmt: skip
        else:
            to = long_day(f["issued"])
            statement = _(
                "We confirm that {name}, born {born}, has taken part in the resocialisation "
                "programme “{programme}” since {start}."
            ).format(name=name, born=born, programme=programme, start=start)
            closing = _("This confirmation states participation so far; it does not certify "
                        "that the programme has been completed.")  # fmt: skip
        fields.append((_("Period"), _("{start} to {end}").format(start=start, end=to)))
    else:
        doc = _frame(_("Certificate of completion of a resocialisation programme"), org,
                     f["issued"])  # fmt: skip
        end = long_day(f["end_date"] or f["last_session"])
        statement = _(
            "We confirm that {name}, born {born}, {verb} the resocialisation programme "
            "“{programme}” in the period from {start} to {end}."
        ).format(
            name=name, born=born, programme=programme, start=start, end=end,
            verb=_verb(f["sex"], "completed", "absolvoval", "absolvovala", "absolvoval(a)"),
        )  # fmt: skip
        fields.append((_("Period"), _("{start} to {end}").format(start=start, end=end)))
        closing = completion_rule(f) + " " + _("These conditions are met.")
    fields += [
        (_("Sessions attended"), count(f["sessions"])),
        (_("Hours attended"), duration(f["minutes"])),
    ]
    if f["agreed"]:
        fields.append((_("Individual plan agreed"), long_day(f["agreed"])))
    doc.update(
        statement=statement, fields=fields, closing=closing,
        signatures=[(_("signature and stamp"), doc["signer"])],
    )  # fmt: skip
    return tie_all(doc)


def plan(f: dict, org: dict | None) -> dict:
    """The individual plan for the client to sign: needs, goals by area, reviews."""
    doc = _frame(_("Individual plan"), org, f["issued"])
    fields = [(_("Name"), f["name"]), (_("Date of birth"), long_day(f["born"]))]
    if f["programme_name"]:
        fields.append((_("Programme"), f["programme_name"]))
    fields.append((_("Agreed on"), long_day(f["agreed"]) if f["agreed"] else _("not yet agreed")))
    areas: dict[str, list] = {}
    for g in f["goals"]:
        if g["done_date"]:
            state = _("closed {date}").format(date=long_day(g["done_date"]))
            if g["outcome"]:
                state += f" ({term(g['outcome'])})"
        else:
            state = _("open")
        areas.setdefault(g["area"], []).append(
            [g["text"], long_day(g["set_date"]), long_day(g["due"]), state]
        )
    doc.update(
        fields=fields,
        needs_heading=_("Needs found at intake"),
        needs=[f"{term(n['area'])} ({long_day(n['noted'])})" for n in f["needs"]],
        no_needs=_("no needs recorded"),
        goals_heading=_("Goals by life area"),
        goal_columns=[_("goal"), _("set"), _("due"), _("state and outcome")],
        goal_areas=[{"area": term(a), "rows": rows} for a, rows in areas.items()],
        no_goals=_("no goals set"),
        reviews_heading=_("Reviews"),
        review_columns=[_("date"), _("note")],
        reviews=[[long_day(r["date"]), r["note"] or ""] for r in f["reviews"]],
        no_reviews=_("no reviews yet"),
        signatures=[(_("client"), f["name"]), (_("worker"), doc["signer"])],
        agreement=_("Agreed on {date} by the client and the worker.").format(
            date=long_day(f["agreed"])
        )
        if f["agreed"]
        else _("Agreed on ............................ by the client and the worker."),
    )
    return tie_all(doc)


def attendance(f: dict, org: dict | None) -> dict:
    """The attendance sheet of one meeting: a row per participant with a signature cell."""
    doc = _frame(_("Attendance sheet"), org, f["issued"])
    fields = [
        (_("Date"), long_day(f["date"])),
        (_("Time"), _("from ........ to ........")),
        (_("Duration"), duration(f["minutes"])),
        (_("Activity"), term(f["activity"])),
    ]
    if f["group"]:
        fields.append((_("Group"), f"{f['group_name']} ({f['group']})"))
    if f["phase"]:
        fields.append((_("Phase"), str(f["phase"])))
    doc.update(
        fields=fields,
        columns=[_("no."), _("name"), _("attendance"), _("signature")],
        widths=["auto", "1fr", "auto", "6.5"],
        rows=[
            [str(i), p["name"], term(p["attendance"]), ""]
            for i, p in enumerate(f["participants"], 1)
        ],
        empty=_("no participants"),
        signatures=[(_("recorded by"), doc["signer"])],
    )
    return tie_all(doc)


def client_attendance(f: dict, org: dict | None) -> dict:
    """One client's sessions, each with a signature cell."""
    doc = _frame(_("Attendance record"), org, f["issued"])
    period = _("{start} to {end}").format(
        start=long_day(f["first"]) if f["first"] else "…",
        end=long_day(f["last"]) if f["last"] else "…",
    )
    held = [s for s in f["sessions"] if s["attendance"] in ("attended", "late")]
    fields = [
        (_("Name"), f["name"]),
        (_("Date of birth"), long_day(f["born"])),
        (_("Period"), period),
        (_("Sessions attended"), str(len(held))),
        (_("Hours attended"), duration(sum(s["minutes"] for s in held))),
    ]
    doc.update(
        fields=fields,
        columns=[_("date"), _("activity"), _("duration"), _("attendance"), _("signature")],
        widths=["auto", "1fr", "auto", "auto", "4.5"],
        rows=[
            [
                long_day(s["date"]),
                term(s["activity"]),
                duration(s["minutes"]),
                term(s["attendance"]),
                "",
            ]
            for s in f["sessions"]
        ],  # fmt: skip
        empty=_("no sessions in this period"),
        signatures=[(_("client"), f["name"]), (_("worker"), doc["signer"])],
    )
    return tie_all(doc)


def report(f: dict, org: dict | None, paragraph: str) -> dict:
    """The yearly report as a document: the figures, the breakdowns and the paragraph."""
    doc = _frame(_("Annual report {year}").format(year=f["year"]), org, f["issued"])
    contacts = sum(f["family_contacts_by_kind"].values())
    figures = [
        (_("clients served"), f["clients_total"]),
        (_("new clients"), f["new_clients"]),
        (_("completed"), f["completed"]),
        (_("dropped out"), f["dropped_out"]),
        (_("sessions held"), f["sessions"]),
        (_("sessions missed"), f["sessions_missed"]),
        (_("hours"), duration(f["minutes_total"])),
        (_("meetings held"), f["meetings"]),
        (_("attendances"), f["attendances"]),
        (_("family members"), f["family_members_involved"]),
        (_("family contacts"), contacts),
    ]

    def group(value: str) -> str:
        if value in AGE_BANDS:
            return age_band_words(value)  # "18-26" reads "ve věku 18–26 let"
        return _("unknown") if value == "unknown" else term(value)

    served = [
        [by, group(k), str(n)]
        for by, counts in (
            (_("sex"), f["by_sex"]),
            (_("age"), f["by_age_band"]),
            (_("referral"), f["by_referral"]),
            (_("status"), f["by_status"]),
        )
        for k, n in counts.items()
        if n
    ]
    tables = [
        {"heading": _("Clients served"), "columns": [_("by"), _("group"), _("clients")],
         "rows": served},
        {"heading": _("Sessions held by activity"),
         "columns": [_("activity"), _("sessions"), _("hours")],
         "rows": [[term(a), str(f["sessions_by_activity"][a]), duration(m)]
                  for a, m in f["minutes_by_activity"].items()]},
        {"heading": _("Family contacts"), "columns": [_("kind"), _("contacts")],
         "rows": [[term(k), str(n)] for k, n in f["family_contacts_by_kind"].items()]},
        {"heading": _("Goals by area"), "columns": [_("area"), _("set"), _("achieved")],
         "rows": [[term(a), str(f["goals_set_by_area"].get(a, 0)),
                   str(f["goals_achieved_by_area"].get(a, 0))]
                  for a in sorted(f["goals_set_by_area"].keys()
                                  | f["goals_achieved_by_area"].keys())]},
    ]  # fmt: skip
    doc.update(
        figures_heading=_("In figures"),
        figures=[(label, count(v) if isinstance(v, int) else v) for label, v in figures],
        paragraph=paragraph,
        tables=[t for t in tables if t["rows"]],
        signatures=[(_("worker"), doc["signer"])],
    )
    return tie_all(doc)
