"""All output goes through here: JSON documents, rich tables, one-line messages.

rich is imported only inside the functions that draw, so quick commands with --json or plain
one-line answers never pay for it.
"""

import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from datetime import date

_ENCODE_STR = json.encoder.encode_basestring  # the C escaper behind ensure_ascii=False
_PLAIN = {str: _ENCODE_STR, int: int.__repr__, bool: lambda v: "true" if v else "false"}
_PLAIN[type(None)] = lambda v: "null"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def emit_json(document: object) -> None:
    """Print one JSON document to stdout and nothing else.

    An object is indented; a list has one compact row per line. Rows that are flat objects
    sharing their keys (the caseload, exports) go through a format template, byte for byte
    what ``json.dumps(row, ensure_ascii=False)`` writes, at a fraction of its cost."""
    if isinstance(document, list):
        sys.stdout.write("[\n" + ",\n".join(_rows(document)) + "\n]\n" if document else "[]\n")
        return
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=str))
    sys.stdout.write("\n")


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


def warn(text: str) -> None:
    from resoc_cli.i18n import _

    sys.stderr.write(f"resoc: {_('warning')}: {text}\n")


def error(text: str) -> None:
    from resoc_cli.i18n import _

    sys.stderr.write(f"resoc: {_('error')}: {text}\n")


def _console(stderr: bool = False):
    from rich.console import Console

    console = Console(stderr=stderr, no_color="NO_COLOR" in os.environ, highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = 200  # a pipe or a file: do not fold rows at 80 columns
    return console


def table(
    title: str | None,
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    right: Iterable[str] = (),
    empty: str = "nothing to show",
) -> None:
    """A rich table on stdout; ``right`` names the columns aligned right (numbers)."""
    from rich.table import Table
    from rich.text import Text

    from resoc_cli.i18n import _

    rows = list(rows)
    console = _console()
    if not rows:
        console.print(f"({_(empty)})")
        return
    right = set(right)
    t = Table(title=title and _(title), title_justify="left", header_style="bold")
    for col in columns:  # column names and titles are catalog messages (English msgids)
        t.add_column(_(col), justify="right" if col in right else "left", overflow="fold")
    dates = [col in DATE_COLUMNS for col in columns]
    for row in rows:  # data is never markup
        t.add_row(*(Text(cell(v, d)) for v, d in zip(row, dates, strict=False)))
    console.print(t)


def fields(title: str | None, pairs: Iterable[tuple[str, object]]) -> None:
    """A two-column key/value panel (client show, db)."""
    from rich.table import Table
    from rich.text import Text

    from resoc_cli.i18n import _

    console = _console()
    if title:
        console.print(Text(title, style="bold"))
    t = Table(show_header=False, box=None, pad_edge=False)
    t.add_column(style="bold")
    t.add_column(overflow="fold")
    for key, value in pairs:
        t.add_row(_(key), Text(cell(value)))
    console.print(t)


#: Columns that hold dates (by their English names): their ISO text is shown the language's way
#: (``5. 3. 2026`` in Czech). Other columns are shown as they are: a code or a note that looks
#: like a date stays what it is.
DATE_COLUMNS = frozenset(
    {"born", "closed", "start", "end", "date", "set", "due", "done", "enrolled", "last session",
     "last contact", "release", "contract", "erased"}
)  # fmt: skip


def cell(value: object, is_date: bool = False) -> str:
    """A table cell for people: a date (a ``date``, or ISO text in a date column) in the
    language's form, anything else as text."""
    if value is None:
        return ""
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

    console = Console(file=stream, no_color="NO_COLOR" in os.environ)
    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        step = max(1, total // 200)
        for n, row in enumerate(rows, start=1):
            yield row
            if n % step == 0:
                bar.update(task, completed=n)
        bar.update(task, completed=total)
