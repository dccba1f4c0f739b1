"""Erasure and retention rules. Pure functions.

Erasure keeps what the yearly report counts (sex, age band, referral, situation, sessions,
minutes, activities, contact kinds, goal areas and outcomes) and removes everything that
identifies or describes the person: names, exact birth dates, dates of release and contract,
and every free text.
"""

from datetime import date

ERASED = "(erased)"

#: table -> columns blanked on erasure (NULL), or set to ERASED where the column is NOT NULL.
ERASED_COLUMNS: dict[str, tuple[str, ...]] = {
    "clients": ("name", "born", "release_date", "contract_date", "note", "close_reason"),
    "enrolments": ("end_reason",),
    "family_members": ("name", "born", "note"),
    "sessions": ("note",),
    "contacts": ("note",),
    "plan_goals": ("text",),
    "plan_reviews": ("note",),
}
#: Columns that may not be NULL: they get ERASED instead (``born`` gets coarsen_birth).
NOT_NULL = frozenset({("clients", "name"), ("family_members", "name"), ("plan_goals", "text")})


def coarsen_birth(born: date) -> date:
    """A birth date that keeps the age on every 1 January (the report's age bands) and
    nothing more: the birth year, and whether the birthday is 1 January itself."""
    if (born.month, born.day) == (1, 1):
        return born
    return date(born.year, 12, 31)


def retention_cutoff(today: date, years: int) -> date:
    """Clients closed on or before this day are past a retention period of ``years``."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)
