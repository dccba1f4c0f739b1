"""The quick lookups, typed dozens of times a day (``resoc hours CLIENT``, ``resoc check
CLIENT``, with ``--json`` and ``--db``) and the scripted ``resoc caseload --json``. They are
answered here with the standard library, one SQL query and the pure rules: no Typer, no rich,
no pydantic, so the whole process costs little more than Python itself. Everything else (any
other option, such as ``--by`` or ``--help``) goes to the full Typer CLI, which uses the same
functions below, so both paths print exactly the same thing.
"""

import sqlite3
import sys

from resoc_cli import render
from resoc_cli.errors import NotFound, ResocError, database_message


def _split(text: str | None) -> frozenset[str]:
    return frozenset(text.split(",")) if text else frozenset()


def plan_facts(row):
    from resoc_cli.domain.rules import PlanFacts

    return PlanFacts(
        agreed=row["plan_agreed"] is not None,
        goal_areas=_split(row["goal_areas"]),
        need_areas=_split(row["need_areas"]),
    )


def evaluate(row):
    """The completion check for one row of ``storage.views.check_facts``."""
    from resoc_cli.domain.rules import ProgrammeRules, Progress, check_completion

    programme = ProgrammeRules(
        code=row["programme"],
        min_minutes=row["min_minutes"],
        sessions=row["programme_sessions"],
        session_minutes=row["session_minutes"],
        phases=row["phases"],
        audience=row["audience"],
        plan_required=bool(row["plan_required"]),
    )
    progress = Progress(
        attended_minutes=row["attended_minutes"],
        attended_sessions=row["attended_sessions"],
        short_sessions=row["short_sessions"],
        phases_covered=frozenset(int(p) for p in _split(row["phases_covered"])),
    )
    return check_completion(programme, progress, plan_facts(row))


def hours_document(conn: sqlite3.Connection, client: str) -> tuple[dict, int]:
    """``resoc hours`` as a JSON document, and the enrolment id it describes."""
    from resoc_cli.storage.views import hours as hours_query

    row = hours_query(conn, client)
    if row is None:  # not a code: a unique part of a name?
        from resoc_cli.storage.clients import client_by_name

        row = hours_query(conn, client_by_name(conn, client))
    if row["enrolment_id"] is None:
        from resoc_cli.i18n import _

        raise NotFound(
            _("enrolment: {client} has never been enrolled (resoc enrol {client} PROGRAMME)")
            .format(client=row["client"])
        )  # fmt: skip
    done, required = row["attended_minutes"], row["required_minutes"]
    document = {
        "client": row["client"],
        "programme": row["programme"],
        "state": row["state"],
        "start_date": row["start_date"],
        "attended_minutes": done,
        "required_minutes": required,
        "remaining_minutes": max(0, required - done),
        "sessions": row["sessions"],
    }
    return document, row["enrolment_id"]


def hours_line(d: dict) -> str:
    from resoc_cli.i18n import _, hours, ngettext

    done, required, left = d["attended_minutes"], d["required_minutes"], d["remaining_minutes"]
    state = "" if d["state"] == "active" else f" ({_(d['state'])})"
    tail = _("{left} to go").format(left=hours(left)) if left else _("minimum reached")
    sessions = ngettext("in {n} session", "in {n} sessions", d["sessions"]).format(n=d["sessions"])
    return (
        f"{d['client']} {d['programme']}{state}: "
        + _("{done} of {required}").format(done=hours(done), required=hours(required))
        + f" {sessions}  {render.progress_bar(done, required)}  {tail}"
    )


def month_chart(conn: sqlite3.Connection, enrolment_id: int, width: int = 30) -> list[str]:
    """A small bar chart of attended hours per month, for a terminal."""
    from resoc_cli.i18n import hours
    from resoc_cli.storage.reports import hours_by

    months = hours_by(conn, enrolment_id, "month")
    if not months:
        return []
    top = max(m["minutes"] for m in months)
    lines = []
    for m in months:
        bar = "█" * max(1, round(m["minutes"] * width / top))
        lines.append(f"  {m['bucket']}  {bar:<{width}}  {hours(m['minutes'])}")
    return lines


