"""The records a write takes in, and the one rule per field that every way in shares (an option
on the command line, a question at the prompt, a cell of an imported file).

Plain Python on purpose: a one-row write (``session add``) must not pay ~90 ms of importing
pydantic to check five values. Each field has exactly one rule here; the importer calls the
same ``validate`` as the commands, so the two can never drift apart. Field names follow the
option names, so that an error names what the user typed.
"""

import re
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import TypeVar

from resoc_cli.domain.codes import (
    Activity,
    Area,
    Attendance,
    Audience,
    ContactKind,
    Outcome,
    Referral,
    Relation,
    Sex,
    Status,
    code_of,
)
from resoc_cli.domain.errors import InvalidInput
from resoc_cli.domain.parse import MAX_MINUTES, check_ahead, check_past, parse_date
from resoc_cli.i18n import _, day

MAX_NAME = 200
MAX_TEXT = 10_000
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Anything a terminal or a spreadsheet takes as a line break (NEL, LS, PS included).
_BREAKS = re.compile(r"[\n\r\x85\u2028\u2029]")
_INT = re.compile(r"^\s*[+-]?\d+\s*$")


class Problem(ValueError):
    """A rule's refusal: a catalog template with a ``{field}`` placeholder (already in the
    chosen language), filled in with the field's name once it is known."""

    def __init__(self, template: str, **values: object) -> None:
        super().__init__(template)
        self.template = template
        self.values = values

    def text(self, field: str) -> str:
        return self.template.format(field=field, **self.values)


# --- the field rules: each takes the value as given (text, or already typed) ----------------


def _a_date(value: object, field: str) -> date:
    if isinstance(value, str):
        try:
            return parse_date(value, field)
        except InvalidInput as exc:  # its message already names the field
            raise Problem(str(exc).replace("{", "{{").replace("}", "}}")) from None
    if isinstance(value, date):
        return value
    raise Problem(_("{field}: Input should be a valid date"))


def _checked(check: Callable, value: object, field: str) -> date:
    try:
        return check(_a_date(value, field), field)
    except InvalidInput as exc:  # its message already names the field
        raise Problem(str(exc).replace("{", "{{").replace("}", "}}")) from None


def ahead_day(value: object, field: str) -> date:
    """A date that is expected (a release, a due date): 1900 to 10 years from today
    (``parse.check_ahead``)."""
    return _checked(check_ahead, value, field)


def past_day(value: object, field: str) -> date:
    """A date that has happened (a birth, a session, a contact, a contract signed): 1900 to
    today (``parse.check_past``). A birth date is never echoed."""
    return _checked(check_past, value, field)


def _a_string(value: object, limit: int) -> str:
    if not isinstance(value, str):
        raise Problem(_("{field}: Input should be a valid string"))
    value = value.strip()
    if len(value) > limit:
        raise Problem(
            _("{field}: String should have at most {max_length} characters"), max_length=limit
        )
    return value


def _one_line(value: str) -> str:
    if not value:
        raise Problem(_("{field}: must not be empty"))
    if _CONTROL.search(value) or _BREAKS.search(value):
        raise Problem(_("{field}: must be one line without control characters"))
    return value


def name(value: object, field: str) -> str:
    """A person's or a programme's name: one line, 1-200 characters."""
    return _one_line(_a_string(value, MAX_NAME))


def line(value: object, field: str) -> str:
    """One line of text up to 10,000 characters (a goal)."""
    return _one_line(_a_string(value, MAX_TEXT))


def text(value: object, field: str) -> str:
    """Free text (a note): several lines allowed, never a NUL."""
    value = _a_string(value, MAX_TEXT)
    if "\x00" in value:
        raise Problem(_("{field}: must not contain NUL characters"))
    return value


def code(value: object, field: str) -> str:
    value = _a_string(value, MAX_NAME)
    if not _CODE.match(value):
        raise Problem(
            _("{field}: use 1-32 letters, digits, '-' or '_', starting with a letter or digit")
        )
    return value


