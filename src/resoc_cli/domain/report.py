"""The yearly grant report and the monthly overview: pure assembly, no SQL, no output.

Definitions (the README of the report, in one place):

- **served** in year Y: a client with an enrolment active on some day of Y
  (``start_date <= Y-12-31`` and no ``end_date`` or ``end_date >= Y-01-01``), or with a session
  *held* in Y (attendance ``attended`` or ``late``).
- **age band**: completed years of age on Y-01-01: ``<18``, ``18-26``, ``27-40``, ``41-60``,
  ``>60``.
- **new_clients**: served clients whose first enrolment ever starts in Y (a client seen only in
  sessions without an enrolment is served but not new).
- **completed** / **dropped_out**: enrolments that ended in Y in that state (enrolments, not
  clients: a client can complete one programme and drop out of another).
- **sessions**: sessions held in Y (``attended`` or ``late``); ``sessions_missed``: ``excused`` or
  ``no-show``. ``minutes_by_activity`` and ``minutes_total`` count held sessions only.
- **meetings**: meetings (``resoc meeting``, with a group or ad hoc) dated in Y that at least
  one participant attended (or came late to), each counted once; **attendances**: the
  participants who attended or came late, summed over those meetings. Their sessions are also
  in ``sessions``, as each participant's own.
- **family_members_involved**: distinct family members with a contact in Y or taking part in a
  session held in Y.
- **goals_achieved_by_area**: goals closed in Y with an outcome other than ``not-achieved``;
  ``outcomes`` counts every goal closed in Y by its outcome code.

The month (``resoc report month``): sessions, minutes and clients count held sessions;
``sessions_missed`` the excused and no-show ones. ``clients_without_session`` lists clients with
an enrolment active on some day of the month (the latest such enrolment is shown) and no session
held in it, with their last held session before the month. ``completed`` and ``dropped_out``
list the enrolments that ended in the month in that state. ``meetings`` and ``attendances`` as
for the year.
"""

import re
from collections.abc import Iterable
from datetime import date

from resoc_cli.domain.codes import Sex
from resoc_cli.domain.errors import InvalidInput
from resoc_cli.domain.parse import age_on, not_a_month, parse_month

AGE_BANDS = ("<18", "18-26", "27-40", "41-60", ">60")
_BAND_LIMITS = ((17, "<18"), (26, "18-26"), (40, "27-40"), (60, "41-60"))
_BAND_WORDS = {
    "<18": "under 18",
    "18-26": "aged 18–26",
    "27-40": "aged 27–40",
    "41-60": "aged 41–60",
    ">60": "over 60",
}
FIRST_YEAR, LAST_YEAR = 1900, 2200


def age_band_words(band: str) -> str:
    """An age band in words, in the current language: "aged 18–26" for "18-26"."""
    from resoc_cli.i18n import _

    return _(_BAND_WORDS[band])


_YEAR = re.compile(r"[0-9]{4}")


def parse_year(text: str, field: str = "year") -> int:
    """A four-digit year between 1900 and 2200."""
    raw = (text or "").strip()
    if not _YEAR.fullmatch(raw) or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
        from resoc_cli.i18n import _

        raise InvalidInput(
            _("{field}: {text!r} is not a year (use YYYY, {first}–{last})").format(
                field=field, text=text, first=FIRST_YEAR, last=LAST_YEAR
            )
        )
    return int(raw)


def parse_report_month(text: str, field: str = "month") -> tuple[date, date]:
    """``YYYY-MM`` (years 1900 to 2200) to its first and last day."""
    first, last = parse_month(text, field)
    if first.year > LAST_YEAR:
        raise InvalidInput(not_a_month(text, field))
    return first, last


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def age_band(age: int) -> str:
    for limit, band in _BAND_LIMITS:
        if age <= limit:
            return band
    return ">60"


def count_by_age_band(born_counts: Iterable[tuple[str, int]], on: date) -> dict[str, int]:
    """``(born ISO date, clients)`` pairs to clients per band, every band present."""
    bands = dict.fromkeys(AGE_BANDS, 0)
    for born, n in born_counts:
        bands[age_band(age_on(date.fromisoformat(born), on))] += n
    return bands