def print_hours(conn: sqlite3.Connection, document: dict, enrolment_id: int) -> None:
    """The hours line; on a terminal also the per-month chart (plain in a pipe or a file)."""
    render.line(hours_line(document))
    if sys.stdout.isatty():
        for text in month_chart(conn, enrolment_id):
            render.line(text)


def check_documents(conn: sqlite3.Connection, client: str | None) -> list[dict]:
    """``resoc check``: one document per checked enrolment (one client's, or every active)."""
    from resoc_cli.storage.views import check_facts

    rows = check_facts(conn, client)
    if client is not None and not rows:
        from resoc_cli.storage.clients import find_client

        row = find_client(conn, client)  # a name, or a client never enrolled
        rows = check_facts(conn, row["code"])
        if not rows:
            from resoc_cli.i18n import _

            raise NotFound(
                _("enrolment: {client} has never been enrolled").format(client=row["code"])
            )
    documents = []
    for r in rows:
        result = evaluate(r)
        documents.append(
            {
                "client": r["client"],
                "programme": r["programme"],
                "state": r["state"],
                "complete": result.complete,
                "unmet": result.unmet,
                "warnings": result.warnings,
            }
        )
    return documents


def check_lines(documents: list[dict]) -> list[str]:
    from resoc_cli.i18n import _

    out = []
    for d in documents:
        verdict = _("complete") if d["complete"] else _("NOT complete")
        state = "" if d["state"] == "active" else f" ({_(d['state'])})"
        out.append(f"{d['client']} {d['programme']}{state}: {verdict}")
        out += ["  " + _("unmet: {item}").format(item=item) for item in d["unmet"]]
        out += ["  " + _("warning: {item}").format(item=item) for item in d["warnings"]]
    return out


def _caseload_rows(conn: sqlite3.Connection, today) -> list[tuple]:
    """The caseload's rows as plain tuples in Czech alphabetical order of the names, each
    with its document's values first, then the plan state and the days since the last
    family contact."""
    from datetime import date

    from resoc_cli.domain.collation import czech_keys
    from resoc_cli.domain.plan import plan_state_of
    from resoc_cli.storage.views import caseload as caseload_query

    rows = caseload_query(conn, plain=True)
    keys = czech_keys([r[1] for r in rows])
    fromisoformat, split = date.fromisoformat, _split
    out = []
    append = out.append
    for i in sorted(range(len(rows)), key=keys.__getitem__):
        *document, last_contact, agreed, goals, needs = rows[i]
        plan = plan_state_of(agreed is not None, split(goals), split(needs))
        days = (today - fromisoformat(last_contact)).days if last_contact else None
        append((*document, plan, days))
    return out


#: The keys a caseload document adds to its row's columns.
_DERIVED_KEYS = ("plan", "days_since_family_contact")


def caseload_documents(conn: sqlite3.Connection, today) -> list[dict]:
    """``resoc caseload``: one document per open client, in Czech alphabetical order."""
    from resoc_cli.storage.views import CASELOAD_DOCUMENT

    keys = (*CASELOAD_DOCUMENT, *_DERIVED_KEYS)
    return [dict(zip(keys, row, strict=True)) for row in _caseload_rows(conn, today)]


def caseload_json(conn: sqlite3.Connection, today) -> str:
    """``resoc caseload --json``: byte for byte ``render.emit_json(caseload_documents(...))``,
    written straight from the rows (this runs once per open client, 10,000 in a large
    organisation; a test holds the two to the same text). A value of an unexpected type (a
    file changed by another tool) makes that row go through the generic JSON encoder."""
    import json

    from resoc_cli.storage.views import CASELOAD_DOCUMENT

    keys = (*CASELOAD_DOCUMENT, *_DERIVED_KEYS)
    enc, num = json.encoder.encode_basestring, int.__repr__  # both refuse any other type
    generic = json.JSONEncoder(ensure_ascii=False, default=str).encode
    template = "{" + ", ".join(enc(k).replace("%", "%%") + ": %s" for k in keys) + "}"
    lines = []
    append = lines.append
    for row in _caseload_rows(conn, today):
        code, name, status, programme, start, attended, required, sessions, last, plan, days = row
        try:
            append(
                template
                % (
                    enc(code),
                    enc(name),
                    "null" if status is None else enc(status),
                    "null" if programme is None else enc(programme),
                    "null" if start is None else enc(start),
                    "null" if attended is None else num(attended),
                    "null" if required is None else num(required),
                    "null" if sessions is None else num(sessions),
                    "null" if last is None else enc(last),
                    enc(plan),
                    "null" if days is None else num(days),
                )
            )
        except TypeError:
            append(generic(dict(zip(keys, row, strict=True))))
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


