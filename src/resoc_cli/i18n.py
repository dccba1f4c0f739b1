"""Czech and English: gettext catalogs, the language choice, Czech dates and numbers.

Language: ``--lang cs|en``, then ``RESOC_LANG``, then the locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG``), default English. Catalogs: ``locale/<lang>/LC_MESSAGES/resoc.po`` (the sources) and
the compiled ``resoc.mo`` beside them, shipped in the wheel (``python -m resoc_cli.i18n``
compiles; a test fails when a .mo is out of date or a marked message has no translation).
JSON keys, codes and CSV column names are never translated.
"""

import os
from datetime import date
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("en", "cs")
DOMAIN = "resoc"
_current = "en"


def choose(option: str | None = None, environ=os.environ) -> str:
    """The language to speak: the option, then RESOC_LANG, then the locale, else English."""
    if option and option.strip().lower() not in LANGUAGES:
        option = None  # refused by the CLI, in the language the rest would choose
    candidates = [option, environ.get("RESOC_LANG")]
    candidates += [environ.get(v) for v in ("LC_ALL", "LC_MESSAGES", "LANG")]
    for value in candidates:
        if value:
            code = value.strip().lower()[:2]
            return code if code in LANGUAGES else "en"
    return "en"


def set_language(lang: str) -> None:
    global _current
    _current = lang if lang in LANGUAGES else "en"


def language() -> str:
    return _current


class speaking:
    """``with speaking("cs"):`` the catalog answers in that language, then in the one before
    (a printed paper is in Czech whatever language the terminal speaks)."""

    def __init__(self, lang: str) -> None:
        self.lang, self.before = lang, _current

    def __enter__(self) -> None:
        self.before = _current
        set_language(self.lang)

    def __exit__(self, *exc: object) -> None:
        set_language(self.before)


@cache
def _catalog(lang: str):
    import gettext  # only when a message is looked up: JSON output never pays for it

    if lang == "en":
        return gettext.NullTranslations()
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])
    except OSError:
        return gettext.NullTranslations()


def adopt_for_typer() -> None:
    """Typer words its help sections through the stdlib's default gettext domain ("Options",
    "Arguments", "required", ...): point that domain at this catalog, in this process only."""
    import gettext

    if _current == "en":
        gettext.textdomain("messages")  # the default: Typer's own English
        _restore_language_variable()
        return
    gettext.bindtextdomain(DOMAIN, LOCALE_DIR)
    gettext.textdomain(DOMAIN)
    _LANGUAGE_BEFORE.setdefault("value", os.environ.get("LANGUAGE"))
    os.environ["LANGUAGE"] = _current  # what the stdlib's gettext() reads to pick the catalog


#: LANGUAGE as it was before resoc set it, so that English (in the same process) puts it back.
_LANGUAGE_BEFORE: dict[str, str | None] = {}


def _restore_language_variable() -> None:
    if "value" in _LANGUAGE_BEFORE:
        before = _LANGUAGE_BEFORE.pop("value")
        if before is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = before


