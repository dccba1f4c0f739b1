"""Parsing of the values a curator types: dates, months, durations. Pure functions."""

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from resoc_cli.domain.errors import InvalidInput
from resoc_cli.i18n import _

#: One session or contact never lasts longer than this (anything longer is a typo).
MAX_MINUTES = 12 * 60

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_CZECH = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_date(text: str, field: str = "date", *, today: date | None = None) -> date:
    """Accept ``YYYY-MM-DD``, Czech ``D.M.YYYY`` (spaces allowed: ``5. 3. 2026``),
    ``today`` and ``yesterday`` (also ``dnes`` and ``včera``)."""
    raw = (text or "").strip()
    low = raw.lower()
    if low in ("today", "dnes", "yesterday", "včera", "vcera"):
        base = today or date.today()
        return base if low in ("today", "dnes") else base - timedelta(days=1)
    match = _ISO.match(raw)
    if match:
        y, m, d = (int(g) for g in match.groups())
    else:
        match = _CZECH.match(raw)
        if not match:
            # The value is not echoed: a birth date is personal data.
            raise InvalidInput(
                _("{field}: not a date (use YYYY-MM-DD, D.M.YYYY, today or yesterday)").format(
                    field=field
                )
            )
        d, m, y = (int(g) for g in match.groups())
    try:
        return date(y, m, d)
    except ValueError:
        raise InvalidInput(_("{field}: not a day of the calendar").format(field=field)) from None


#: No date of the casework lies before this day (an earlier one is a mistyped year).
EARLIEST = date(1900, 1, 1)
#: How far ahead a date may lie that is expected rather than happened (a release, a due date).
YEARS_AHEAD = 10


def latest_ahead(today: date) -> date:
    """The last day ``YEARS_AHEAD`` years after ``today`` (29 February: the 28th)."""
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def check_past(value: date, field: str = "date", *, today: date | None = None) -> date:
    """The rule of a date that has happened (a birth, a session, a contact, an enrolment, its
    end, a plan's dates): from 1900 to today. (The value is never echoed: it may be a birth.)"""
    if value > (today or date.today()):
        raise InvalidInput(_("{field}: lies in the future").format(field=field))
    if value < EARLIEST:
        raise InvalidInput(_("{field}: before {year}").format(field=field, year=EARLIEST.year))
    return value


def check_ahead(value: date, field: str = "date", *, today: date | None = None) -> date:
    """The rule of a date that is expected (a release, a goal's due date): from 1900 to
    ``YEARS_AHEAD`` years from today."""
    if value > latest_ahead(today or date.today()):
        raise InvalidInput(
            _("{field}: more than {years} years ahead").format(field=field, years=YEARS_AHEAD)
        )
    if value < EARLIEST:
        raise InvalidInput(_("{field}: before {year}").format(field=field, year=EARLIEST.year))
    return value


def parse_past_date(text: str, field: str = "date", *, today: date | None = None) -> date:
    """A date that has happened (sessions, contacts, reviews): ``check_past``."""
    today = today or date.today()
    return check_past(parse_date(text, field, today=today), field, today=today)


def parse_month(text: str, field: str = "month") -> tuple[date, date]:
    """``YYYY-MM`` to the first and last day of that month."""
    match = _MONTH.match((text or "").strip())
    y, m = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    if not match or not 1 <= m <= 12 or y < 1900:
        raise InvalidInput(not_a_month(text, field))
    first = date(y, m, 1)
    if m == 12:
        return first, date(y, 12, 31)
    return first, date(y, m + 1, 1) - timedelta(days=1)


def not_a_month(text: str, field: str) -> str:
    return _("{field}: {text!r} is not a month (use YYYY-MM)").format(field=field, text=text)


def _number(text: str, field: str) -> Decimal:
    """A plain decimal number. A huge magnitude (``1e999999999``) is clamped to 10**7 before
    any arithmetic, which would otherwise overflow or run for minutes; every caller refuses
    it as too long."""
    raw = str(text).strip().replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise InvalidInput(_("{field}: not a number").format(field=field)) from None
    if not value.is_finite():
        raise InvalidInput(_("{field}: not a number").format(field=field))
    if not value.is_zero() and value.adjusted() > 6:
        return Decimal(10**7).copy_sign(value)
    return value


#: Units a duration may carry, as a curator types them (``2 h``, ``90 min``, ``2 hod``).
_HOUR_UNIT = r"(?:h|hod|hodin[ay]?)"
_MINUTE_UNIT = r"(?:m|min|minut[ay]?)"
_NUM = r"\d{1,7}(?:[.,]\d{1,6})?"
#: ``1:30`` (minutes always two digits, under 60).
_CLOCK = re.compile(r"^(\d{1,5}):([0-5]\d)$")
#: ``2h``, ``1,5 h``, ``1h30``, ``1 h 30 min`` (minutes after whole hours only).
_WITH_HOURS = re.compile(
    rf"^(?P<h>{_NUM})\s*{_HOUR_UNIT}(?:\s*(?P<m>\d{{1,2}})\s*(?:{_MINUTE_UNIT})?)?$"
)
#: ``90 min``, ``90m``.
_WITH_MINUTES = re.compile(rf"^(?P<m>{_NUM})\s*{_MINUTE_UNIT}$")


def _not_a_duration(text: object, field: str, unit: str) -> InvalidInput:
    shown = _shown(text)
    if unit == "h":
        message = _("{field}: {text!r} is not a duration (write e.g. 1.5, 1:30, 1h30 or 90 min)")
    else:
        message = _("{field}: {text!r} is not a duration (write e.g. 90, 90 min, 1:30 or 1h30)")
    return InvalidInput(message.format(field=field, text=shown))