def _parse(argv: list[str]) -> tuple[str | None, str, str, bool] | None:
    """``(db option, command, client, json)`` when argv is a quick lookup, else None.

    The global options ``--db`` and ``--lang`` may come first, in either order."""
    db = None
    args = list(argv)
    while args and args[0].startswith(("--db", "--lang")):
        name, eq, value = args[0].partition("=")
        if name not in ("--db", "--lang") or (not eq and len(args) < 2):
            return None
        if not eq:
            value, args = args[1], args[1:]
        args = args[1:]
        if name == "--db":
            db = value
        elif value not in ("cs", "en"):
            return None  # the full CLI says what is wrong with it
    if args == ["caseload", "--json"]:
        return db, "caseload", "", True
    if not args or args[0] not in ("hours", "check"):
        return None
    command, rest = args[0], args[1:]
    as_json = "--json" in rest
    positional = [a for a in rest if a != "--json"]
    if len(positional) != 1 or positional[0].startswith("-") or rest.count("--json") > 1:
        return None
    return db, command, positional[0], as_json


def _lang_option(argv: list[str]) -> str | None:
    """The value of the global ``--lang``, which stands before the command (after or before
    ``--db PATH``)."""
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
        elif arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        elif arg.startswith("--lang="):
            return arg.removeprefix("--lang=")
        elif arg == "--db":
            skip = True  # its value is a path, not the command
        elif not arg.startswith("-"):
            return None  # only before the command
    return None


def run(argv: list[str]) -> int | None:
    """Answer a quick lookup; None when argv is anything else (the full CLI takes it)."""
    parsed = _parse(argv)
    if parsed is None:
        return None
    db, command, client, as_json = parsed
    from resoc_cli import i18n
    from resoc_cli.i18n import _
    from resoc_cli.storage.db import connect, resolve_path

    # Every answer may print words: check its reasons, and any of them an error.
    i18n.set_language(i18n.choose(_lang_option(argv)))

    try:
        conn = connect(resolve_path(db))
        if command == "caseload":
            from datetime import date

            sys.stdout.write(caseload_json(conn, date.today()))
            return 0
        if command == "hours":
            document, enrolment_id = hours_document(conn, client)
            if as_json:
                render.emit_json(document)
            else:
                print_hours(conn, document, enrolment_id)
            return 0
        documents = check_documents(conn, client)
        if as_json:
            render.emit_json(documents[0])
        else:
            for text in check_lines(documents):
                render.line(text)
        return 0 if all(d["complete"] for d in documents) else 1
    except ResocError as exc:
        render.error(str(exc))
        return exc.exit_code
    except sqlite3.OperationalError as exc:
        render.error(database_message(exc))
        return 5
    except sqlite3.DatabaseError as exc:
        render.error(_("the database cannot be used: {error}").format(error=exc))
        return 5
    except UnicodeError:
        render.error(_("client: not valid text (check the terminal's encoding)"))
        return 2


def main() -> None:
    """The ``resoc`` program: completion and quick lookups here, everything else via Typer."""
    from resoc_cli.completion import answer, requested

    shell = requested()
    if shell is not None:
        sys.exit(answer(sys.argv[1:], shell))
    code = run(sys.argv[1:])
    if code is None:
        from resoc_cli.cli import main as full

        full()
        return
    sys.stdout.flush()
    sys.exit(code)
