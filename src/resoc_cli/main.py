"""The ``resoc`` program's one front door.

It reads the global options once, answers shell completion and the quick lookups typed
dozens of times a day (``hours CLIENT``, ``check CLIENT``, with ``--json``; the scripted
``caseload --json``) with the standard library, the services and one SQL query, and hands
everything else to the Typer app, which loads only the module of the command invoked. The
process ends with ``os._exit`` once its output is flushed and the database closed: Python's
clean-up at exit (collecting every object of Typer and Click) would cost more than the work.
"""

import contextlib
import os
import sqlite3
import sys

from resoc_cli import i18n, render, startup
from resoc_cli.argv import split_globals
from resoc_cli.errors import ResocError, database_message


def quick(options: dict[str, str], rest: list[str]) -> int | None:
    """Answer a quick lookup; None when ``rest`` is anything else (the full CLI takes it)."""
    if rest == ["caseload", "--json"]:
        command, client, as_json = "caseload", "", True
    elif rest and rest[0] in ("hours", "check"):
        command, args = rest[0], rest[1:]
        as_json = "--json" in args
        positional = [a for a in args if a != "--json"]
        if len(positional) != 1 or positional[0].startswith("-") or args.count("--json") > 1:
            return None
        client = positional[0]
    else:
        return None
    from resoc_cli.i18n import _
    from resoc_cli.storage.db import connect, resolve_path

    startup.resume()
    try:
        conn = connect(resolve_path(options.get("db")), create=False)  # reads: never create
        try:
            return _answer(conn, command, client, as_json)
        finally:
            conn.close()
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
    except OSError as exc:  # stdout refused the answer (a full disk, a closed pipe)
        return _output_failed(exc)


def _output_failed(exc: OSError) -> int:
    """One line for an output stream that refused the answer, as the full command line
    words it; its exit status."""
    from resoc_cli.i18n import _, os_error

    with contextlib.suppress(OSError):
        render.error(_("cannot use a file: {problem}").format(problem=os_error(exc)))
    return 5


def _answer(conn: sqlite3.Connection, command: str, client: str, as_json: bool) -> int:
    from resoc_cli import answers
    from resoc_cli.services import status

    if command == "caseload":
        from datetime import date

        sys.stdout.write(answers.caseload_json(conn, date.today()))
        return 0
    if command == "hours":
        document, enrolment_id = status.hours_document(conn, client)
        if as_json:
            render.emit_json(document)
        else:
            answers.print_hours(conn, document, enrolment_id)
        return 0
    documents = status.check_documents(conn, client)
    if as_json:
        render.emit_json(documents[0])
    else:
        for text in answers.check_lines(documents):
            render.line(text)
    return 0 if all(d["complete"] for d in documents) else 1


def lookup(argv: list[str]) -> int | None:
    """Answer ``argv`` when it is a quick lookup (its exit status); None for anything else."""
    options, rest = split_globals(argv)
    lang = options.get("lang")
    if lang is not None and lang.strip().lower() not in i18n.LANGUAGES:
        return None  # the full command line refuses it, in the user's language
    i18n.set_language(i18n.choose(lang))  # every answer may print words
    return quick(options, rest)


def run(argv: list[str]) -> int:
    """The whole program for ``argv``; its exit status."""
    from resoc_cli.completion import answer, requested

    shell = requested()
    if shell is not None:
        return answer(argv, shell)
    code = lookup(argv)
    if code is None:
        from resoc_cli.cli import run as full

        code = full(argv)
    return code


def main() -> None:
    startup.pause()
    code = run(sys.argv[1:])
    try:
        sys.stdout.flush()
    except OSError as exc:  # the last of the answer did not fit (a full disk, a closed pipe)
        code = _output_failed(exc)
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(code)
