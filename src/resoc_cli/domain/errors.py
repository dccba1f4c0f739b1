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
