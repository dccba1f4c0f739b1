"""The SQL resoc's storage writes (SQLite's dialect) as PostgreSQL reads it: the one place
where the two dialects differ in queries (schema_pg.sql is the other, for the schema).

``translate(sql)`` rewrites what PostgreSQL spells otherwise, and nothing else:
* ``?`` parameters become ``%s`` (and a literal ``%`` becomes ``%%``, as psycopg needs);
* ``COLLATE NOCASE`` is the ``nocase`` collation of schema_pg.sql;
* ``x LIKE`` is ``x COLLATE "C" ILIKE`` (SQLite's LIKE ignores ASCII case; PostgreSQL 15
  cannot LIKE under a nondeterministic collation);
* ``group_concat(x)`` is ``string_agg(CAST(x AS text), ',' ORDER BY x)`` (``DISTINCT``
  kept; the order SQLite gives in practice, stated);
* ``ORDER BY code`` (a NOCASE column) orders as SQLite does: ``lower(code) COLLATE "C"``;
* a two-argument ``max(a, b)`` / ``min(a, b)`` is ``greatest`` / ``least``;
* ``INSERT OR IGNORE INTO ...`` is ``INSERT INTO ... ON CONFLICT DO NOTHING``;
* ``sum(condition)`` counts the rows where it holds (SQLite sums booleans as 0 and 1);
* ``CROSS JOIN t ON`` (SQLite's way to fix the join order) is ``JOIN t ON``;
* ``ifnull(`` is ``coalesce(``; ``? IS NULL`` is ``CAST(? AS text) IS NULL`` (a bare
  parameter has no type PostgreSQL could infer).
Statements about SQLite itself (PRAGMA) are for storage.server to answer.

A few reads must see rows that row-level security hides from a worker (the trail's last hash,
every client's code): on a server they read through resoc's functions instead
(``SEES_EVERY_ROW``; schema_pg.sql migration 9)."""

import re
from functools import lru_cache


def _split(sql: str) -> list[tuple[bool, str]]:
    """``sql`` as (is_literal, text) pieces: string literals, quoted names and ``--`` comments
    kept apart (an apostrophe in a comment starts no string)."""
    pieces, start, i = [], 0, 0
    while i < len(sql):
        if sql.startswith("--", i):
            end = sql.find("\n", i)
            end = len(sql) if end == -1 else end
            if start < i:
                pieces.append((False, sql[start:i]))
            pieces.append((True, sql[i:end]))
            i = start = end
            continue
        quote = sql[i]
        if quote in "'\"":
            if start < i:
                pieces.append((False, sql[start:i]))
            end = i + 1
            while end < len(sql):
                if sql[end] == quote:
                    if end + 1 < len(sql) and sql[end + 1] == quote:  # a doubled quote
                        end += 2
                        continue
                    break
                end += 1
            pieces.append((True, sql[i : end + 1]))
            i = start = end + 1
            continue
        i += 1
    if start < len(sql):
        pieces.append((False, sql[start:]))
    return pieces


