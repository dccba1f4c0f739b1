"""Reading and writing the exchange files: csv (plain or --excel), json, jsonl.

Rows stream through: writers take an iterator and never hold the whole export in memory.
"""

import codecs
import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from resoc_cli.domain.exchange import excel_number, formula_like, neutralise, unneutralise
from resoc_cli.errors import InvalidInput
from resoc_cli.files import atomic_path, remove_tree
from resoc_cli.i18n import _, os_error
from resoc_cli.process import silence_stdout

FORMATS = ("csv", "json", "jsonl")
EXPORT_FORMATS = (*FORMATS, "xlsx")
#: Rows of data an xlsx worksheet holds (1,048,576 minus the header row).
XLSX_MAX_ROWS = 1_048_575


def write_rows(
    out, columns: Sequence[str], rows: Iterable[Sequence], fmt: str, *, excel: bool = False
) -> int:
    """Write rows (sequences in ``columns`` order) to a text stream; returns the row count."""
    n = 0
    if fmt == "csv":
        writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            cells = [_csv_cell(v) for v in row]
            writer.writerow([excel_number(v) for v in cells] if excel else cells)
            n += 1
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False))
            out.write("\n")
            n += 1
    else:
        out.write("[")
        for row in rows:
            out.write(",\n" if n else "\n")
            out.write(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False))
            n += 1
        out.write("\n]\n" if n else "]\n")
    return n


def _csv_cell(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(value)


@contextmanager
def output(path: str | None, *, bom: bool = False) -> Iterator:
    """stdout, or a file written atomically: a temp file beside it, renamed when complete."""
    encoding = "utf-8-sig" if bom else "utf-8"
    if path is None:
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding=encoding, newline="")
        try:
            yield stream
        finally:
            try:
                stream.flush()
            except OSError:  # a full disk, a closed pipe: what is left goes nowhere
                silence_stdout()
                raise
            finally:
                with suppress(OSError, ValueError):
                    stream.detach()  # never closes stdout, as a collected wrapper would
        return
    with (
        atomic_path(path, "output") as tmp,
        open(tmp, "w", encoding=encoding, newline="") as stream,
    ):
        yield stream


def read_records(path: str, encoding: str | None, fmt: str | None):
    """``(columns, records)``: records are ``(line number, {column: text})``.

    Without ``encoding``: UTF-8, or what a byte-order mark says (UTF-8, UTF-16 LE or BE: a
    spreadsheet's "Unicode text"), or UTF-16 without one when every other byte is NUL. The csv
    delimiter is the one of ``,``, ``;`` and tab the header row holds most of.
    A csv file is read as a stream (memory stays flat however long it is); a byte the encoding
    cannot read is an InvalidInput when the reading reaches it.
    """
    try:
        info = codecs.lookup(encoding or "utf-8-sig")
        if not getattr(info, "_is_text_encoding", True):  # base64, rot13: not for text
            raise LookupError(encoding)
        b"a".decode(info.name, "ignore")  # "undefined" is a codec that decodes nothing
    except (LookupError, UnicodeError):
        raise InvalidInput(
            _("encoding: unknown encoding {encoding!r}").format(encoding=encoding)
        ) from None
    if encoding is None:
        with _reading(path), open(path, "rb") as f:
            encoding = sniff_encoding(f.read(4096))
    with _reading(path, encoding), open(path, encoding=encoding, newline="") as f:
        start = f.read(4096)
    fmt = fmt or _guess_format(path, start.removeprefix("\ufeff"))
    if fmt == "csv":
        return _read_csv(path, encoding)
    if fmt == "jsonl":
        return _read_jsonl(path, encoding)
    with _reading(path, encoding):
        text = Path(path).read_bytes().decode(encoding).removeprefix("\ufeff")
    return _read_json(text)


