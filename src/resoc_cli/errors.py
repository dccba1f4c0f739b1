"""The errors every layer raises (defined in the domain, which owns them) and the one line for a
SQLite failure that the command line and the quick path print."""

from resoc_cli.domain.errors import (  # noqa: F401 - the public names of every layer
    Conflict,
    InvalidInput,
    NotFound,
    ResocError,
    RuleNotMet,
    StorageError,
)


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