def _arguments(text: str, open_at: int) -> tuple[list[str], int]:
    """The top-level comma-separated arguments of the call whose "(" is at ``open_at``, and
    the index just after its ")"."""
    depth, args, start, i = 0, [], open_at + 1, open_at
    while i < len(text):
        c = text[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                args.append(text[start:i])
                return args, i + 1
        elif c == "," and depth == 1:
            args.append(text[start:i])
            start = i + 1
        i += 1
    raise RuntimeError("unbalanced parentheses")


def _calls(text: str, name: str, rewrite) -> str:
    """Every call ``name(...)`` in ``text`` (any case) replaced by ``rewrite(args)`` (None:
    left as it is); nested calls first."""
    pattern = re.compile(rf"\b{name}\s*\(", re.IGNORECASE)
    out, pos = [], 0
    while True:
        found = pattern.search(text, pos)
        if found is None:
            out.append(text[pos:])
            return "".join(out)
        open_at = found.end() - 1
        args, after = _arguments(text, open_at)
        args = [_calls(a, name, rewrite) for a in args]
        replaced = rewrite(args)
        out.append(text[pos : found.start()])
        out.append(replaced if replaced is not None else f"{found.group(0)}{','.join(args)})")
        pos = after


def _group_concat(args: list[str]) -> str:
    """In the order SQLite gives in practice (its index order: ascending), stated."""
    first = args[0].strip()
    separator = args[1].strip() if len(args) > 1 else "','"
    if first.upper().startswith("DISTINCT "):
        value = f"CAST({first[9:].strip()} AS text)"
        return f"string_agg(DISTINCT {value}, {separator} ORDER BY {value})"
    return f"string_agg(CAST({first} AS text), {separator} ORDER BY {first})"


#: The columns declared COLLATE NOCASE: SQLite orders them by their ASCII-lowered bytes.
NOCASE_COLUMNS = ("code", "party")


def _order_by(text: str) -> str:
    """``ORDER BY c.code``: as SQLite orders a NOCASE column (ASCII case folded, then bytes),
    not as the server's ICU collation would (which puts ``_`` before digits). Left alone in a
    SELECT DISTINCT (its ORDER BY may name only what it selects) and where ``code`` is an
    output column's alias."""
    if re.search(r"\bSELECT\s+DISTINCT\b", text, re.IGNORECASE):
        return text
    aliased = {c for c in NOCASE_COLUMNS if re.search(rf"\bAS\s+{c}\b", text, re.IGNORECASE)}

    def fold_column(match: re.Match) -> str:
        column = match.group(1)
        if "." not in column and column in aliased:
            return column
        return f'lower({column}) COLLATE "C"'

    def fold(match: re.Match) -> str:
        clause = re.sub(
            rf"(?<![\w.])((?:\w+\.)?(?:{'|'.join(NOCASE_COLUMNS)}))\b(?!\s*\()",
            fold_column,
            match.group(2),
        )
        return match.group(1) + clause

    return re.sub(r"(\bORDER\s+BY\s+)([^)]*?)(?=\bLIMIT\b|\)|$)", fold, text,
                  flags=re.IGNORECASE | re.DOTALL)  # fmt: skip


_CONDITION = re.compile(r"\bIN\b|[<>=]|\bIS\b|\bAND\b|\bOR\b|\bNOT\b|\bLIKE\b", re.I)


def _sum(args: list[str]) -> str | None:
    """``sum(condition)``: SQLite counts a true condition as 1; PostgreSQL sums no booleans.
    Only an argument that is a comparison as a whole (not ``minutes * (a = ?)``)."""
    arg = args[0].strip() if len(args) == 1 else ""
    if not arg or arg.upper().startswith(("CASE", "DISTINCT")) or not _CONDITION.search(arg):
        return None
    if re.search(r"[*/+-]", re.sub(r"'[^']*'", "", arg)):  # arithmetic: a weighted sum
        return None
    return f"sum(CASE WHEN {arg} THEN 1 ELSE 0 END)"


def _two(function: str):
    def rewrite(args: list[str]) -> str | None:
        return f"{function}({','.join(args)})" if len(args) == 2 else None

    return rewrite


#: Statements (whitespace aside) that read through a function seeing every row on a server.
SEES_EVERY_ROW = {
    "SELECT hash FROM audit ORDER BY id DESC LIMIT 1":
        "SELECT hash FROM (SELECT resoc_audit_head() AS hash) AS head WHERE hash IS NOT NULL",
    "SELECT code FROM clients WHERE code LIKE 'K%'":
        "SELECT code FROM resoc_client_codes() AS code WHERE code LIKE 'K%'",
    "SELECT 1 FROM clients WHERE code = ? COLLATE NOCASE":
        "SELECT 1 FROM resoc_client_codes() AS code WHERE code = ? COLLATE NOCASE",
}  # fmt: skip


@lru_cache(maxsize=1024)
def translate(sql: str, parameters: bool = True, named: bool = False) -> str:
    """``sql`` in PostgreSQL's dialect (see the module's text); ``parameters``: whether it
    will be sent with parameters (then ``%`` is doubled, as psycopg expects); ``named``:
    they are a mapping (``:name`` becomes ``%(name)s``)."""
    sql = SEES_EVERY_ROW.get(" ".join(sql.split()), sql)
    literals: list[str] = []

    def mask(literal: str) -> str:
        literals.append(literal)
        return f"\x01{len(literals) - 1}\x01"

    text = "".join(mask(piece) if literal else piece for literal, piece in _split(sql))
    text = re.sub(r"\bCOLLATE\s+NOCASE\b", "COLLATE nocase", text, flags=re.IGNORECASE)
    text = re.sub(r"\bifnull\s*\(", "coalesce(", text, flags=re.IGNORECASE)
    # a bare parameter tested for NULL has no type PostgreSQL could infer
    text = re.sub(r"\?(\s+IS\s+(?:NOT\s+)?NULL)", r"CAST(? AS text)\1", text, flags=re.IGNORECASE)
    text = re.sub(
        r"([A-Za-z_][A-Za-z0-9_.]*)\s+(NOT\s+)?LIKE\b",
        r'\1 COLLATE "C" \2ILIKE',
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r"(:[A-Za-z_]\w*)(\s+IS\s+(?:NOT\s+)?NULL)", r"CAST(\1 AS text)\2", text,
                  flags=re.IGNORECASE)  # fmt: skip
    text = _order_by(text)
    ignore = re.match(r"\s*INSERT\s+OR\s+IGNORE\s+INTO\b", text, flags=re.IGNORECASE)
    if ignore:
        text = re.sub(r"INSERT\s+OR\s+IGNORE\s+INTO", "INSERT INTO", text, count=1,
                      flags=re.IGNORECASE)  # fmt: skip
    text = re.sub(r"\bCROSS\s+JOIN(\s+\w+(?:\s+\w+)?\s+ON)\b", r"JOIN\1", text,
                  flags=re.IGNORECASE)  # fmt: skip
    text = _calls(text, "sum", _sum)
    text = _calls(text, "group_concat", _group_concat)
    text = _calls(text, "max", _two("greatest"))
    text = _calls(text, "min", _two("least"))
    if ignore:
        text = text.rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
    if parameters:
        text = text.replace("%", "%%").replace("?", "%s")
        if named:
            text = re.sub(r"(?<![:\w]):([A-Za-z_]\w*)", r"%(\1)s", text)
    return re.sub(
        "\x01(\\d+)\x01",
        lambda m: (
            literals[int(m.group(1))].replace("%", "%%")
            if parameters
            else literals[int(m.group(1))]
        ),
        text,
    )