def _whole_minutes(exact: Decimal, text: object, field: str, unit: str) -> int:
    minutes = int(exact.to_integral_value())
    if exact != minutes:
        if unit == "h":
            message = _("{field}: {shown} h is not a whole number of minutes")
        else:
            message = _("{field}: {shown} is not a whole number of minutes")
        raise InvalidInput(message.format(field=field, shown=_shown(text)))
    return minutes


def parse_duration(
    text: str | float, field: str = "hours", *, unit: str = "h", limit: int = MAX_MINUTES
) -> int:
    """A duration as people type it, to whole minutes within (0, limit].

    A bare number is in ``unit`` (``"h"`` or ``"min"``): ``2``, ``2,5``, ``2.5``; a unit
    typed wins over it: ``2h``, ``2 h``, ``1,5h``, ``1h30``, ``1 h 30 min``, ``90 min``,
    ``90m``; and ``1:30`` is hours and minutes. Refused: minutes of 60 or more after hours
    (``1:75``, ``2h75``), minutes after a fraction of an hour (``1.5h30``, ``1.5:30``), a unit
    without a number, zero, a negative duration, more than ``limit``."""
    typed = " ".join(str(text).split()).lower()
    clock = _CLOCK.match(typed)
    with_hours = _WITH_HOURS.match(typed)
    with_minutes = _WITH_MINUTES.match(typed)
    if clock:
        exact = Decimal(int(clock.group(1)) * 60 + int(clock.group(2)))
    elif with_hours:
        hours = Decimal(with_hours.group("h").replace(",", "."))
        after = with_hours.group("m")
        if after is not None and (hours != hours.to_integral_value() or int(after) >= 60):
            raise _not_a_duration(text, field, unit)
        exact = hours * 60 + int(after or 0)
    elif with_minutes:
        exact = Decimal(with_minutes.group("m").replace(",", "."))
    else:
        # a bare number in ``unit``: as before (a decimal comma, huge values clamped)
        try:
            value = _number(str(text), field)
        except InvalidInput:
            raise _not_a_duration(text, field, unit) from None
        minutes = _whole_minutes(value * 60 if unit == "h" else value, text, field, unit)
        shown = f"{_shown(text)} {'h' if unit == 'h' else 'min'}"
        return check_minutes(minutes, field, limit=limit, shown=shown)
    minutes = _whole_minutes(exact, text, field, "min")
    return check_minutes(minutes, field, limit=limit, shown=_shown(text))


def hours_to_minutes(text: str | float, field: str = "hours", *, limit: int = MAX_MINUTES) -> int:
    """Hours as typed (``2.5``, Czech ``2,5``, ``1:30``, ``1h30``, ``90 min``) to whole
    minutes, within (0, limit]: :func:`parse_duration` with hours for a bare number."""
    return parse_duration(text, field, unit="h", limit=limit)


def parse_minutes(text: str | int, field: str = "minutes", *, limit: int = MAX_MINUTES) -> int:
    """Minutes as typed (``90``, ``90 min``, ``1:30``, ``1h30``, ``2h``) to whole minutes:
    :func:`parse_duration` with minutes for a bare number."""
    return parse_duration(text, field, unit="min", limit=limit)


def row_duration(minutes: str | None, hours: str | None) -> int | None:
    """The duration of an imported row, from its ``minutes`` or its ``hours`` cell (each by
    :func:`parse_duration`, so ``1,5`` and ``1:30`` hours, ``90`` and ``90 min`` minutes);
    None when neither is given. Both given must agree: hours as a bare number agree within
    half a minute, as a spreadsheet shows them (an export's 100 minutes saved as ``1.67``)."""
    if hours is None:
        return None if minutes is None else parse_minutes(minutes, "minutes")
    if minutes is None:
        return hours_to_minutes(hours, "hours")
    value = parse_minutes(minutes, "minutes")
    try:
        agree = hours_to_minutes(hours, "hours", limit=10**9) == value
    except InvalidInput:
        try:
            typed = Decimal(hours.strip().replace(",", "."))
        except InvalidOperation:
            raise _not_a_duration(hours, "hours", "h") from None
        agree = typed.is_finite() and abs(typed * 60 - value) < Decimal("0.5")
    if not agree:
        shown = _shown(hours)
        shown += " h" if shown[-1:].isdigit() and ":" not in shown else ""
        raise InvalidInput(
            _(
                "hours: {hours} does not agree with the minutes column ({minutes});"
                " give one of them, or both the same"
            ).format(hours=shown, minutes=_shown(minutes))
        )
    return value


def _shown(text: object) -> str:
    """A typed number for a message: one line, short."""
    return " ".join(str(text).split())[:20]


def check_minutes(minutes: int, field: str, *, limit: int = MAX_MINUTES, shown: str = "") -> int:
    shown = shown or f"{minutes} min"
    if minutes <= 0:
        raise InvalidInput(
            _("{field}: {shown} is not a positive duration").format(field=field, shown=shown)
        )
    if minutes > limit:
        raise InvalidInput(
            _("{field}: {shown} is more than {limit} h in one go").format(
                field=field, shown=shown, limit=limit // 60
            )
        )
    return minutes


def parse_hours_total(text: str | float, field: str = "min-hours") -> int:
    """A programme's minimum total in hours to minutes (positive, at most 10,000 h)."""
    return hours_to_minutes(text, field, limit=10_000 * 60)


def age_on(born: date, day: date) -> int:
    """Completed years of age on ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