def _breakdown(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    return {str(code): int(n) for code, n in pairs}


def year_document(year: int, raw: dict) -> dict:
    """The JSON document of ``resoc report year`` from the raw query results of
    ``storage.reports.year_facts``."""
    first, _ = year_bounds(year)
    by_sex = dict.fromkeys((s.value for s in Sex), 0) | _breakdown(raw["by_sex"])
    activities = raw["activities"]  # (activity, held sessions, held minutes)
    attendance = _breakdown(raw["by_attendance"])
    ended = _breakdown(raw["enrolments_ended"])
    return {
        "year": year,
        "clients_total": sum(by_sex.values()),
        "by_sex": by_sex,
        "by_age_band": count_by_age_band(raw["by_born"], first),
        "by_referral": _breakdown(raw["by_referral"]),
        "by_status": _breakdown(raw["by_status"]),
        "new_clients": int(raw["new_clients"]),
        "completed": ended.get("completed", 0),
        "dropped_out": ended.get("dropped", 0),
        "sessions": attendance.get("attended", 0) + attendance.get("late", 0),
        "sessions_missed": attendance.get("excused", 0) + attendance.get("no-show", 0),
        "minutes_total": sum(int(m) for _, _, m in activities),
        "sessions_by_activity": {a: int(n) for a, n, _ in activities},
        "minutes_by_activity": {a: int(m) for a, _, m in activities},
        "meetings": int(raw["meetings"]),
        "attendances": int(raw["attendances"]),
        "family_members_involved": int(raw["family_members_involved"]),
        "family_contacts_by_kind": _breakdown(raw["family_contacts_by_kind"]),
        "goals_set_by_area": _breakdown(raw["goals_set_by_area"]),
        "goals_achieved_by_area": _breakdown(raw["goals_achieved_by_area"]),
        "outcomes": _breakdown(raw["outcomes"]),
    }


def plural(n: int, singular: str, many: str | None = None) -> str:
    """``1 client``, ``2 clients``, ``0 clients``; irregular forms through ``many``."""
    return f"{n} {singular if n == 1 else (many or singular + 's')}"


def _n(singular: str, plural_: str, n: int, **values) -> str:
    from resoc_cli.i18n import ngettext

    return ngettext(singular, plural_, n).format(n=n, **values)


def with_clients(n: int) -> str:
    """``with 5 clients``; in Czech ``s 5 klienty`` but ``se 4 klienty``."""
    from resoc_cli.i18n import czech_se, language

    text = _n("with {n} client", "with {n} clients", n)
    if language() == "cs" and czech_se(n) and text.startswith("s "):
        text = "se " + text[2:]
    return text


def _join(parts: list[str]) -> str:
    from resoc_cli.i18n import _

    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])}{_(' and ')}{parts[-1]}"


def _hours_words(minutes: int) -> str:
    from resoc_cli.i18n import hours

    number = hours(minutes).removesuffix(" h").removesuffix("\u00a0h")
    whole = minutes % 60 == 0
    count = minutes // 60 if whole else 2  # a fraction takes the "few" form (2,5 hodiny)
    return _n("{h} hour", "{h} hours", count, h=number)


