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
)
from resoc_cli.domain.parse import MAX_MINUTES, parse_date
from resoc_cli.errors import InvalidInput

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


def _not_future(value: date) -> date:
    if value > date.today():
        raise ValueError("lies in the future")
    if value < EARLIEST:
        raise ValueError(f"{value.isoformat()} is before {EARLIEST.year}")
    return value


def _sane(value: date) -> date:
    if not EARLIEST <= value <= date(2200, 12, 31):
        raise ValueError("is out of range (1900-2200)")
    return value


def _clean_line(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    if _CONTROL.search(value) or _BREAKS.search(value):
        raise ValueError("must be one line without control characters")
    return value


def _clean_text(value: str) -> str:
    value = value.strip()
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _code(value: str) -> str:
    if not _CODE.match(value):
        raise ValueError("use 1-32 letters, digits, '-' or '_', starting with a letter or digit")
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


class ClientIn(_Model):
    name: Name
    born: PastDay
    sex: Sex
    code: Code | None = None
    referral: Referral | None = None
    status: Status | None = None
    release: Day | None = None
    contract: Day | None = None
    note: Text | None = None


class ClientPatch(_Model):
    """Only the fields given change; ``None`` means "leave as it is"."""

    name: Name | None = None
    born: PastDay | None = None
    sex: Sex | None = None
    referral: Referral | None = None
    status: Status | None = None
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
    audience: Audience = Audience.any
    plan_required: bool = True


class SessionIn(_Model):
    date: PastDay
    minutes: Minutes
    activity: Activity = Activity.social_training
    phase: Annotated[int, F(gt=0, le=50)] | None = None
    attendance: Attendance = Attendance.attended
    members: tuple[int, ...] = ()
    note: Text | None = None


class MemberIn(_Model):
    name: Name
    relation: Relation
    born: PastDay | None = None
    note: Text | None = None


class ContactIn(_Model):
    member: int
    date: PastDay
    kind: ContactKind
    minutes: Minutes | None = None
    note: Text | None = None


class GoalIn(_Model):
    area: Area
    text: Annotated[str, F(max_length=MAX_TEXT), AfterValidator(_clean_line)]
    due: Day | None = None


class GoalDone(_Model):
    outcome: Outcome = Outcome.achieved
    date: PastDay


M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], **data: object) -> M:
    """Build ``model`` from ``data``; a failure becomes one InvalidInput line naming the fields."""
    try:
        return model(**data)
    except ValidationError as exc:
        parts = _describe(exc)
        raise InvalidInput("; ".join(parts), parts) from None


def _describe(exc: ValidationError) -> list[str]:
    parts = []
    for err in exc.errors(include_url=False, include_input=False):
        field = ".".join(str(p) for p in err["loc"] if not isinstance(p, int)) or "value"
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "enum":
            allowed = err.get("ctx", {}).get("expected", "")
            message = f"must be one of {allowed}" if allowed else message
        parts.append(f"{field.replace('_', '-')}: {message}")
    return parts


def validate_text(value: str | None, field: str) -> str | None:
    """A free-text option (note, reason) outside a model: same rules as model text fields."""
    if value is None:
        return None
    if len(value) > MAX_TEXT:
        raise InvalidInput(f"{field}: longer than {MAX_TEXT} characters")
    try:
        return _clean_text(value) or None
    except ValueError as exc:
        raise InvalidInput(f"{field}: {exc}") from None