def _(message: str) -> str:
    return _catalog(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Czech has three forms (1 klient, 2 klienti, 5 klientů); the catalog knows them."""
    return _catalog(_current).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` as meant in ``context``: one English word, two Czech ones (a *session* of
    the programme is "setkání", a *session* of the terminal is not)."""
    return _catalog(_current).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _catalog(_current).npgettext(context, singular, plural, n)


def day(value: str | date | None) -> str:
    """A date for people: ``5. 3. 2026`` in Czech (with non-breaking spaces, so that the date
    never splits across lines), ISO ``2026-03-05`` in English."""
    if value is None:
        return ""
    d = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{d.day}.\u00a0{d.month}.\u00a0{d.year}" if _current == "cs" else d.isoformat()


#: What a problem's leading field (``born: ...``) is called in a Czech sentence. Options that
#: name people by a list (--late, --absent) stay options: the curator typed them so.
CZECH_FIELDS = {
    "name": "jméno", "born": "datum narození", "sex": "pohlaví", "code": "kód",
    "referral": "doporučení", "status": "situace", "release": "propuštění",
    "release-date": "propuštění", "contract": "smlouva", "contract-date": "smlouva",
    "note": "poznámka", "date": "datum", "month": "měsíc", "year": "rok", "from": "od",
    "to": "do", "since": "od", "until": "do", "due": "termín", "hours": "hodiny",
    "minutes": "minuty", "phase": "fáze", "activity": "činnost", "attendance": "účast",
    "relation": "vztah", "kind": "druh", "member": "člen rodiny", "area": "oblast",
    "outcome": "výsledek", "text": "text", "value": "hodnota", "reason": "důvod",
    "programme": "program", "client": "klient", "group": "skupina", "file": "soubor",
    "columns": "sloupce", "min-hours": "minimum hodin", "sessions": "setkání",
    "session-hours": "délka setkání", "phases": "fáze", "audience": "pro koho",
    "late": "--late", "absent": "--absent", "excused": "--excused", "with": "--with",
    "given": "udělen", "withdrawn": "odvolán", "basis": "právní titul", "keep": "--keep",
    "language": "jazyk", "encoding": "kódování", "format": "formát", "output": "výstup",
}  # fmt: skip

_FIELD = None


def czech_fields(text: str) -> str:
    """``text`` with each problem's leading English field (``born: …``, after ``; `` and after
    ``řádek 3: ``) in Czech words, when the language is Czech."""
    if _current != "cs":
        return text
    global _FIELD
    if _FIELD is None:
        import re

        _FIELD = re.compile(r"(^|; |řádek \d+: )([a-z][a-z-]*)(?=: )")
    return _FIELD.sub(lambda m: m.group(1) + CZECH_FIELDS.get(m.group(2), m.group(2)), text)


def programme(code: str, name: str | None = None) -> str:
    """A programme in a sentence: its code in English (what scripts read), its name in
    quotation marks in Czech („Resocializační program pro dospělé“)."""
    return f"„{name}“" if _current == "cs" and name else code


def programme_of(row) -> str:
    """``programme`` for a row or mapping with ``programme`` and maybe ``programme_name``."""
    keys = row.keys()
    return programme(row["programme"], row["programme_name"] if "programme_name" in keys else None)


_MONTHS = {
    "cs": ("leden", "únor", "březen", "duben", "květen", "červen", "červenec", "srpen", "září",
           "říjen", "listopad", "prosinec"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip


def month(value: str) -> str:
    """A month (``2026-11``) as prose names it: ``listopad 2026``, ``November 2026``."""
    year, number = value.split("-")
    return f"{_MONTHS['cs' if _current == 'cs' else 'en'][int(number) - 1]} {year}"


def czech_se(n: int) -> bool:
    """Whether Czech says ``se`` rather than ``s`` before the number ``n`` read aloud: before
    a word starting with s, š, č, and before dvěma (se 2, se 4 = se čtyřmi, se 6, se 7, se 17,
    se 40, se 100)."""
    if n >= 1000:
        return n // 1000 > 1 and czech_se(n // 1000)  # tisíc is "s tisícem"
    if n >= 100:
        return n // 100 in (1, 2, 4, 6, 7)  # sto, dvě stě, čtyři sta, šest set, sedm set
    if n >= 20:
        return n // 10 in (4, 6, 7)  # čtyřicet, šedesát, sedmdesát
    return n in (2, 4, 6, 7, 14, 16, 17)


def os_error(exc: OSError) -> str:
    """The operating system's reason (``No such file or directory``) in the current language;
    Python gives it in English whatever the locale."""
    import errno

    reasons = {
        errno.ENOENT: _("No such file or directory"),
        errno.EACCES: _("Permission denied"),
        errno.EPERM: _("Operation not permitted"),
        errno.EISDIR: _("Is a directory"),
        errno.ENOTDIR: _("Not a directory"),
        errno.EEXIST: _("File exists"),
        errno.ENOSPC: _("No space left on device"),
        errno.EROFS: _("Read-only file system"),
        errno.ENAMETOOLONG: _("File name too long"),
    }
    return reasons.get(exc.errno or 0) or exc.strerror or type(exc).__name__


def hours(minutes: int) -> str:
    """Minutes as hours: ``2.5 h`` in English, ``2,5 h`` in Czech (a non-breaking space before
    the ``h``: the number and its unit stay on one line)."""
    text = number(format_hours(minutes))
    return text.replace(" h", "\u00a0h") if _current == "cs" else text


def format_hours(minutes: int) -> str:
    """Minutes as hours, the English way: ``1800`` -> ``30 h``, ``1530`` -> ``25.5 h``."""
    from decimal import Decimal

    text = f"{Decimal(minutes) / 60:.2f}".rstrip("0").rstrip(".")
    return f"{text} h"


def number(text: str) -> str:
    """A formatted number for people: ``2.5`` in English, ``2,5`` in Czech."""
    return text.replace(".", ",") if _current == "cs" else text


# --- compiling .po to .mo (own small writer of the GNU .mo format) -------------------------


def read_po(path: Path) -> dict:
    """msgid -> msgstr, or (msgid, msgid_plural) -> [msgstr[0], ...]; the header under ''.

    An entry with a context (``msgctxt``) is keyed ``"ctx\x04msgid"`` as gettext looks it up.
    As GNU msgfmt does, ``#, fuzzy`` entries and empty translations (any plural form empty)
    are left out: gettext then falls back to the English, and the tests see them as missing.
    The header is kept even when marked fuzzy (msgfmt keeps it too)."""
    import ast
    import re

    entries: dict = {}
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        fields: dict[str, str] = {}
        current = None
        fuzzy = False
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,") and "fuzzy" in (f.strip() for f in line[2:].split(",")):
                fuzzy = True
            if not line or line.startswith("#"):
                continue
            if line.startswith('"') and current is not None:
                fields[current] += ast.literal_eval(line)
                continue
            current, _, rest = line.partition(" ")
            fields[current] = ast.literal_eval(rest)
        if "msgid" not in fields:
            continue
        msgid = fields["msgid"]
        if fuzzy and msgid != "":
            continue
        if "msgctxt" in fields:
            msgid = f"{fields['msgctxt']}\x04{msgid}"
        if "msgid_plural" in fields:
            forms = sorted(
                (k for k in fields if k.startswith("msgstr[")), key=lambda k: int(k[7:-1])
            )
            values = [fields[k] for k in forms]
            if values and all(values):
                entries[(msgid, fields["msgid_plural"])] = values
        elif fields.get("msgstr", "") or msgid == "":
            entries[msgid] = fields.get("msgstr", "")
    return entries


def mo_bytes(entries: dict) -> bytes:
    """The GNU .mo file for ``entries`` (as read_po returns them)."""
    import struct

    pairs = []
    for key, value in entries.items():
        if isinstance(key, tuple):
            pairs.append(("\0".join(key).encode(), "\0".join(value).encode()))
        else:
            pairs.append((key.encode(), value.encode()))
    pairs.sort()
    n = len(pairs)
    ids_start = 7 * 4
    strs_start = ids_start + n * 8
    data_start = strs_start + n * 8
    ids_table, strs_table, data = [], [], b""
    for original, _translated in pairs:
        ids_table.append((len(original), data_start + len(data)))
        data += original + b"\0"
    for _original, translated in pairs:
        strs_table.append((len(translated), data_start + len(data)))
        data += translated + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, n, ids_start, strs_start, 0, 0)
    tables = b"".join(struct.pack("<2I", *e) for e in ids_table + strs_table)
    return header + tables + data


def compile_all() -> list[Path]:
    out = []
    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(mo_bytes(read_po(po)))
        out.append(mo)
    return out


if __name__ == "__main__":  # pragma: no cover - a maintenance tool
    for path in compile_all():
        print(f"compiled {path}")
