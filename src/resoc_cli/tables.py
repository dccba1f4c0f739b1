"""Tables as text, in the look of rich's default table (a heavy head, light body), drawn with
the standard library: importing rich costs a read command more than the query and the
rendering together, and tables need none of its machinery. When a table is wider than the
terminal, the widest columns give way and their cells wrap between words; dates, codes and
numbers are never broken, free text (notes) is shortened with "…", and on a narrow terminal
the least important columns are left out (named under the table). A word is cut only when
a table cannot fit even then.
"""

import unicodedata
from collections.abc import Sequence

#: The narrowest a column gets when a table must shrink.
MIN_WIDTH = 4
#: A word longer than this may be cut rather than widen its column.
LONGEST_WORD = 24


def width(text: str) -> int:
    """Columns a text takes on a terminal (wide East Asian characters 2, combining marks 0)."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def _cut(word: str, limit: int) -> list[str]:
    pieces, piece = [], ""
    for c in word:
        if piece and width(piece + c) > limit:
            pieces.append(piece)
            piece = ""
        piece += c
    return [*pieces, piece]


def wrap(text: str, limit: int) -> list[str]:
    """``text`` in lines of at most ``limit`` columns, broken between words."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if width(candidate) <= limit:
                current = candidate
                continue
            if current:
                lines.append(current)
            pieces = _cut(word, limit) if width(word) > limit else [word]
            lines += pieces[:-1]
            current = pieces[-1]
        lines.append(current)
    return lines


def _pad(text: str, size: int, right: bool) -> str:
    gap = " " * max(0, size - width(text))
    return gap + text if right else text + gap


def _fit(
    natural: list[int], body: list[int], floor: list[int], keep: list[bool], room: int
) -> list[int]:
    """Column widths that fit ``room``: first the headings wrap (down to what the ``body``
    cells need), then the column with the most to spare above its floor gives way; only
    when every column is at its floor are words cut (down to MIN_WIDTH), never a ``keep``
    column's cells."""
    sizes = list(natural)
    last = [f if k else min(f, MIN_WIDTH) for f, k in zip(floor, keep, strict=True)]
    headings = [max(b, f) for b, f in zip(body, floor, strict=True)]
    for least in (headings, floor, last):
        while sum(sizes) > room:
            spare = [s - f for s, f in zip(sizes, least, strict=True)]
            widest = max(range(len(sizes)), key=lambda i: (spare[i], sizes[i]))
            if spare[widest] <= 0:
                break
            sizes[widest] -= 1
    return sizes


def _floor(header: str, cells: list[str], keep: bool, clip: bool) -> int:
    """The least width of a column before words are cut: its longest word (a whole cell of a
    ``keep`` column: a date, a code, a number), at most ``LONGEST_WORD``; a ``clip`` column
    (free text, shortened with an ellipsis) gives way down to CLIP_WIDTH."""
    header_word = max((width(w) for w in header.split(" ")), default=0)
    if keep:
        return max([header_word] + [width(c) for c in cells])
    if clip:
        natural = max([width(line) for c in cells for line in c.split("\n")], default=0)
        return max(header_word, min(CLIP_WIDTH, natural))
    words = [w for text in (header, *cells) for w in _words(text)]
    return max(MIN_WIDTH, min(LONGEST_WORD, max((width(w) for w in words), default=0)))


def _words(text: str) -> list[str]:
    """The words of ``text``, between spaces and line breaks; a non-breaking space (inside
    a Czech date, before "h") holds its word together."""
    return [w for w in text.replace("\n", " ").split(" ") if w]


def shorten(text: str, limit: int) -> str:
    """``text`` on one line of at most ``limit`` columns, ending in "…" when shortened."""
    text = " ".join(_words(text))
    if width(text) <= limit:
        return text
    out = ""
    for c in text:
        if width(out + c) > limit - 1:
            break
        out += c
    return out.rstrip() + "…"


#: A free-text column (a note) gives way down to this width; its text is then shortened.
CLIP_WIDTH = 12


def _frame(n: int) -> int:
    """The columns a table's borders and padding take around ``n`` columns."""
    return 3 * n + 1


def _shown(floor: list[int], drop: list[int | None], room: int) -> list[int]:
    """The indexes of the columns to show in ``room``: when even their floors do not fit, the
    least important columns (the lowest ``drop`` rank; None is never dropped) go first."""
    shown = list(range(len(floor)))
    order = sorted((r, i) for i, r in enumerate(drop) if r is not None)
    for _rank, i in order:
        if sum(floor[j] for j in shown) + _frame(len(shown)) <= room:
            break
        shown.remove(i)
    return shown


