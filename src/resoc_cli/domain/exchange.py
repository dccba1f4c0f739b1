"""The exchange formats: column sets, the formula-injection guard, pseudonyms. Pure functions.

The column lists are a public interface: a column is added at the end, never renamed.
"""

import hashlib
import hmac

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
)
#: Columns holding ISO dates (typed as dates in xlsx).
DATE_COLUMNS = frozenset({"date", "born", "release", "contract", "start_date", "end_date"})
#: Columns export writes but import ignores (derived from other data).
SESSION_DERIVED = frozenset({"session_id", "programme"})
CLIENT_DERIVED = frozenset({"attended_minutes", "required_minutes", "plan", "complete"})
SESSION_REQUIRED = ("date", "client", "minutes")
CLIENT_REQUIRED = ("name", "born", "sex")
#: Free text and identity that never leave the machine in a pseudonymised export.
SESSION_PRIVATE = frozenset({"note"})
CLIENT_PRIVATE = frozenset({"name", "born", "note", "release", "contract"})

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """Undo :func:`neutralise` on import, so an export imports back unchanged."""
    if value.startswith("'") and value[1:2] and value[1:].startswith(_DANGEROUS):
        return value[1:]
    return value


def pseudonym(key: bytes, client_code: str) -> str:
    """A stable pseudonym: HMAC-SHA256 under a secret kept only in the database."""
    digest = hmac.new(key, client_code.upper().encode(), hashlib.sha256).hexdigest()
    return f"P-{digest[:12]}"


def excel_number(value: object) -> object:
    """Decimal comma for Czech spreadsheets."""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return value
