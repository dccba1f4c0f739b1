"""Czech alphabetical order (ČSN 97 6030, simplified) for sorting names.

Primary order: a b c č d e f g h ch i j k l m n o p q r ř s š t u v w x y z ž, so č, ř, š, ž
and the digraph ch are letters of their own; other accents (á, ď, é, ě, í, ň, ó, ť, ú, ů, ý)
only break ties. Case breaks ties last.
"""

import unicodedata
from functools import cache

_ALPHABET = [
    "a",
    "b",
    "c",
    "č",
    "d",
    "e",
    "f",
    "g",
    "h",
    "ch",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "ř",
    "s",
    "š",
    "t",
    "u",
    "v",
    "w",
    "x",
    "y",
    "z",
    "ž",
]
_PRIMARY = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_OWN_LETTERS = {"č", "ř", "š", "ž"}


def _tokens(text: str) -> list[str]:
    low = text.lower()
    if "ch" not in low:
        return list(low)
    out, i = [], 0
    while i < len(low):
        if low[i : i + 2] == "ch":
            out.append("ch")
            i += 2
        else:
            out.append(low[i])
            i += 1
    return out


def _base(token: str) -> str:
    if token in _PRIMARY:
        return token
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", token) if not unicodedata.combining(c)
    )
    return stripped if stripped not in _OWN_LETTERS else token


@cache
def _weight(token: str) -> tuple[str, str]:
    """(primary weight, accent flag) of one token, each one character, so a whole key is two
    plain strings that compare fast. Order: spaces, digits, the Czech alphabet, anything else
    by its base character. Tokens are few, so each is worked out once."""
    base = _base(token)
    if base in _PRIMARY:
        primary = chr(0x100 + _PRIMARY[base])
    elif base.isdecimal() and len(base) == 1:
        primary = chr(0x10 + int(base))
    elif base.isspace():
        primary = "\x01"
    else:
        primary = chr(min(0x10FFFF, 0x200 + ord(base[:1] or "\0")))
    return primary, "1" if token != base else "0"


class _Table(dict):
    """A str.translate table that works out a character's weight on first sight."""

    def __init__(self, part: int) -> None:
        super().__init__()
        self.part = part

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = _weight("ch" if char == _CH else char)[self.part]
        return self[code]


_CH = "\ue000"  # stands for the digraph "ch" while translating (a private-use character)
_PRIMARY_TABLE, _ACCENT_TABLE = _Table(0), _Table(1)
# NUL separates the texts of czech_keys; no weight is NUL, so it splits the results cleanly.
_PRIMARY_TABLE[0] = _ACCENT_TABLE[0] = "\0"


def czech_key(text: str) -> tuple[str, str, str]:
    """A sort key: ``sorted(names, key=czech_key)`` gives Czech order.

    Two ``str.translate`` passes (C speed) over the lower-cased text with "ch" as one
    character: the primary weights, then the accent flags; case breaks the last ties."""
    text = unicodedata.normalize("NFC", text)
    low = text.lower().replace(_CH, "").replace("ch", _CH)
    return (low.translate(_PRIMARY_TABLE), low.translate(_ACCENT_TABLE), text.swapcase())


def czech_keys(texts: list[str]) -> list[tuple[str, str, str]]:
    """``[czech_key(t) for t in texts]``, in a handful of C-speed passes over all of them at
    once (a 10,000-client caseload sorts in milliseconds)."""
    if not texts or any("\0" in t or _CH in t for t in texts):
        return [czech_key(t) for t in texts]
    joined = unicodedata.normalize("NFC", "\0".join(texts))
    low = joined.lower().replace("ch", _CH)
    return list(
        zip(
            low.translate(_PRIMARY_TABLE).split("\0"),
            low.translate(_ACCENT_TABLE).split("\0"),
            joined.swapcase().split("\0"),
            strict=True,
        )
    )


def fold(text: str) -> str:
    """Text for matching what a curator types: case and accents dropped (``Novák`` -> ``novak``)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def person_key(name: str, born: str) -> tuple[str, str]:
    """Who a client is for finding a duplicate: the name with case, accents and spacing
    folded (``FERDA  Mravenec`` is ``Ferda Mravenec``), and the birth date (ISO)."""
    return " ".join(fold(name).split()), born
