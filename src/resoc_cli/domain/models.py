"""Pydantic models: the validated boundary of the core. Every write passes through one of these.

Field names follow the CLI option names so that an error names what the user typed.
"""

import re
from datetime import date
from typing import Annotated, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic import Field as F

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
from resoc_cli.domain.parse import MAX_MINUTES, parse_date
from resoc_cli.errors import InvalidInput
from resoc_cli.i18n import _, day

MAX_NAME = 200
MAX_TEXT = 10_000
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Anything a terminal or a spreadsheet takes as a line break (NEL, LS, PS included).
_BREAKS = re.compile(r"[\n\r\x85\u2028\u2029]")
EARLIEST = date(1900, 1, 1)


def _to_date(value: object, info: ValidationInfo) -> object:
    if isinstance(value, str):
        return parse_date(value, (info.field_name or "date").replace("_", "-"))
    return value


class Problem(ValueError):
    """A validator's refusal: a catalog template with a ``{field}`` placeholder (already in
    the chosen language), filled in with the field's name once it is known."""

    def __init__(self, template: str, **values: object) -> None:
        super().__init__(template)
        self.template = template
        self.values = values

    def text(self, field: str) -> str:
        return self.template.format(field=field, **self.values)


def _not_future(value: date) -> date:
    if value > date.today():
        raise Problem(_("{field}: lies in the future"))
    if value < EARLIEST:
        raise Problem(_("{field}: before {year}"), year=EARLIEST.year)  # never echo a birth date
    return value


def _sane(value: date) -> date:
    if not EARLIEST <= value <= date(2200, 12, 31):
        raise Problem(_("{field}: is out of range (1900-2200)"))
    return value


def _clean_line(value: str) -> str:
    value = value.strip()
    if not value:
        raise Problem(_("{field}: must not be empty"))
    if _CONTROL.search(value) or _BREAKS.search(value):
        raise Problem(_("{field}: must be one line without control characters"))
    return value


def _clean_text(value: str) -> str:
    value = value.strip()
    if "\x00" in value:
        raise Problem(_("{field}: must not contain NUL characters"))
    return value


def _code(value: str) -> str:
    if not _CODE.match(value):
        raise Problem(
            _("{field}: use 1-32 letters, digits, '-' or '_', starting with a letter or digit")
        )
    return value


Day = Annotated[date, BeforeValidator(_to_date), AfterValidator(_sane)]
PastDay = Annotated[date, BeforeValidator(_to_date), AfterValidator(_not_future)]
Name = Annotated[str, F(max_length=MAX_NAME), AfterValidator(_clean_line)]
Text = Annotated[str, F(max_length=MAX_TEXT), AfterValidator(_clean_text)]
Code = Annotated[str, AfterValidator(_code)]
Minutes = Annotated[int, F(gt=0, le=MAX_MINUTES)]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


def _czech(enum: type) -> BeforeValidator:
    """A code may come as its Czech name (``socialni-vycvik``, ``Sociální výcvik``) from an
    option, an imported file or a prompt: it becomes the code (one dict lookup for a code)."""

    def to_code(value: object) -> object:
        return code_of(enum, value) if isinstance(value, str) else value

    return BeforeValidator(to_code)


SexCode = Annotated[Sex, _czech(Sex)]
ReferralCode = Annotated[Referral, _czech(Referral)]
StatusCode = Annotated[Status, _czech(Status)]
AudienceCode = Annotated[Audience, _czech(Audience)]
ActivityCode = Annotated[Activity, _czech(Activity)]
AttendanceCode = Annotated[Attendance, _czech(Attendance)]
RelationCode = Annotated[Relation, _czech(Relation)]
ContactKindCode = Annotated[ContactKind, _czech(ContactKind)]
AreaCode = Annotated[Area, _czech(Area)]
OutcomeCode = Annotated[Outcome, _czech(Outcome)]


class ClientIn(_Model):
    name: Name
    born: PastDay
    sex: SexCode
    code: Code | None = None
    referral: ReferralCode | None = None
    status: StatusCode | None = None
    release: Day | None = None
    contract: Day | None = None
    note: Text | None = None


class ClientPatch(_Model):
    """Only the fields given change; ``None`` means "leave as it is"."""

    name: Name | None = None
    born: PastDay | None = None
    sex: SexCode | None = None
    referral: ReferralCode | None = None
    status: StatusCode | None = None
    release: Day | None = None
    contract: Day | None = None
    note: Text | None = None