def sniff_encoding(start: bytes) -> str:
    """The encoding of a file that begins with ``start`` when none was given: its byte-order
    mark's (UTF-16 LE as Excel and LibreOffice save "Unicode text", UTF-16 BE, UTF-8), UTF-16
    without a mark when most odd (LE) or even (BE) bytes are NUL and the others hardly ever,
    else UTF-8 (a BOM allowed)."""
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # the codec reads the mark and the byte order from it
    if start.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    sample = start[: len(start) // 2 * 2]
    if len(sample) >= 4 and sample.count(0):
        half = len(sample) // 2
        even, odd = sample[0::2].count(0) / half, sample[1::2].count(0) / half
        if odd >= 0.6 and even <= 0.05:  # Czech letters (ř: 59 01) are not NUL-high
            return "utf-16-le"
        if even >= 0.6 and odd <= 0.05:
            return "utf-16-be"
    return "utf-8-sig"


@contextmanager
def _reading(path: str, encoding: str | None = None) -> Iterator[None]:
    """A file that cannot be read, or is not in its encoding: one InvalidInput."""
    try:
        yield
    except OSError as exc:
        raise InvalidInput(
            _("file: cannot read {path}: {error}").format(path=path, error=os_error(exc))
        ) from None
    except UnicodeError:  # UnicodeDecodeError, and UTF-16's plain UnicodeError (no BOM)
        if encoding and encoding.replace("_", "-").lower() not in ("utf-8", "utf8", "utf-8-sig"):
            raise InvalidInput(
                _("file: {path} cannot be read as {encoding}").format(path=path, encoding=encoding)
            ) from None
        raise InvalidInput(
            _(
                "file: {path} is not UTF-8 (older Czech spreadsheets write cp1250:"
                " add --encoding cp1250)"
            ).format(path=path)
        ) from None


def _guess_format(path: str, text: str) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    start = text.lstrip()[:1]
    return "json" if start == "[" else "jsonl" if start == "{" else "csv"


def _read_csv(path: str, encoding: str):
    # A cell may be as long as the file: validation, not the csv module, refuses long values.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with _reading(path, encoding):
        f = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by records()
        try:
            first = f.readline().removeprefix("\ufeff")
            f.seek(0)
            delimiter = max((",", ";", "\t"), key=first.count)  # a tie: the comma
            reader = csv.reader(f, delimiter=delimiter)
            header = next(reader, None)
        except BaseException:
            f.close()
            raise
    if header is None:
        f.close()
        raise InvalidInput(_("file: empty, no header row"))
    columns = [h.strip().lower() for h in header]
    if columns:
        columns[0] = columns[0].removeprefix("\ufeff")

    def records():
        with f, _reading(path, encoding):
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                line = reader.line_num
                if len(row) > len(columns):
                    yield line, {"__extra__": str(len(row) - len(columns))}
                    continue
                yield line, dict(zip(columns, map(unneutralise, row), strict=False))

    return columns, records()


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _read_jsonl(path: str, encoding: str):
    """Two passes over the file, each a stream: the first checks every line and finds the
    columns, the second yields the records."""

    def objects() -> Iterator[tuple[int, dict]]:
        with _reading(path, encoding), open(path, encoding=encoding, newline=None) as f:
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    obj = _loads(line.removeprefix("\ufeff"))
                except json.JSONDecodeError as exc:
                    raise InvalidInput(
                        _("line {number}: not valid JSON ({error})").format(
                            number=number, error=exc.msg
                        )
                    ) from None
                except RecursionError:
                    raise InvalidInput(
                        _("line {number}: JSON nested too deeply").format(number=number)
                    ) from None
                if not isinstance(obj, dict):
                    raise InvalidInput(_("line {number}: not a JSON object").format(number=number))
                yield number, {k.lower(): _as_text(v) for k, v in obj.items()}

    columns = list(dict.fromkeys(k for _, obj in objects() for k in obj))
    return columns, objects()


def _loads(text: str):
    """JSON with its numbers kept as the text they were (every value is read as text): a
    number of 5,000 digits is a value for validation to refuse, not a conversion limit."""
    return json.loads(text, parse_int=str, parse_float=str, parse_constant=str)


def _read_json(text: str):
    try:
        data = _loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            _("file: not valid JSON (line {number}: {error})").format(
                number=exc.lineno, error=exc.msg
            )
        ) from None
    except RecursionError:
        raise InvalidInput(_("file: JSON nested too deeply")) from None
    if not isinstance(data, list) or not all(isinstance(o, dict) for o in data):
        raise InvalidInput(_("file: JSON must be a list of objects, as export writes it"))
    parsed = [
        (i, {k.lower(): _as_text(v) for k, v in obj.items()}) for i, obj in enumerate(data, 1)
    ]
    columns = list(dict.fromkeys(k for _, obj in parsed for k in obj))
    return columns, iter(parsed)