def year_paragraph(doc: dict) -> str:
    """A short paragraph for the funder's report: numbers only, no names; in the chosen
    language (the sentences and their plural forms are catalog messages)."""
    from resoc_cli.i18n import _

    sex = doc["by_sex"]
    total = doc["clients_total"]
    sexes = [
        _n(one, many, sex[key])
        for key, one, many in (
            ("m", "{n} man", "{n} men"),
            ("f", "{n} woman", "{n} women"),
            ("x", "{n} of another sex", "{n} of another sex"),
        )
        if sex[key]
    ]
    if not total:
        opening = _("In {year} we worked with no client in the programme.")
    elif sexes:
        opening = _("In {year} we worked {with_clients} in the programme ({sexes}).")
    else:
        opening = _("In {year} we worked {with_clients} in the programme.")
    sentences = [
        opening.format(year=doc["year"], with_clients=with_clients(total), sexes=", ".join(sexes))
    ]
    bands = [(n, age_band_words(band)) for band, n in doc["by_age_band"].items() if n]
    if bands:
        ages = [
            _n("{n} was {band}", "{n} were {band}", n, band=words)
            if i == 0
            else _("{n} {band}").format(n=n, band=words)
            for i, (n, words) in enumerate(bands)
        ]
        sentences.append(_("At the start of the year {ages}.").format(ages=_join(ages)))
    new, done, dropped = doc["new_clients"], doc["completed"], doc["dropped_out"]
    sentences.append(
        (
            _n(
                "{n} client started the programme for the first time",
                "{n} clients started the programme for the first time",
                new,
            )
            if new
            else _("No client started the programme for the first time")
        )
        + "; "
        + (
            _n("{n} enrolment was completed", "{n} enrolments were completed", done)
            if done
            else _("no enrolment was completed")
        )
        + (
            _n(" and {n} ended in a dropout.", " and {n} ended in a dropout.", dropped)
            if dropped
            else _(" and none ended in a dropout.")
        )
    )
    held, missed = doc["sessions"], doc["sessions_missed"]
    text = (
        _n(
            "{n} session was held ({hours})",
            "{n} sessions were held ({hours})",
            held,
            hours=_hours_words(doc["minutes_total"]),
        )
        if held
        else _("No session was held")
    )
    if missed:
        text += _n(
            "; {n} more was missed (excused or no-show)",
            "; {n} more were missed (excused or no-show)",
            missed,
        )
    sentences.append(text + ".")
    if doc["meetings"]:
        sentences.append(meetings_sentence(doc["meetings"], doc["attendances"]))
    members = doc["family_members_involved"]
    contacts = sum(doc["family_contacts_by_kind"].values())
    sentences.append(
        (
            _n("{n} family member was involved", "{n} family members were involved", members)
            if members
            else _("No family member was involved")
        )
        + _(" and ")
        + (
            _n(
                "{n} contact with families was recorded.",
                "{n} contacts with families were recorded.",
                contacts,
            )
            if contacts
            else _("no contact with families was recorded.")
        )
    )
    goals = sum(doc["goals_set_by_area"].values())
    achieved = sum(doc["goals_achieved_by_area"].values())
    if goals:
        sentences.append(
            _n(
                "{n} goal was set in individual plans",
                "{n} goals were set in individual plans",
                goals,
            )
            + _(" and ")
            + (
                _n("{n} was achieved.", "{n} were achieved.", achieved)
                if achieved
                else _("none was achieved yet.")
            )
        )
    else:
        sentences.append(_("No goal was set in individual plans."))
    return " ".join(sentences)


def meetings_sentence(meetings: int, attendances: int) -> str:
    """``46 meetings were held (312 attendances in all).``"""
    return _n("{n} meeting was held", "{n} meetings were held", meetings) + _n(
        " ({n} attendance in all).", " ({n} attendances in all).", attendances
    )


def month_document(first: date, last: date, raw: dict) -> dict:
    """The JSON document of ``resoc report month`` from ``storage.reports.month_facts``."""
    by_client = raw["by_client"]

    def ended(state: str) -> list[dict]:
        return [
            {k: v for k, v in r.items() if k != "state"}
            for r in raw["ended"]
            if r["state"] == state
        ]

    return {
        "month": f"{first.year:04d}-{first.month:02d}",
        "first_day": first.isoformat(),
        "last_day": last.isoformat(),
        "sessions": sum(r["sessions"] for r in by_client),
        "sessions_missed": sum(r["sessions_missed"] for r in by_client),
        "minutes": sum(r["minutes"] for r in by_client),
        "clients_with_sessions": sum(1 for r in by_client if r["sessions"]),
        "meetings": raw["meetings"][0],
        "attendances": raw["meetings"][1],
        "by_client": by_client,
        "by_activity": raw["by_activity"],
        "clients_without_session": raw["clients_without_session"],
        "completed": ended("completed"),
        "dropped_out": ended("dropped"),
    }
