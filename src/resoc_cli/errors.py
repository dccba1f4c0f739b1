"""Domain errors. Raised anywhere below the CLI; the CLI maps them to one stderr line and an exit
code. Messages never carry personal data (names, birth dates, notes): they name the field, the
code or id the user typed, and the problem."""


class ResocError(Exception):
    """A user-facing failure. ``exit_code`` is the process exit status."""

    exit_code = 1

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        #: each problem on its own (``field: problem``), for reports that list them per line
        self.problems = problems or [message]


class InvalidInput(ResocError):
    """A value the user gave is not acceptable (bad date, unknown choice, absurd duration)."""

    exit_code = 2


class NotFound(ResocError):
    """A client, programme, session, member or goal that does not exist."""

    exit_code = 3


class Conflict(ResocError):
    """The change contradicts the current state (a second active enrolment, a duplicate code)."""

    exit_code = 4


class StorageError(ResocError):
    """The database cannot be used: busy, not a database, from a newer release, unwritable."""

    exit_code = 5


class RuleNotMet(ResocError):
    """A rule refused the action (complete when the completion check fails)."""

    exit_code = 1


def database_message(exc: Exception) -> str:
    """One line for a SQLite failure (busy, read-only, full disk, ...)."""
    from resoc_cli.i18n import _

    text = str(exc)
    if "locked" in text or "busy" in text:
        return _("database is busy, try again (another resoc is writing)")
    if "readonly" in text:
        return _("the database file is read-only; nothing was written")
    if "disk is full" in text or "full" in text:
        return _("the disk is full; the change was rolled back")
    if "disk I/O error" in text:
        return _("the disk refused the write (full, or failing?); the change was rolled back")
    return _("database error: {problem}").format(problem=text)
