"""Validating imported rows: every row is checked before anything is written.

No SQL and no Typer here: lookups come in as dicts, and the result is either the rows to write
or the complete list of problems as ``line N: field: problem``.
"""

import re
from collections.abc import Callable, Iterable
from functools import partial

from resoc_cli.domain.codes import EnrolmentState, code_of
from resoc_cli.domain.codes import label as code
from resoc_cli.domain.exchange import (
    CLIENT_DERIVED,
    HOURS_COLUMNS,
    SESSION_DERIVED,
)
from resoc_cli.domain.models import ClientIn, SessionIn, validate
from resoc_cli.domain.parse import parse_past_date, row_duration
from resoc_cli.errors import Conflict, InvalidInput, NotFound, ResocError
from resoc_cli.i18n import _

#: A column name as a header row holds it: a cell of data (a name, a date) is not one.
_COLUMN_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def check_columns(columns: list[str], known: tuple[str, ...], required: tuple) -> None:
    """The header row's column names. A cell that is not a known name is named only when it
    looks like a column name, else by its position: a file without a header row starts with
    a row of personal data, which no error may echo. An item of ``required`` that is a tuple
    is satisfied by any one of its columns."""
    unknown = [
        (i, c) for i, c in enumerate(columns, 1) if c not in known and c not in HOURS_COLUMNS
    ]
    if unknown and len(unknown) == len(columns):
        raise InvalidInput(
            _(
                "file: the first row does not look like a header row (no known column name);"
                " the first row must name the columns, some of: {known}"
            ).format(known=", ".join(known))
        )
    if unknown:
        named = [
            repr(c) if _COLUMN_NAME.match(c) else _("column {n}").format(n=i) for i, c in unknown
        ]
        raise InvalidInput(
            _("columns: {unknown} not known (expected some of: {known})").format(
                unknown=", ".join(named), known=", ".join(known)
            )
        )
    missing = [
        c if isinstance(c, str) else _("{a} or {b}").format(a=c[0], b=c[1])
        for c in required
        if not (set(c) & set(columns) if isinstance(c, tuple) else c in columns)
    ]
    if missing:
        raise InvalidInput(
            _("columns: required {missing} missing").format(missing=", ".join(missing))
        )


def _clean(record: dict, derived: frozenset[str]) -> dict:
    return {k: (v.strip() or None) for k, v in record.items() if k not in derived}


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
    people: dict[tuple[str, str], str | int] | None = None,
    allow_duplicate: bool = False,
    duplicates: list[int] | None = None,
) -> tuple[list[dict], list[str]]:
    """``people``: ``collation.person_key`` -> code of the clients recorded; a row with the
    same name and birth date as one of them, or as an earlier row (named by its line), is
    refused as ``client add`` refuses it (unless ``allow_duplicate``); its line is appended
    to ``duplicates``."""
    from resoc_cli.domain.collation import person_key
    from resoc_cli.domain.models import duplicate_message

    rows, problems, seen = [], [], set(existing_codes)
    people = dict(people or {})
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
        key = person_key(client.name, client.born.isoformat())
        if not allow_duplicate and key in people:
            known = people[key]
            problem = (
                duplicate_message(known)
                if isinstance(known, str)
                else _("client: the same name and birth date as line {other}").format(other=known)
            )
            row_problems.append(_("line {number}: {problem}").format(number=line, problem=problem))
            if duplicates is not None:
                duplicates.append(line)
        people.setdefault(key, line)
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


def NO_CODE() -> str:  # noqa: N802 - a message, translated when it is shown
    """A row's client that is no code of the database. The cell is never echoed: a file
    keyed by name would put the name in the message."""
    return _("client: no client with that code (a file names its clients by code)")


def _by_code(clients: dict[str, int], births: dict[int, str]):
    """The client rule of a plain lookup (code -> id, id -> birth date): for callers with no
    database (the property tests)."""

    def rule(typed: str | None, session) -> int:
        client_id = clients.get((typed or "").upper())
        if client_id is None:
            raise NotFound(NO_CODE())
        if session is not None and session.date.isoformat() < births.get(client_id, ""):
            raise InvalidInput(_("date: before the client's birth date"))
        return client_id

    return rule


#: The largest id SQLite stores: a bigger number names no meeting.
_MAX_ID = 2**63 - 1


