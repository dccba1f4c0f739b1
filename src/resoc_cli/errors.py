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


def sqlite_reason(exc: Exception) -> str:
    """SQLite's reason, as one line with nothing of the file's content: "malformed database
    schema (NAME) - …" names an object whose name, in a damaged file, may be any bytes."""
    import re

    text = str(exc)
    if text.startswith("malformed database schema"):
        return "malformed database schema"
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text).strip()[:200]


def database_message(exc: Exception) -> str:
    """One line for a SQLite failure (busy, read-only, full disk, ...)."""
    from resoc_cli.i18n import _

    text = str(exc)
    if text.startswith("Could not decode to UTF-8"):  # Python's words, with the stored text
        return undecodable_message(text)
    if "locked" in text or "busy" in text:
        return _("database is busy, try again (another resoc is writing)")
    if "readonly" in text:
        return _("the database file is read-only; nothing was written")
    if "disk is full" in text or "full" in text:
        return _("the disk is full; the change was rolled back")
    if "disk I/O error" in text:
        return _("the disk refused the write (full, or failing?); the change was rolled back")
    return _("database error: {problem}").format(problem=sqlite_reason(exc))


def undecodable_message(text: str) -> str:
    """A stored text that is not valid UTF-8 (written by another program): the column it
    was read from, never the text around the bad byte (personal data)."""
    import re

    from resoc_cli.i18n import _

    found = re.match(r"Could not decode to UTF-8 column '([A-Za-z_][A-Za-z0-9_]{0,63})'", text)
    if found is None:
        return _("a stored text is not valid UTF-8; run: resoc doctor")
    return _("a stored text (column {column}) is not valid UTF-8; run: resoc doctor").format(
        column=found.group(1)
    )


def output_message(exc: OSError) -> str:
    """One line for a file or an output stream that refused a write."""
    import errno

    from resoc_cli.i18n import _, os_error

    if exc.errno == errno.EBADF:
        return _("standard output is closed; nothing could be printed")
    return _("cannot use a file: {problem}").format(problem=os_error(exc))