def table(
    columns: Sequence[str],
    rows: list[list[str]],
    right: Sequence[bool],
    total: int,
    *,
    keep: Sequence[bool] = (),
    clip: Sequence[bool] = (),
    drop: Sequence[int | None] = (),
    title: str | None = None,
    bold: bool = False,
    plain: bool = False,
    hidden: str | None = None,
) -> str:
    """A boxed table of ``rows`` (cells as text) under ``columns``, at most ``total`` wide.

    The cells of a ``keep`` column (a date, a code, a number) are never broken; a ``clip``
    column (free text) is one line, shortened with "…"; other cells wrap between words. When
    the columns do not fit even so, those with a ``drop`` rank are left out, the lowest rank
    first, and ``hidden`` (a line with ``{columns}``) names them under the table. ``plain``
    draws the box in ASCII (a console whose encoding has no box-drawing characters: cp1250,
    cp1252)."""
    n = len(columns)
    keep = list(keep) or [False] * n
    clip = list(clip) or [False] * n
    drop = list(drop) or [None] * n
    floor = [_floor(columns[i], [r[i] for r in rows], keep[i], clip[i]) for i in range(n)]
    shown = _shown(floor, drop, total)
    left_out = [columns[i] for i in range(n) if i not in shown]
    columns = [columns[i] for i in shown]
    rows = [[r[i] for i in shown] for r in rows]
    right, keep, clip, floor = ([v[i] for i in shown] for v in (right, keep, clip, floor))
    n = len(columns)
    body = [max([0] + [width(line) for r in rows for line in r[i].split("\n")]) for i in range(n)]
    natural = [max(width(columns[i]), body[i]) for i in range(n)]
    sizes = _fit(natural, body, floor, keep, total - _frame(n))
    inner = sum(sizes) + 3 * n - 1

    def rule(left: str, fill: str, middle: str, end: str) -> str:
        return left + middle.join(fill * (s + 2) for s in sizes) + end

    def block(cells: Sequence[str], edge: str, style: tuple[str, str] = ("", ""), *,
              head: bool = False) -> list[str]:  # fmt: skip
        wrapped = [
            [shorten(c, s)] if k and not head else wrap(c, s)
            for c, s, k in zip(cells, sizes, clip, strict=True)
        ]
        height = max(len(w) for w in wrapped)
        out = []
        for k in range(height):
            parts = [
                style[0] + _pad(w[k] if k < len(w) else "", s, r) + style[1]
                for w, s, r in zip(wrapped, sizes, right, strict=True)
            ]
            out.append(f"{edge} " + f" {edge} ".join(parts) + f" {edge}")
        return out

    lines = []
    if title:
        lines += [_pad(t, inner + 2, False) for t in wrap(title, inner + 2)]
    heavy, light = ("+=|", "+-|") if plain else ("╇━┃", "┼─│")
    lines.append(rule("+", "=", "+", "+") if plain else rule("┏", "━", "┳", "┓"))
    lines += block(columns, heavy[2], ("\x1b[1m", "\x1b[0m") if bold else ("", ""), head=True)
    lines.append(rule("+", "=", "+", "+") if plain else rule("┡", "━", "╇", "┩"))
    for r in rows:
        lines += block(r, light[2])
    lines.append(rule("+", "-", "+", "+") if plain else rule("└", "─", "┴", "┘"))
    if left_out and hidden:
        lines += wrap(hidden.format(columns=", ".join(left_out)), total)
    return "\n".join(lines) + "\n"


def pairs(items: list[tuple[str, str]], total: int, *, bold: bool = False) -> str:
    """Key/value lines: the keys in a column, the values beside them (wrapped to fit)."""
    if not items:
        return ""
    key_size = max(width(k) for k, _v in items)
    value_room = max(MIN_WIDTH, total - key_size - 2)
    value_size = min(value_room, max(width(line) for _k, v in items for line in v.split("\n")))
    out = []
    for key, value in items:
        shown = _pad(key, key_size, False)
        if bold:
            shown = f"\x1b[1m{shown}\x1b[0m"
        for k, part in enumerate(wrap(value, value_size) if value_size else [""]):
            head = shown if k == 0 else " " * key_size
            out.append(f"{head}  {_pad(part, value_size, False)}")
    return "\n".join(out) + "\n"
