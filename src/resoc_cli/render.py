"""All output goes through here: JSON documents, tables, one-line messages, progress bars.

Tables are drawn by ``tables`` (standard library); rich draws only the progress bar of a long
export or import on a terminal, imported then.
"""

import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from datetime import date

from resoc_cli import process

_ENCODE_STR = json.encoder.encode_basestring  # the C escaper behind ensure_ascii=False
_PLAIN = {str: _ENCODE_STR, int: int.__repr__, bool: lambda v: "true" if v else "false"}
_PLAIN[type(None)] = lambda v: "null"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def machine(text: str) -> None:
    """Write machine output (JSON): always UTF-8, whatever the console's encoding, so that a
    script reads every name as it was typed (a table may show "?" for what cp1250 lacks)."""
    out = sys.stdout
    if process.utf8(out) or not hasattr(out, "buffer"):
        out.write(text)
        return
    out.flush()
    out.buffer.write(text.encode("utf-8"))


def emit_json(document: object) -> None:
    """Print one JSON document to stdout and nothing else.

    An object is indented; a list has one compact row per line. Rows that are flat objects
    sharing their keys (the caseload, exports) go through a format template, byte for byte
    what ``json.dumps(row, ensure_ascii=False)`` writes, at a fraction of its cost."""
    if isinstance(document, list):
        machine("[\n" + ",\n".join(_rows(document)) + "\n]\n" if document else "[]\n")
        return
    machine(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")


def _rows(rows: list) -> Iterable[str]:
    encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
    keys = tuple(rows[0]) if isinstance(rows[0], dict) else None
    template = None
    if keys is not None:
        fields = (_ENCODE_STR(str(k)).replace("%", "%%") + ": %s" for k in keys)
        template = "{" + ", ".join(fields) + "}"
    plain = _PLAIN
    for row in rows:
        if template is not None and isinstance(row, dict) and tuple(row) == keys:
            try:
                yield template % tuple([plain[v.__class__](v) for v in row.values()])
                continue
            except KeyError:  # a value of another type (float, date, list): the encoder
                pass
        yield encode(row)


def line(text: str) -> None:
    """A plain result line on stdout (a new id, a confirmation)."""
    sys.stdout.write(f"{text}\n")


def wrapped(text: str) -> None:
    """A result line on stdout; on a terminal too narrow for it, broken between words, the
    lines after the first indented two more than it."""
    from resoc_cli import tables

    total, _bold = _terminal()
    if tables.width(text) <= total:
        sys.stdout.write(f"{text}\n")
        return
    indent = len(text) - len(text.lstrip(" "))
    lines = tables.wrap(text.strip(), max(10, total - indent - 2))
    out = [" " * indent + lines[0]] + [" " * (indent + 2) + line for line in lines[1:]]
    sys.stdout.write("\n".join(out) + "\n")


def parts(*pieces: str) -> None:
    """A result line made of ``pieces`` (two spaces between them) on stdout; on a terminal
    too narrow for it, each piece on a line of its own, wrapped between words."""
    from resoc_cli import tables

    text = "  ".join(pieces)
    total, _bold = _terminal()
    if tables.width(text) <= total:
        sys.stdout.write(f"{text}\n")
        return
    for piece in pieces:
        sys.stdout.write("\n".join(tables.wrap(piece, total)) + "\n")


def aside(text: str) -> None:
    """A line for the person at the terminal, beside the result (stderr, no prefix)."""
    sys.stderr.write(f"{text}\n")


def note(text: str) -> None:
    """A line for the person at the terminal on stderr (a confirmation beside an id on
    stdout, a new database): stdout stays what scripts read."""
    sys.stderr.write(f"resoc: {text}\n")


def warn(text: str) -> None:
    from resoc_cli.i18n import _, czech_fields

    sys.stderr.write(f"resoc: {_('warning')}: {czech_fields(text)}\n")


def error(text: str) -> None:
    from resoc_cli.i18n import _, czech_fields

    sys.stderr.write(f"resoc: {_('error')}: {czech_fields(text)}\n")


def _terminal() -> tuple[int, bool]:
    """The width to draw in, and whether to draw bold: a terminal's own width (or COLUMNS);
    a pipe or a file gets 200 columns (no rows folded at 80) and no escape codes."""
    tty = sys.stdout.isatty()
    if "COLUMNS" in os.environ:
        try:
            columns = int(os.environ["COLUMNS"])
        except ValueError:
            columns = 80
    elif tty:
        import shutil

        columns = shutil.get_terminal_size().columns
    else:
        columns = 200
    return max(20, columns), tty and not os.environ.get("NO_COLOR")


def terminal() -> tuple[int, bool]:
    """The width to draw in and whether to draw bold (see _terminal)."""
    return _terminal()


def boxes() -> bool:
    """Whether stdout can show box-drawing characters (not cp1250 nor cp1252)."""
    if process.utf8(sys.stdout):
        return True
    try:
        "┏━┃│└─╇┡┩┓┳┴┘".encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def table(
    title: str | None,
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    right: Iterable[str] = (),
    empty: str = "nothing to show",
) -> None:
    """A table on stdout; ``right`` names the columns aligned right (numbers)."""
    from resoc_cli import tables
    from resoc_cli.i18n import _

    rows = list(rows)
    if not rows:
        sys.stdout.write(f"({_(empty)})\n")
        return
    right = set(right)
    dates = [col in DATE_COLUMNS for col in columns]
    text = [[cell(v, d) for v, d in zip(row, dates, strict=False)] for row in rows]
    total, bold = _terminal()
    sys.stdout.write(
        tables.table(
            [_(col) for col in columns],  # column names and titles are catalog messages
            text,
            [col in right for col in columns],
            total,
            keep=[
                d or col in right or col in WHOLE_COLUMNS
                for col, d in zip(columns, dates, strict=True)
            ],
            clip=[col in TEXT_COLUMNS for col in columns],
            drop=[_drop_rank(col, i, len(columns)) for i, col in enumerate(columns)],
            plain=not boxes(),
            title=title and _(title),
            bold=bold,
            hidden=_("(left out at this width: {columns}; a wider window or --json shows them)"),
        )
    )


def fields(title: str | None, pairs: Iterable[tuple[str, object]]) -> None:
    """Key/value lines under a title (client show, db)."""
    from resoc_cli import tables
    from resoc_cli.i18n import _

    total, bold = _terminal()
    if title:
        sys.stdout.write(f"\x1b[1m{title}\x1b[0m\n" if bold else f"{title}\n")
    sys.stdout.write(tables.pairs([(_(k), cell(v)) for k, v in pairs], total, bold=bold))


#: Columns that hold dates (by their English names): their ISO text is shown the language's way
#: (``5. 3. 2026`` in Czech). Other columns are shown as they are: a code or a note that looks
#: like a date stays what it is.
DATE_COLUMNS = frozenset(
    {"born", "closed", "start", "end", "date", "set", "due", "done", "enrolled", "last session",
     "last contact", "release", "contract", "erased", "joined", "left", "last meeting"}
)  # fmt: skip


#: What erasure writes into a field that may not be empty (domain.privacy.ERASED).
ERASED = "(erased)"

#: Columns whose cells are never broken besides dates and numbers: codes and ids.
WHOLE_COLUMNS = frozenset({"id", "code", "client", "programme", "group", "meeting", "setting",
                           "at (UTC)", "by"})  # fmt: skip
#: Free-text columns: one line each, shortened with "…" when the table is narrow.
TEXT_COLUMNS = frozenset({"note", "value", "changes", "record"})
#: Columns a narrow terminal may leave out, the lowest rank first; the others always show.
DROP_FIRST = {
    "note": 1, "meeting": 2, "phase": 3, "contacts": 4, "minor": 5, "last contact": 6,
    "per session": 7, "phases": 7, "closed": 8, "source": 8, "sex": 9, "progress": 9,
    "sessions": 10, "family contact": 10, "attendance": 11, "programme": 12, "last session": 12,
    "status": 13, "born": 14,
}  # fmt: skip


#: Columns always shown, however narrow the terminal: what a row is about.
ALWAYS_SHOWN = frozenset(
    {"id", "code", "client", "name", "date", "hours", "goal", "what", "command", "member",
     "group", "setting", "at (UTC)", "action", "run"}
)  # fmt: skip


def _drop_rank(column: str, index: int, count: int) -> int | None:
    """When a narrow terminal leaves ``column`` out: DROP_FIRST's rank, else after those, the
    rightmost first; None for a column always shown."""
    if column in ALWAYS_SHOWN:
        return None
    if column == "name":  # beside a code, the last to go
        return 1000
    return DROP_FIRST.get(column, 100 + count - index)


def cell(value: object, is_date: bool = False) -> str:
    """A table cell for people: a date (a ``date``, or ISO text in a date column) in the
    language's form, anything else as text."""
    if value is None:
        return ""
    if value == ERASED:  # what erasure leaves in a required field, in the reader's language
        from resoc_cli.i18n import _

        return _("(erased)")
    if isinstance(value, date) or (
        is_date and isinstance(value, str) and len(value) == 10 and _ISO_DAY.fullmatch(value)
    ):
        from resoc_cli.i18n import day

        try:
            return day(value)
        except ValueError:  # looks like a date but is not one: show it as typed
            return value
    return str(value)


def progress_bar(done: int, required: int, width: int = 30) -> str:
    """A text bar; plain characters so it also reads in a pipe or a log."""
    if required <= 0:
        return ""
    filled = min(width, done * width // required)
    return "[" + "#" * filled + "-" * (width - filled) + f"] {min(100, done * 100 // required)}%"


#: Exports longer than this show a progress bar (only on a terminal).
PROGRESS_FROM_ROWS = 5000


def with_progress(rows: Iterable, count, label: str, stream=None) -> Iterable:
    """``rows`` unchanged, with a rich progress bar on stderr while they are consumed.

    Only when stderr is a terminal and ``count()`` (called only then) exceeds
    ``PROGRESS_FROM_ROWS``; in a pipe, a file or cron nothing at all is written."""
    stream = sys.stderr if stream is None else stream
    if not stream.isatty():
        return rows
    total = count()
    if total <= PROGRESS_FROM_ROWS:
        return rows
    return _progress(rows, total, label, stream)


def _progress(rows: Iterable, total: int, label: str, stream) -> Iterable:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    console = Console(file=stream, no_color=bool(os.environ.get("NO_COLOR")))
    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        step = max(1, total // 200)
        for n, row in enumerate(rows, start=1):
            yield row
            if n % step == 0:
                bar.update(task, completed=n)
        bar.update(task, completed=total)
