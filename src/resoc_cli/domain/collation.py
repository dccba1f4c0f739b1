"""Czech alphabetical order (ČSN 97 6030, simplified) for sorting names.

Primary order: a b c č d e f g h ch i j k l m n o p q r ř s š t u v w x y z ž, so č, ř, š, ž
and the digraph ch are letters of their own; other accents (á, ď, é, ě, í, ň, ó, ť, ú, ů, ý)
only break ties. Case breaks ties last.
"""

import unicodedata

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


def czech_key(text: str) -> tuple:
    """A sort key: ``sorted(names, key=czech_key)`` gives Czech order."""
    tokens = _tokens(text)
    primary = []
    for tok in tokens:
        base = _base(tok)
        if base in _PRIMARY:
            primary.append((1, _PRIMARY[base], ""))
        elif base.isdecimal():
            primary.append((0, int(base), ""))
        elif base.isspace():
            primary.append((-1, 0, ""))
        else:
            primary.append((2, 0, base))
    secondary = tuple(tok != _base(tok) for tok in tokens)
    return (tuple(primary), secondary, text.swapcase())
