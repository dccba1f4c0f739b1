"""Shell completion (bash, zsh, fish, PowerShell) that answers in milliseconds.

The shell function installed by ``resoc completion SHELL`` runs ``resoc`` with the words typed
so far and ``_RESOC_COMPLETE`` set; ``quick.main`` hands those runs to :func:`answer` before
Typer is even imported. Commands and options come from ``completion_spec.SPEC`` (generated
from the Typer app; a test keeps them in step), values from the database: client codes with
their names, programme and group codes, the family members and plan goals of the client on
the line, the ids of sessions, meetings and contacts (newest first), today and yesterday for
a date, and the choices of an option (activities, attendance, areas, ...).
"""

import os
import sys

SCRIPTS = {
    "bash": """_resoc_complete() {
    local IFS=$'\\n'
    COMPREPLY=($(_RESOC_COMPLETE=bash resoc "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _resoc_complete resoc
""",
    "zsh": """_resoc_complete() {
    local -a items
    items=("${(@f)$(_RESOC_COMPLETE=zsh resoc "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    _describe 'resoc' items
}
compdef _resoc_complete resoc
""",
    "fish": "complete -c resoc -f -a '(_RESOC_COMPLETE=fish resoc"
    " (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'\n",
    # PowerShell hands the whole line; the words after "resoc" (and an empty one when the
    # cursor stands after a space) go to the same protocol, one "value<TAB>description" a line.
    "powershell": """Register-ArgumentCompleter -Native -CommandName resoc -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements | Select-Object -Skip 1 |
        Where-Object { $_.Extent.EndOffset -le $cursorPosition } |
        ForEach-Object { $_.Extent.Text })
    if ($wordToComplete -eq '') { $words += '' }
    $env:_RESOC_COMPLETE = 'powershell'
    try { $lines = & resoc @words 2>$null } finally { Remove-Item Env:_RESOC_COMPLETE }
    foreach ($line in $lines) {
        $value, $description = $line -split "`t", 2
        if (-not $description) { $description = $value }
        [System.Management.Automation.CompletionResult]::new(
            $value, $value, 'ParameterValue', $description)
    }
}
""",
}

#: Options that take a day: they complete to the words parse_date reads, not to file names.
DATE_OPTIONS = frozenset(
    {"--date", "--from", "--to", "--since", "--until", "--contract", "--agreed", "--review"}
)


def answer(words: list[str], shell: str) -> int:
    """Print the candidates for the last of ``words`` (the word being typed), one per line:
    ``value`` for bash, ``value:description`` for zsh, ``value<TAB>description`` for fish and
    PowerShell."""
    from resoc_cli.completion_spec import GLOBAL_OPTIONS, SPEC

    words = list(words) or [""]
    current, before = words[-1], words[:-1]
    db = None
    rest = []
    skip = 0
    for i, w in enumerate(before):  # the global --db and --lang, wherever they stand
        if skip:
            skip -= 1
            continue
        if w in ("--db", "--lang") and i + 1 < len(before):
            nxt = before[i + 1]
            if nxt == "=" and i + 2 < len(before):  # bash splits --db=PATH at '='
                nxt = before[i + 2]
                skip = 2
            else:
                skip = 1
            if w == "--db":
                db = nxt
        elif w.startswith("--db="):
            db = w.removeprefix("--db=")
        elif w.startswith("--lang="):
            pass
        else:
            rest.append(w)
    path, args = _command(rest, SPEC)
    items: list[tuple[str, str]] = []
    if path is None:  # still choosing a command
        names = sorted({p[len(rest)] for p in SPEC if tuple(p[: len(rest)]) == tuple(rest)
                        and len(p) > len(rest)})  # fmt: skip
        items = [(n, "") for n in names]
        if not rest:
            items += [(o, "") for o in GLOBAL_OPTIONS]
    else:
        spec = SPEC[path]
        previous = before[-1] if before else ""
        if previous in DATE_OPTIONS and spec["options"].get(previous) == "value":
            items = _days()
        elif previous in spec["options"] and spec["options"][previous] is not None:
            items = _values(spec["options"][previous], args, db, current)
        elif current.startswith("-"):
            items = [(o, "") for o in spec["options"]]
        else:
            positional = [a for a in _positionals(args, spec)]
            kinds = spec["arguments"]
            if len(positional) < len(kinds):
                items = _values(kinds[len(positional)], args, db, current)
            elif not args:  # a group that is a command too (resoc db): its commands
                n = len(path)
                items = [(p[n], "") for p in sorted(SPEC) if len(p) == n + 1 and p[:n] == path]
    _print([(v, d) for v, d in items if v.startswith(current) or _matches(d, current)], shell,
           current)  # fmt: skip
    return 0


def _days() -> list[tuple[str, str]]:
    """today and yesterday (dnes, včera in Czech), with the day each means."""
    from datetime import date, timedelta

    from resoc_cli.i18n import choose

    today = date.today()
    words = ("dnes", "včera") if choose() == "cs" else ("today", "yesterday")
    return [(words[0], today.isoformat()), (words[1], (today - timedelta(days=1)).isoformat())]


def _command(words: list[str], spec: dict) -> tuple[tuple | None, list[str]]:
    """The longest command path at the start of ``words``, and the words after it."""
    for n in range(min(len(words), 3), 0, -1):
        if tuple(words[:n]) in spec:
            return tuple(words[:n]), words[n:]
    return None, words


def _positionals(args: list[str], spec: dict) -> list[str]:
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a.startswith("-"):
            skip = spec["options"].get(a) is not None  # an option that takes a value
        else:
            out.append(a)
    return out


