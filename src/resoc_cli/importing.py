"""Validating imported rows: every row is checked before anything is written.

No SQL and no Typer here: lookups come in as dicts, and the result is either the rows to write
or the complete list of problems as ``line N: field: problem``.
"""

from collections.abc import Iterable

from resoc_cli.domain.codes import EnrolmentState, code_of
from resoc_cli.domain.codes import label as code
from resoc_cli.domain.exchange import CLIENT_DERIVED, SESSION_DERIVED, unneutralise
from resoc_cli.domain.models import ClientIn, SessionIn, validate
from resoc_cli.domain.parse import parse_past_date
from resoc_cli.errors import InvalidInput, ResocError
from resoc_cli.i18n import _


def check_columns(columns: list[str], known: tuple[str, ...], required: tuple[str, ...]) -> None:
    unknown = [c for c in columns if c not in known]
    if unknown:
        raise InvalidInput(
            _("columns: {unknown} not known (expected some of: {known})").format(
                unknown=", ".join(map(repr, unknown)), known=", ".join(known)
            )
        )
    missing = [c for c in required if c not in columns]
    if missing:
        raise InvalidInput(
            _("columns: required {missing} missing").format(missing=", ".join(missing))
        )


def _clean(record: dict, derived: frozenset[str]) -> dict:
    return {k: (unneutralise(v.strip()) or None) for k, v in record.items() if k not in derived}


def _problems(line: int, exc: ResocError) -> list[str]:
    text = _("line {number}: {problem}")
    return [text.format(number=line, problem=part) for part in exc.problems]


def _extra_cells(line: int) -> str:
    return _("line {number}: row: more cells than columns").format(number=line)


def validate_clients(
    records: Iterable[tuple[int, dict]],
    existing_codes: dict[str, int],
    programmes: dict[str, int],
    next_number: int,
) -> tuple[list[dict], list[str]]:
    rows, problems, seen = [], [], set(existing_codes)
    for line, record in records:
        if "__extra__" in record:
            problems.append(_extra_cells(line))
            continue
        r = _clean(record, CLIENT_DERIVED)
        try:
            client = validate(
                ClientIn,
                **{
                    k: r.get(k)
                    for k in (
                        "name",
                        "born",
                        "sex",
                        "code",
                        "referral",
                        "status",
                        "release",
                        "contract",
                        "note",
                    )
                },
            )
        except ResocError as exc:
            problems += _problems(line, exc)
            continue
        row_problems = []
        client_code = client.code
        if client_code is None:
            client_code = f"K{next_number:04d}"
            while client_code.upper() in seen:
                next_number += 1
                client_code = f"K{next_number:04d}"
            next_number += 1
        elif client_code.upper() in seen:
            row_problems.append(
                _("line {number}: code: {code!r} already exists").format(
                    number=line, code=client_code
                )
            )
        seen.add(client_code.upper())
        enrolment = {
            "programme_id": None,
            "start_date": None,
            "end_date": None,
            "enrolment_state": None,
        }
        if r.get("programme"):
            pid = programmes.get(r["programme"].lower())
            if pid is None:
                row_problems.append(
                    _("line {number}: programme: no programme {programme!r}").format(
                        number=line, programme=r["programme"]
                    )
                )
            typed = (r.get("enrolment_state") or "active").strip().lower()
            state = code_of(EnrolmentState, typed)  # "probíhá" is "active"
            known = state in {s.value for s in EnrolmentState}
            if not known:
                row_problems.append(
                    _(
                        "line {number}: enrolment-state: {state!r} is not one of"
                        " active, completed, dropped"
                    ).format(number=line, state=typed)
                )
            try:
                # the dates of ``enrol`` and ``complete``/``drop``: days that happened
                start = parse_past_date(r.get("start_date") or "", "start-date")
                end = parse_past_date(r["end_date"], "end-date") if r.get("end_date") else None
                if known and state != "active" and end is None:  # only a known state says
                    raise InvalidInput(
                        _("end-date: needed for a {state} enrolment").format(state=code(state))
                    )
                if end is not None and end < start:
                    raise InvalidInput(_("end-date: before start-date"))
                if start < client.born:
                    raise InvalidInput(_("start-date: before the client's birth date"))
            except ResocError as exc:
                row_problems += _problems(line, exc)
            else:
                enrolment = {
                    "programme_id": pid,
                    "start_date": start.isoformat(),
                    "end_date": end.isoformat() if end else None,
                    "enrolment_state": state,
                }
        if row_problems:
            problems += row_problems
            continue
        values = client.dump(json=True)
        rows.append({**values, "code": client_code, **enrolment})
    return rows, problems


def validate_sessions(
    records: Iterable[tuple[int, dict]],
    clients: dict[str, int],
    spans: dict[int, list[tuple[str, str | None, int]]],
    births: dict[int, str] | None = None,
) -> tuple[list[tuple], list[str]]:
    """``births``: client id -> ISO birth date; a session before it is refused."""
    rows, problems = [], []
    births = births or {}
    for line, record in records:
        if "__extra__" in record:
            problems.append(_extra_cells(line))
            continue
        r = _clean(record, SESSION_DERIVED)
        client_id = clients.get((r.get("client") or "").upper())
        row_problems = []
        if client_id is None:
            row_problems.append(
                _("line {number}: client: no client with code {code!r}").format(
                    number=line, code=r.get("client")
                )
            )
        try:
            session = validate(
                SessionIn,
                date=r.get("date"),
                minutes=r.get("minutes"),
                **{k: r[k] for k in ("activity", "attendance", "phase", "note") if r.get(k)},
            )
        except ResocError as exc:
            problems += row_problems + _problems(line, exc)
            continue
        if row_problems:
            problems += row_problems
            continue
        day = session.date.isoformat()
        if day < births.get(client_id, ""):
            problems.append(
                _("line {number}: date: before the client's birth date").format(number=line)
            )
            continue
        enrolment_id = next(
            (
                eid
                for start, end, eid in spans.get(client_id, ())
                if start <= day and (end is None or day <= end)
            ),
            None,
        )
        rows.append(
            (
                client_id,
                enrolment_id,
                day,
                session.minutes,
                session.activity.value,
                session.phase,
                session.attendance.value,
                session.note,
            )
        )
    return rows, problems
