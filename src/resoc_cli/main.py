"""The ``resoc`` program's one front door.

It reads the global options once, answers shell completion and the quick lookups typed
dozens of times a day (``hours CLIENT``, ``check CLIENT``, with ``--json``; the scripted
``caseload --json``) with the standard library, the services and one SQL query, and hands
everything else to the Typer app, which loads only the module of the command invoked. The
process ends with ``os._exit`` once its output is flushed and the database closed: Python's
clean-up at exit (collecting every object of Typer and Click) would cost more than the work.
"""

import os
import sys

from resoc_cli import process  # standard library only, and little of it: see process.py


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
    import sqlite3

    from resoc_cli import render, startup
    from resoc_cli.errors import ResocError, database_message
    from resoc_cli.i18n import _
    from resoc_cli.storage.db import connect, is_server, resolve_path, target

    if is_server(target(options.get("db"))):
        return None  # a server: the full command line answers (storage.postgres)
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
    except BrokenPipeError:  # the reader took what it wanted (| head): a quiet end
        process.silence_stdout()
        return process.BROKEN_PIPE
    except OSError as exc:  # stdout refused the answer (a full disk, a closed pipe)
        return _output_failed(exc)


def _output_failed(exc: OSError) -> int:
    """One line for an output stream that refused the answer, as the full command line
    words it; its exit status (a closed pipe: none, as ``head`` expects)."""
    from resoc_cli import render
    from resoc_cli.errors import output_message

    if isinstance(exc, BrokenPipeError):
        process.silence_stdout()
        return process.BROKEN_PIPE
    try:  # noqa: SIM105 - contextlib is not loaded on the way here
        render.error(output_message(exc))
    except OSError:  # stderr refused too: the exit status says it
        pass
    return 5


def _answer(conn, command: str, client: str, as_json: bool) -> int:
    from resoc_cli import answers, render
    from resoc_cli.services import status

    if command == "caseload":
        from datetime import date

        render.machine(answers.caseload_json(conn, date.today()))
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
        render.emit_json(status.check_answer(documents, client))
    else:
        for text in answers.check_lines(documents):
            render.wrapped(text)
    return 0 if all(d["complete"] for d in documents) else 1


def lookup(argv: list[str]) -> int | None:
    """Answer ``argv`` when it is a quick lookup (its exit status); None for anything else."""
    from resoc_cli import i18n
    from resoc_cli.argv import split_globals

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
    position = process.undecodable(argv)
    if position is not None:
        from resoc_cli import i18n, render
        from resoc_cli.argv import lang_option

        i18n.set_language(i18n.choose(lang_option(argv)))
        message = i18n._(
            "argument {position} is not valid text (check the terminal's encoding);"
            " nothing was done"
        )
        render.error(message.format(position=position))
        return 2
    code = lookup(argv)
    if code is None:
        from resoc_cli.cli import run as full

        code = full(argv)
    return code


def main() -> None:
    """The console script: ``run`` inside the process's guards, then a quick exit."""
    try:
        process.prepare()
        from resoc_cli import startup

        startup.pause()
        code = run(sys.argv[1:])
        try:
            sys.stdout.flush()  # the last of the answer may not fit (full disk, closed pipe)
        except ValueError:  # stdout closed under us: nothing more can reach it
            code = process.BROKEN_PIPE
    except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM before or after the command ran
        code = process.exit_code(exc)
        try:
            sys.stdout.flush()
        except (OSError, ValueError):
            process.silence_stdout()
        try:  # noqa: SIM105
            _interrupted()
        except Exception:  # stderr is gone too: the exit status says it
            pass
    except OSError as exc:
        code = _output_failed(exc)
    try:  # noqa: SIM105
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def _interrupted() -> None:
    """One line for a command stopped from outside (the one the full command line prints)."""
    try:
        from resoc_cli.i18n import _
    except BaseException:  # stopped while the catalog itself loaded

        def _(text: str) -> str:
            return text

    message = _("interrupted; the change may or may not have been saved (see: resoc log)")
    sys.stderr.write(f"resoc: {_('error')}: {message}\n")