def _first_positional(args: list[str]) -> str:
    """The first word that is neither an option nor an option's value (the client)."""
    from resoc_cli.completion_spec import SPEC

    takes_value = {o for spec in SPEC.values() for o, kind in spec["options"].items() if kind}
    skip = False
    for a in args:
        if skip:
            skip = False
        elif a.startswith("-"):
            skip = a in takes_value
        else:
            return a
    return ""


def _matches(description: str, typed: str) -> bool:
    if not typed or not description:
        return False
    from resoc_cli.domain.collation import fold

    return fold(typed) in fold(description)


#: At most this many clients are offered: a shell shows no more usefully, and a register of
#: 100,000 clients must still answer at once.
MAX_CLIENTS = 200


#: Ids and codes completed from the database, newest first where they are ids: a curator
#: deleting or changing a record mostly means one just entered.
LOOKUPS = {
    "programme": "SELECT code, name FROM programmes ORDER BY code LIMIT ?",
    "group": "SELECT code, name FROM groups ORDER BY code LIMIT ?",
    "member": """SELECT m.id, m.name || ' (' || m.relation || ', ' || c.code || ')'
                 FROM family_members m JOIN clients c ON c.id = m.client_id
                 ORDER BY m.id DESC LIMIT ?""",
    "session": """SELECT s.id, s.date || ' ' || c.code || ' ' || s.activity FROM sessions s
                  JOIN clients c ON c.id = s.client_id ORDER BY s.id DESC LIMIT ?""",
    "meeting": """SELECT m.id, m.date || ' ' || COALESCE(g.code || ' ', '') || m.activity
                  FROM meetings m LEFT JOIN groups g ON g.id = m.group_id
                  ORDER BY m.id DESC LIMIT ?""",
    "contact": """SELECT k.id, k.date || ' ' || c.code || ' ' || k.kind FROM contacts k
                  JOIN clients c ON c.id = k.client_id ORDER BY k.id DESC LIMIT ?""",
}


def _values(kind, args: list[str], db: str | None, current: str = "") -> list[tuple[str, str]]:
    if isinstance(kind, list):  # a vocabulary of codes: each with its Czech name
        from resoc_cli.domain.codes import czech_name

        return [(c, czech_name(c) if czech_name(c) != c else "") for c in kind]
    if kind not in LOOKUPS and kind not in ("client", "goal"):
        return []
    import sqlite3

    from resoc_cli.storage.db import resolve_path

    try:
        path = resolve_path(db)
    except Exception:  # a server, or anything odd: completion never gets in the way
        return []
    if not path.exists():
        return []
    try:
        from urllib.parse import quote

        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        try:
            if kind == "client":
                prefix = current.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                rows = conn.execute(
                    """SELECT code, name FROM clients WHERE closed_date IS NULL
                       AND code LIKE ? ESCAPE '\\' ORDER BY code LIMIT ?""",
                    (prefix + "%", MAX_CLIENTS),
                ).fetchall()
                if not rows and current:  # not a code: a part of a name
                    rows = _by_name(conn, current)
            elif kind == "member" and not _first_positional(args):  # no client: any member
                rows = conn.execute(LOOKUPS["member"], (MAX_CLIENTS,))
            elif kind == "member":
                rows = conn.execute(
                    """SELECT m.id, m.name || ' (' || m.relation || ')' FROM family_members m
                       JOIN clients c ON c.id = m.client_id
                       WHERE c.code = ? COLLATE NOCASE ORDER BY m.id""",
                    (_first_positional(args),),
                )
            elif kind == "goal":
                rows = conn.execute(
                    """SELECT g.id, g.area || ': ' || g.text FROM plan_goals g
                       JOIN clients c ON c.id = g.client_id
                       WHERE c.code = ? COLLATE NOCASE ORDER BY g.id""",
                    (_first_positional(args),),
                )
            else:
                rows = conn.execute(LOOKUPS[kind], (MAX_CLIENTS,))
            return [(str(v), d or "") for v, d in rows]
        finally:
            conn.close()
    except sqlite3.Error:
        return []  # completion never gets in the way


def _by_name(conn, text: str) -> list[tuple[str, str]]:
    from resoc_cli.domain.collation import fold

    needle = fold(text)
    rows = conn.execute("SELECT code, name FROM clients WHERE closed_date IS NULL ORDER BY code")
    return [(code, name) for code, name in rows if needle in fold(name)][:MAX_CLIENTS]


def _print(items: list[tuple[str, str]], shell: str, current: str = "") -> None:
    """The candidates in the shell's form. bash shows no descriptions and puts the candidates'
    common beginning in place of the word typed: clients found by a part of their name
    (``per`` -> K0001, K0002) would turn "per" into "K000" and never be listed. So bash gets
    them as "CODE (name)" lines beside the word as typed: their common beginning is empty,
    readline keeps what was typed and a second Tab lists the clients with their names."""
    out = sys.stdout
    if shell == "bash" and len(items) > 1 and not all(v.startswith(current) for v, _ in items):
        out.write(f"{current}\n")
        for value, description in items:
            out.write(f"{value} ({description})\n" if description else f"{value}\n")
        return
    for value, description in items:
        if shell in ("fish", "powershell") and description:
            out.write(f"{value}\t{description}\n")
        elif shell == "zsh":
            escaped = value.replace(":", "\\:")
            out.write(f"{escaped}:{description}\n" if description else f"{escaped}\n")
        else:
            out.write(f"{value}\n")


def requested() -> str | None:
    """The shell asking for completions, if this process was started by a completion script."""
    shell = os.environ.get("_RESOC_COMPLETE")
    return shell if shell in SCRIPTS else None