def whole(low: int, high: int) -> Callable[[object, str], int]:
    """A whole number in ``low..high`` (given as a number or as its digits)."""

    def rule(value: object, field: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise Problem(_("{field}: Input should be a valid integer"))
        if isinstance(value, str):
            if not _INT.match(value):
                raise Problem(
                    _(
                        "{field}: Input should be a valid integer, unable to parse string as an"
                        " integer"
                    )
                )
            if len(value.strip().lstrip("+-").lstrip("0")) > 19:  # beyond any bound (and int()'s
                value = -(10**19) if value.strip().startswith("-") else 10**19  # digit limit)
            else:
                value = int(value)
        if value < low:
            raise Problem(_("{field}: Input should be greater than {gt}"), gt=low - 1)
        if value > high:
            raise Problem(_("{field}: Input should be less than or equal to {le}"), le=high)
        return value

    return rule


def one_of(enum: type[StrEnum]) -> Callable[[object, str], StrEnum]:
    """A code of ``enum``, or its Czech name typed any way (``socialni-vycvik``)."""
    members = {m.value: m for m in enum}

    def rule(value: object, field: str) -> StrEnum:
        found = members.get(code_of(enum, value)) if isinstance(value, str) else None
        if found is None:
            allowed = [repr(m) for m in members]
            raise Problem(
                _("{field}: must be one of {values} or {last}"),
                values=", ".join(allowed[:-1]),
                last=allowed[-1],
            )
        return found

    return rule


def flag(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    raise Problem(_("{field}: Input should be a valid boolean"))


def ids(value: object, field: str) -> tuple[int, ...]:
    if not isinstance(value, list | tuple):
        raise Problem(_("{field}: Input should be a valid tuple"))
    return tuple(whole(1, 2**62)(v, field) for v in value)


minutes = whole(1, MAX_MINUTES)
phase = whole(1, 50)

# --- the records ------------------------------------------------------------------------

_REQUIRED = object()


class Record:
    """A validated input: its fields as attributes. ``FIELDS`` maps each field to its rule and
    its default (``_REQUIRED`` when it must be given)."""

    FIELDS: dict[str, tuple[Callable, object]] = {}
    __slots__ = ("_values",)

    def __init__(self, values: dict) -> None:
        object.__setattr__(self, "_values", values)

    def __getattr__(self, field: str):
        try:
            return self._values[field]
        except KeyError:
            raise AttributeError(field) from None

    def __setattr__(self, field: str, value: object) -> None:
        raise AttributeError("a record does not change")

    def check(self) -> None:
        """Rules across fields (after every field passed its own)."""

    def dump(self, *, json: bool = False, exclude_none: bool = False) -> dict:
        """The values; with ``json``, dates as ISO text and codes as plain text."""
        out = {}
        for k, v in self._values.items():
            if v is None and exclude_none:
                continue
            if json and isinstance(v, date):
                v = v.isoformat()
            elif json and isinstance(v, StrEnum):
                v = v.value
            out[k] = v
        return out


R = TypeVar("R", bound=Record)


def validate(record: type[R], **data: object) -> R:
    """Build ``record`` from ``data``; every refused field at once, as one InvalidInput whose
    ``problems`` list each (``field: problem``)."""
    problems = []
    for extra in data.keys() - record.FIELDS.keys():
        problems.append(_("{field}: Extra inputs are not permitted").format(field=extra))
    values = {}
    for key, (rule, default) in record.FIELDS.items():
        value = data.get(key)
        field = key.replace("_", "-")
        if value is None:
            if default is _REQUIRED:
                problems.append(_("{field}: Field required").format(field=field))
            values[key] = None if default is _REQUIRED else default
            continue
        try:
            values[key] = rule(value, field)
        except Problem as exc:
            problems.append(exc.text(field))
    result = record(values)
    if not problems:
        try:
            result.check()
        except Problem as exc:
            problems.append(exc.text("value"))
    if problems:
        raise InvalidInput("; ".join(problems), problems)
    return result


class ClientIn(Record):
    FIELDS = {
        "name": (name, _REQUIRED),
        "born": (past_day, _REQUIRED),
        "sex": (one_of(Sex), _REQUIRED),
        "code": (code, None),
        "referral": (one_of(Referral), None),
        "status": (one_of(Status), None),
        "release": (ahead_day, None),
        "contract": (past_day, None),
        "note": (text, None),
    }

    def check(self) -> None:
        _after_birth(self)


def duplicate_message(code: str) -> str:
    """The refusal of a client already recorded under ``code`` (``collation.person_key``:
    same name and birth date); names and birth dates are never echoed."""
    return _(
        "client: a client with the same name and birth date is already recorded as {code}"
        " (--allow-duplicate adds another)"
    ).format(code=code)


def _after_birth(record: Record) -> None:
    """A client's release and contract dates never lie before the client's birth."""
    born = record.born
    if born is None:
        return
    for field in ("release", "contract"):
        value = record._values.get(field)
        if value is not None and value < born:
            raise Problem(_("{field}: before the client's birth date").replace("{field}", field))


class ClientPatch(Record):
    """Only the fields given change; ``None`` means "leave as it is"."""

    FIELDS = {k: (rule, None) for k, (rule, _default) in ClientIn.FIELDS.items() if k != "code"}

    def check(self) -> None:
        _after_birth(self)


class ProgrammeIn(Record):
    FIELDS = {
        "code": (code, _REQUIRED),
        "name": (name, _REQUIRED),
        "min_minutes": (whole(1, 10_000 * 60), _REQUIRED),
        "sessions": (whole(1, 1000), None),
        "session_minutes": (minutes, None),
        "phases": (phase, None),
        "audience": (one_of(Audience), Audience.any),
        "plan_required": (flag, True),
    }


class SessionIn(Record):
    FIELDS = {
        "date": (past_day, _REQUIRED),
        "minutes": (minutes, _REQUIRED),
        "activity": (one_of(Activity), Activity.social_training),
        "phase": (phase, None),
        "attendance": (one_of(Attendance), Attendance.attended),
        "members": (ids, ()),
        "note": (text, None),
    }


class MeetingIn(Record):
    """A meeting: what it shares with each participant's session, and its own note."""

    FIELDS = {
        "date": (past_day, _REQUIRED),
        "minutes": (minutes, _REQUIRED),
        "activity": (one_of(Activity), Activity.social_training),
        "phase": (phase, None),
        "note": (text, None),
    }


class GroupIn(Record):
    FIELDS = {"code": (code, _REQUIRED), "name": (name, _REQUIRED)}


class MemberIn(Record):
    FIELDS = {
        "name": (name, _REQUIRED),
        "relation": (one_of(Relation), _REQUIRED),
        "born": (past_day, None),
        "note": (text, None),
    }


class ContactIn(Record):
    FIELDS = {
        "member": (whole(1, 2**62), _REQUIRED),
        "date": (past_day, _REQUIRED),
        "kind": (one_of(ContactKind), _REQUIRED),
        "minutes": (minutes, None),
        "note": (text, None),
    }


class GoalIn(Record):
    FIELDS = {
        "area": (one_of(Area), _REQUIRED),
        "text": (line, _REQUIRED),
        "due": (ahead_day, None),
        "date": (past_day, _REQUIRED),
    }

    def check(self) -> None:
        if self.due is not None and self.due < self.date:
            raise Problem(_("due: before the goal was set ({day})"), day=day(self.date))


class GoalDone(Record):
    FIELDS = {"outcome": (one_of(Outcome), Outcome.achieved), "date": (past_day, _REQUIRED)}


def validate_text(value: str | None, field: str) -> str | None:
    """A free-text option (note, reason) outside a record: the same rule as a record's text."""
    if value is None:
        return None
    try:
        return text(value, field) or None
    except Problem as exc:
        if "max_length" in exc.values:  # the option's own words for it
            raise InvalidInput(
                _("{field}: longer than {max} characters").format(field=field, max=MAX_TEXT)
            ) from None
        raise InvalidInput(exc.text(field)) from None


def validate_line(value: str, field: str) -> str:
    """One line of text outside a record (a setting): no control characters, no breaks."""
    try:
        return line(value, field)
    except Problem as exc:
        raise InvalidInput(exc.text(field)) from None