def _meeting(
    typed: str,
    client_id: int,
    meetings: Callable[[int], tuple | None],
    seen: dict[tuple[int, int], int],
    line: int,
) -> int:
    """The meeting a row's ``meeting_id`` names: a meeting of the database of which the
    client has no session yet (in the database or on an earlier row, ``seen``: (meeting,
    client) -> line). The session's date may differ from the meeting's, as ``session edit``
    allows. The value is never echoed unless it is a number: a cell in the wrong column may
    hold a name."""
    if not (typed.isascii() and typed.isdigit() and len(typed) <= 19) or not (
        0 < int(typed) <= _MAX_ID
    ):
        raise InvalidInput(_("meeting-id: not a meeting id (a whole number from 1)"))
    meeting_id = int(typed)
    found = meetings(meeting_id)
    if found is None:
        raise NotFound(
            _("meeting-id: no meeting with id {id} in this database").format(id=meeting_id)
        )
    _held, participants = found
    if client_id in participants:
        raise Conflict(
            _("meeting-id: the client already has a session of meeting {id}").format(id=meeting_id)
        )
    other = seen.setdefault((meeting_id, client_id), line)
    if other != line:
        raise Conflict(
            _("meeting-id: the same client and meeting {id} as line {other}").format(
                id=meeting_id, other=other
            )
        )
    return meeting_id


def validate_sessions(
    records: Iterable[tuple[int, dict]],
    clients: dict[str, int] | Callable,
    spans: dict[int, list[tuple]],
    births: dict[int, str] | None = None,
    meetings: dict[int, tuple] | Callable[[int], tuple | None] | None = None,
    sink: Callable[[int, str, tuple], None] | None = None,
) -> tuple[list[tuple], list[str]]:
    """``clients``: the rule of ``session add`` for the client of a row,
    ``rule(typed code, session) -> client id`` raising a ResocError (an unknown, closed or
    erased client, a date before the birth), or a plain dict code -> id with ``births``.
    ``spans``: client id -> [(start, end, enrolment id[, programme, phases])]: a session
    counts toward the enrolment its date falls in, and a phase beyond that programme's
    phases is refused, as ``session add`` refuses it. ``meetings``: meeting id -> (date,
    ids of the clients with a session of it), None for no such meeting (a dict or a
    lookup); a row's ``meeting_id`` must name one, see ``_meeting``. ``sink``: each valid
    row goes to ``sink(line, client as typed, row)`` instead of the list returned (a long
    file is staged, not held)."""
    from resoc_cli.domain.rules import counted_enrolment

    rule = clients if callable(clients) else _by_code(clients, births or {})
    if not callable(meetings):
        meetings = (meetings or {}).get
    seen: dict[tuple[int, int], int] = {}
    rows, problems = [], []
    for line, record in records:
        if "__extra__" in record:
            problems.append(_extra_cells(line))
            continue
        r = _clean(record, SESSION_DERIVED)
        try:
            minutes, refused = row_duration(r.get("minutes"), r.get("hours")), []
        except ResocError as exc:  # the other cells are still checked, with a stand-in
            minutes, refused = 1, exc.problems
        try:
            session = validate(
                SessionIn,
                date=r.get("date"),
                minutes=minutes,
                **{k: r[k] for k in ("activity", "attendance", "phase", "note") if r.get(k)},
            )
        except ResocError as exc:
            session, invalid = None, exc
        else:
            invalid = None
        if refused:
            every = refused + (invalid.problems if invalid else [])
            invalid = InvalidInput("; ".join(every), every)
        try:
            client_id = rule(r.get("client"), session)
        except ResocError as exc:
            problems += _problems(line, exc) + (_problems(line, invalid) if invalid else [])
            continue
        if invalid is not None:
            problems += _problems(line, invalid)
            continue
        day = session.date.isoformat()
        row_problems, meeting_id = [], None
        if r.get("meeting_id"):
            try:
                meeting_id = _meeting(r["meeting_id"], client_id, meetings, seen, line)
            except ResocError as exc:
                row_problems += _problems(line, exc)
        span = next(
            (s for s in spans.get(client_id, ()) if s[0] <= day and (s[1] is None or day <= s[1])),
            None,
        )
        enrolment_id = None
        if span is not None:
            programme, phases = (span[3], span[4]) if len(span) > 4 else ("", None)
            enrolment = {"id": span[2], "start_date": span[0], "programme": programme,
                         "phases": phases}  # fmt: skip
            try:
                enrolment_id, _warnings = counted_enrolment(enrolment, session.date, session.phase)
            except ResocError as exc:
                row_problems += _problems(line, exc)
        if row_problems:
            problems += row_problems
            continue
        (rows.append if sink is None else partial(sink, line, r["client"]))(
            (
                client_id,
                enrolment_id,
                day,
                session.minutes,
                session.activity.value,
                session.phase,
                session.attendance.value,
                session.note,
                meeting_id,
            )
        )
    return rows, problems