def write_xlsx(
    path: str,
    columns: Sequence[str],
    rows: Iterable[Sequence],
    date_columns: frozenset[str],
    hours_columns: frozenset[str] = frozenset(),
) -> int:
    """An xlsx workbook (XlsxWriter, streamed row by row): dates as dates, numbers as numbers,
    hours shown with up to 2 decimals, a frozen bold header row with an autofilter, column
    widths that fit the longest cell, and text a spreadsheet would run as a formula kept as
    text (quote prefix, nothing added to it). Printed on A4 landscape, one page wide, the
    header on every page. Returns the row count."""
    from datetime import date

    import xlsxwriter

    with atomic_path(path, "output") as tmp:
        # XlsxWriter's own temporary files (the rows, the parts of the zip) beside the target
        # in a private folder of resoc's naming, never in the system's /tmp: removed with the
        # temp file on any failure (atomic_path) and swept by a later run after a SIGKILL.
        scratch = f"{tmp}-tmp"
        os.mkdir(scratch, 0o700)
        options = {"constant_memory": True, "in_memory": False, "tmpdir": scratch}
        book = xlsxwriter.Workbook(tmp, options)
        try:
            sheet = book.add_worksheet("data")
            bold = book.add_format({"bold": True})
            as_date = book.add_format({"num_format": "d.m.yyyy"})
            as_hours = book.add_format({"num_format": "0.0#"})
            as_text = book.add_format({"quote_prefix": True})
            widths = [len(c) for c in columns]
            is_date = [c in date_columns for c in columns]
            is_hours = [c in hours_columns for c in columns]
            for col, name in enumerate(columns):
                sheet.write_string(0, col, name, bold)
            n = 0
            for n, row in enumerate(rows, start=1):
                if n > XLSX_MAX_ROWS:
                    raise InvalidInput(
                        _(
                            "format: a worksheet holds at most {rows} rows and this export has"
                            " more; use csv, or a shorter period (--month, --from/--to)"
                        ).format(rows=XLSX_MAX_ROWS)
                    )
                for col, value in enumerate(row):
                    if value is None or value == "":
                        continue
                    if is_date[col] and isinstance(value, str):
                        sheet.write_datetime(n, col, date.fromisoformat(value), as_date)
                        width = 10
                    elif isinstance(value, bool):
                        sheet.write_boolean(n, col, value)
                        width = 5
                    elif is_hours[col]:
                        sheet.write_number(n, col, value, as_hours)
                        width = len(f"{value:.2f}")
                    elif isinstance(value, int | float):
                        sheet.write_number(n, col, value)
                        width = len(str(value))
                    else:
                        text = str(value)
                        sheet.write_string(n, col, text, as_text if formula_like(text) else None)
                        width = max(len(part) for part in text.splitlines() or [""])
                    if width > widths[col]:
                        widths[col] = width
            for col, width in enumerate(widths):
                sheet.set_column(col, col, min(width, 60) + 2)
            sheet.freeze_panes(1, 0)
            # In constant-memory mode the rows are on disk already; the filter's range is
            # only a note in the sheet, written at close, so it can wait for the count.
            sheet.autofilter(0, 0, n, len(columns) - 1)
            sheet.set_paper(9)  # A4
            sheet.set_landscape()
            sheet.fit_to_pages(1, 0)  # one page wide, as many long as it takes
            sheet.repeat_rows(0)
        finally:
            try:
                book.close()
            finally:
                remove_tree(scratch)
    return n
