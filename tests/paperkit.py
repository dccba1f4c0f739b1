"""What the tests of resoc print share: a PDF's text, a Czech date, a printed paper."""

import re
from datetime import date

from pypdf import PdfReader


def text_of(path) -> str:
    """The PDF's text on one line: hyphenation undone, every run of whitespace (the
    non-breaking spaces of Czech typography too) one space."""
    raw = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    raw = re.sub("[\u00ad-]\\s*\n", "", raw)
    return re.sub(r"\s+", " ", raw)


def czech_day(d: date) -> str:
    return f"{d.day}. {d.month}. {d.year}"


def printed(resoc, tmp_path, *args, name="paper.pdf"):
    """Run ``resoc print ARGS -o tmp/name``; the run and the file's path."""
    out = tmp_path / name
    run = resoc("print", *args, "-o", str(out))
    return run, out


def nothing_written(folder) -> bool:
    return not [p for p in folder.iterdir() if p.suffix in (".pdf", ".part")]