class ProgrammeIn(_Model):
    code: Code
    name: Name
    min_minutes: Annotated[int, F(gt=0, le=10_000 * 60)]
    sessions: Annotated[int, F(gt=0, le=1000)] | None = None
    session_minutes: Minutes | None = None
    phases: Annotated[int, F(gt=0, le=50)] | None = None
    audience: AudienceCode = Audience.any
    plan_required: bool = True


class SessionIn(_Model):
    date: PastDay
    minutes: Minutes
    activity: ActivityCode = Activity.social_training
    phase: Annotated[int, F(gt=0, le=50)] | None = None
    attendance: AttendanceCode = Attendance.attended
    members: tuple[int, ...] = ()
    note: Text | None = None


class MemberIn(_Model):
    name: Name
    relation: RelationCode
    born: PastDay | None = None
    note: Text | None = None


class ContactIn(_Model):
    member: int
    date: PastDay
    kind: ContactKindCode
    minutes: Minutes | None = None
    note: Text | None = None


class GoalIn(_Model):
    area: AreaCode
    text: Annotated[str, F(max_length=MAX_TEXT), AfterValidator(_clean_line)]
    due: Day | None = None
    date: PastDay

    @model_validator(mode="after")
    def _due_after_set(self) -> "GoalIn":
        if self.due is not None and self.due < self.date:
            raise Problem(_("due: before the goal was set ({day})"), day=day(self.date))
        return self


class GoalDone(_Model):
    outcome: OutcomeCode = Outcome.achieved
    date: PastDay


M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], **data: object) -> M:
    """Build ``model`` from ``data``; a failure becomes one InvalidInput line naming the fields."""
    try:
        return model(**data)
    except ValidationError as exc:
        parts = _describe(exc)
        raise InvalidInput("; ".join(parts), parts) from None


def _messages() -> dict[str, str]:
    """pydantic's error types that occur here -> our catalog templates; the English is word for
    word what pydantic says (what users have always seen)."""
    return {
        "missing": _("{field}: Field required"),
        "extra_forbidden": _("{field}: Extra inputs are not permitted"),
        "string_type": _("{field}: Input should be a valid string"),
        "string_too_long": _("{field}: String should have at most {max_length} characters"),
        "int_type": _("{field}: Input should be a valid integer"),
        "int_parsing": _(
            "{field}: Input should be a valid integer, unable to parse string as an integer"
        ),
        "int_from_float": _(
            "{field}: Input should be a valid integer, got a number with a fractional part"
        ),
        "greater_than": _("{field}: Input should be greater than {gt}"),
        "greater_than_equal": _("{field}: Input should be greater than or equal to {ge}"),
        "less_than": _("{field}: Input should be less than {lt}"),
        "less_than_equal": _("{field}: Input should be less than or equal to {le}"),
        "bool_type": _("{field}: Input should be a valid boolean"),
        "bool_parsing": _("{field}: Input should be a valid boolean, unable to interpret input"),
        "date_type": _("{field}: Input should be a valid date"),
        "tuple_type": _("{field}: Input should be a valid tuple"),
    }


_EXPECTED = re.compile(r"'([^']*)'")


def _describe(exc: ValidationError) -> list[str]:
    parts = []
    messages = None
    for err in exc.errors(include_url=False, include_input=False):
        field = ".".join(str(p) for p in err["loc"] if not isinstance(p, int)) or "value"
        field = field.replace("_", "-")
        kind, ctx = err["type"], err.get("ctx") or {}
        allowed = _EXPECTED.findall(str(ctx.get("expected", ""))) if kind == "enum" else []
        if isinstance(ctx.get("error"), Problem):
            parts.append(ctx["error"].text(field))
        elif len(allowed) >= 2:
            # pydantic lists them as 'a', 'b' or 'c': the same, with the catalog's "or"
            parts.append(
                _("{field}: must be one of {values} or {last}").format(
                    field=field,
                    values=", ".join(repr(a) for a in allowed[:-1]),
                    last=repr(allowed[-1]),
                )
            )
        else:
            messages = messages or _messages()
            if kind in messages:
                values = {k: v for k, v in ctx.items() if k != "field"}
                parts.append(messages[kind].format(field=field, **values))
            else:  # a type not seen in practice: pydantic's own (English) words
                message = err["msg"].removeprefix("Value error, ")
                parts.append(_("{field}: {problem}").format(field=field, problem=message))
    return parts


def validate_text(value: str | None, field: str) -> str | None:
    """A free-text option (note, reason) outside a model: same rules as model text fields."""
    if value is None:
        return None
    if len(value) > MAX_TEXT:
        raise InvalidInput(
            _("{field}: longer than {max} characters").format(field=field, max=MAX_TEXT)
        )
    try:
        return _clean_text(value) or None
    except Problem as exc:
        raise InvalidInput(exc.text(field)) from None
