"""The exchange formats: column sets, the formula-injection guard, pseudonyms. Pure functions.

The column lists are a public interface: a column is added at the end, never renamed.
"""

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Iterator, Sequence

SESSION_COLUMNS = (
    "session_id",
    "date",
    "client",
    "programme",
    "activity",
    "minutes",
    "attendance",
    "phase",
    "note",
    "meeting_id",
)
CLIENT_COLUMNS = (
    "code",
    "name",
    "born",
    "sex",
    "referral",
    "status",
    "release",
    "contract",
    "note",
    "programme",
    "start_date",
    "end_date",
    "enrolment_state",
    "attended_minutes",
    "required_minutes",
    "plan",
    "complete",
    # the names the JSON documents use (client show, caseload): the same values again
    "client",
    "release_date",
    "contract_date",
)
#: A column read under another name too: ``{twin: column}``. An export writes both names
#: (``code`` and ``client``, ``release`` and ``release_date``); an import accepts either or
#: both (then equal).
CLIENT_TWINS = {"client": "code", "release_date": "release", "contract_date": "contract"}
#: Columns holding ISO dates (typed as dates in xlsx).
DATE_COLUMNS = frozenset(
    {"date", "born", "release", "contract", "start_date", "end_date", "release_date",
     "contract_date"}
)  # fmt: skip
#: Columns export writes but import ignores (derived from other data).
#: xlsx only: the column of hours written right after each column of minutes. Derived, for
#: people reading the sheet; csv, json and jsonl keep their columns as they are. An import
#: accepts and ignores them (an xlsx export saved as CSV by a spreadsheet imports back).
HOURS_BESIDE = {
    "minutes": "hours",
    "attended_minutes": "attended_hours",
    "required_minutes": "required_hours",
}
HOURS_COLUMNS = frozenset(HOURS_BESIDE.values())
#: ``hours`` is derived in an export, but an import reads it: a duration in hours given
#: instead of ``minutes`` (or beside it, agreeing).
SESSION_DERIVED = frozenset({"session_id", "programme"})
CLIENT_DERIVED = frozenset(
    {"attended_minutes", "required_minutes", "attended_hours", "required_hours", "plan",
     "complete"}
)  # fmt: skip
#: A tuple within: any one of these columns (``minutes`` or ``hours``).
SESSION_REQUIRED = ("date", "client", ("minutes", "hours"))
CLIENT_REQUIRED = ("name", "born", "sex")
#: Free text and identity that never leave the machine in a pseudonymised export.
SESSION_PRIVATE = frozenset({"note"})
CLIENT_PRIVATE = frozenset(
    {"name", "born", "note", "release", "contract", "release_date", "contract_date"}
)

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: object) -> bool:
    """Text that a spreadsheet would run as a formula if it were typed in."""
    return isinstance(value, str) and value.startswith(_DANGEROUS)


def _escaped(value: str) -> bool:
    """Text that is formula-like after any number of leading apostrophes (``=x``, ``'=x``)."""
    return formula_like(value.lstrip("'"))


def neutralise(value: object) -> object:
    """A csv cell: text that a spreadsheet would run as a formula gets a leading apostrophe,
    and so does such text behind apostrophes already (``'=x`` is written ``''=x``), so that
    :func:`unneutralise` gives back every value as it was. Other text stays as it is."""
    if isinstance(value, str) and _escaped(value):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """Undo :func:`neutralise` on a csv cell, so a csv export imports back unchanged: one
    apostrophe goes from an apostrophe and formula-like text (``''=x`` -> ``'=x``); any
    other text (``'; DROP``, ``'plain``) is kept."""
    return value[1:] if value.startswith("'") and _escaped(value) else value


def with_hours(
    columns: Sequence[str], rows: Iterable[Sequence]
) -> tuple[tuple[str, ...], Iterator[list]]:
    """The columns and rows of an xlsx export: each column of minutes followed by the same
    time in hours (90 -> 1.5), blank where the minutes are blank. Rows stay a stream."""
    widened = tuple(c for name in columns for c in (name, HOURS_BESIDE.get(name)) if c)
    minutes = tuple(name in HOURS_BESIDE for name in columns)

    def widen(row: Sequence) -> list:
        out = []
        for value, beside in zip(row, minutes, strict=True):
            out.append(value)
            if beside:
                out.append(None if value is None or value == "" else value / 60)
        return out

    return widened, map(widen, rows)


def pseudonym(key: bytes, client_code: str) -> str:
    """A stable pseudonym: HMAC-SHA256 under a secret kept only in the database."""
    digest = hmac.new(key, client_code.upper().encode(), hashlib.sha256).hexdigest()
    return f"P-{digest[:12]}"


def pseudonymous_sessions(key: bytes, rows: Iterable[Sequence]) -> Iterator[tuple]:
    """Session rows of a pseudonymised export: the client's pseudonym, no free text, no
    ``session_id`` (it would join to any normal export) and, for ``meeting_id``, a label
    drawn at random for this export (``M-`` and 12 hex digits): the sessions of one meeting
    still share it, but it names no meeting of any other export."""
    client = SESSION_COLUMNS.index("client")
    meeting = SESSION_COLUMNS.index("meeting_id")
    blank = {SESSION_COLUMNS.index(c) for c in (*SESSION_PRIVATE, "session_id")}
    labels: dict[object, str] = {}
    for r in rows:
        out = [None if i in blank else v for i, v in enumerate(r)]
        out[client] = pseudonym(key, r[client])
        if r[meeting] is not None:
            if r[meeting] not in labels:
                labels[r[meeting]] = f"M-{secrets.token_hex(6)}"
            out[meeting] = labels[r[meeting]]
        yield tuple(out)


def excel_number(value: object) -> object:
    """Decimal comma for Czech spreadsheets."""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return value


def with_twins(records: Iterable[tuple[int, dict]], twins: dict[str, str]):
    """Records of an import with each twin column read as its column (``release_date`` as
    ``release``): a value under either name counts; under both, they must be equal (else
    InvalidInput names the line)."""
    from resoc_cli.domain.errors import InvalidInput
    from resoc_cli.i18n import _

    for line, record in records:
        for twin, column in twins.items():
            if twin not in record:
                continue
            value = record.pop(twin)
            theirs, mine = _text(value), _text(record.get(column))
            if not mine:
                record[column] = value
            elif theirs and theirs != mine:
                raise InvalidInput(
                    _("line {number}: {twin}: differs from {column}").format(
                        number=line, twin=twin, column=column
                    )
                )
        yield line, record


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()
