"""The Typer app behind ``resoc`` (the entry point is ``main``). Imports only typer and the
standard library at module level, and loads a command's module only when that command runs
(Click's lazily loading group): ``resoc session add`` never imports the export code, rich or
the report rules. Help and completion still see every command.
"""

import importlib
import os
import sqlite3
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from resoc_cli import __version__, process, startup
from resoc_cli.argv import lang_option
from resoc_cli.clicktext import (
    accept_czech_codes,
    help_without_hyphen_breaks,
    name_the_value,
    speak_click,
    usage_error,
)
from resoc_cli.errors import ResocError, database_message, output_message
from resoc_cli.i18n import _

# The Click exception base class, found through a public Typer class so that this works both
# with Typer releases that depend on Click and with those that vendor it.
_CLICK_EXCEPTION = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
_USAGE_ERROR = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")

#: Every command under ``resoc``, in the order of ``resoc --help``: its module in
#: ``resoc_cli.commands`` and the Typer app (a group) or function (a command) there.
COMMANDS: dict[str, tuple[str, str]] = {
    "enrol": ("programmes", "enrol"),
    "complete": ("programmes", "complete"),
    "drop": ("programmes", "drop"),
    "hours": ("status", "hours"),
    "check": ("status", "check"),
    "caseload": ("status", "caseload"),
    "init": ("status", "init"),
    "db": ("database", "app"),
    "example": ("example", "example"),
    "retention": ("privacy", "retention"),
    "log": ("privacy", "log"),
    "backup": ("maintenance", "backup"),
    "restore": ("maintenance", "restore"),
    "doctor": ("maintenance", "doctor"),
    "agenda": ("agenda", "agenda"),
    "dnes": ("agenda", "dnes"),
    "completion": ("shell", "completion"),
    "undo": ("undo", "undo"),
    "client": ("clients", "app"),
    "programme": ("programmes", "app"),
    "enrolment": ("programmes", "enrolment_app"),
    "session": ("sessions", "app"),
    "group": ("groups", "app"),
    "meeting": ("meetings", "app"),
    "family": ("family", "family_app"),
    "contact": ("family", "contact_app"),
    "plan": ("plan", "app"),
    "report": ("report", "app"),
    "print": ("papers", "app"),
    "config": ("settings", "app"),
    "export": ("exchange", "export_app"),
    "import": ("exchange", "import_app"),
    "team": ("team", "app"),
}


def load(name: str):
    """The Click command ``name``, built from its module (imported now)."""
    module_name, attribute = COMMANDS[name]
    target = getattr(importlib.import_module(f"resoc_cli.commands.{module_name}"), attribute)
    if not isinstance(target, typer.Typer):  # a function: a command of its own
        single = typer.Typer(add_completion=False)
        single.command(name, help=getattr(target, "help", None))(target)
        target = single
    target.rich_markup_mode = None  # plain help, as the root's (rich only draws tables)
    target._add_completion = False  # resoc answers completion itself (completion.py)
    command = typer.main.get_command(target)
    command.name = name
    return command


class ResocGroup(TyperGroup):
    """Loads each command when it is asked for; maps every failure to one line on stderr and
    an exit code, never a traceback."""

    def list_commands(self, ctx) -> list[str]:
        return [*self.commands, *(name for name in COMMANDS if name not in self.commands)]

    def get_command(self, ctx, name: str):
        if name not in self.commands and name in COMMANDS:
            command = load(name)
            _speak_command(command)
            self.commands[name] = command
            startup.resume()  # the command's module is in: collect as usual from here
        return self.commands.get(name)

    def resolve_command(self, ctx, args):
        """Typer suggests a command for a typo from the commands loaded so far: none, in a
        lazy group. The same suggestion, from every command's name."""
        try:
            return super().resolve_command(ctx, args)
        except _USAGE_ERROR as exc:
            from difflib import get_close_matches

            matches = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if matches and "?" not in exc.message:
                suggestions = ", ".join(repr(m) for m in matches)
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {suggestions}?"
            raise

    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt as exc:  # Typer would end silently with 130
            _interrupted(exc)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (process.Stopped)
            _interrupted(exc)

    def format_commands(self, ctx, formatter) -> None:
        """The root's list of commands from their help texts alone (``commands_help``, kept in
        step with the modules by a test), without importing every module."""
        from resoc_cli import i18n
        from resoc_cli.commands_help import HELP

        limit = formatter.width - 6 - max(len(name) for name in HELP)
        rows = [(name, short_help(i18n._(HELP[name]), limit)) for name in self.list_commands(ctx)]
        with formatter.section(i18n._("Commands")):
            formatter.write_dl(rows)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        _speak(self, sys.argv[1:] if args is None else list(args))
        try:
            rv = super().main(
                args=args,
                prog_name=prog_name or "resoc",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except ResocError as exc:
            _fail(str(exc), exc.exit_code)
        except _CLICK_EXCEPTION as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # bare group: show its help
                sys.stderr.write(exc.format_message() + "\n")
                sys.exit(exc.exit_code)
            message = exc.format_message().replace("\n", " ").replace("Value error, ", "")
            message = usage_error(message)
            ctx = getattr(exc, "ctx", None)
            if ctx is not None:
                message += " " + _("(see: {command} --help)").format(command=ctx.command_path)
            _fail(message, exc.exit_code)
        except typer.Abort as exc:
            stop = exc.__context__  # Click turns Ctrl-C at a prompt into Abort
            if isinstance(stop, KeyboardInterrupt):
                sys.stderr.write("\n")  # the prompt's line is left open
                _interrupted(stop)
            _fail(_("aborted"), 1)
        except sqlite3.OperationalError as exc:
            _fail(database_message(exc), 5)
        except sqlite3.DatabaseError as exc:
            _fail(_("the database cannot be used: {error}").format(error=exc), 5)
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (process.Stopped)
            _interrupted(exc)
        except BrokenPipeError:  # the reader took what it wanted (| head): a quiet end
            process.silence_stdout()
            sys.exit(process.BROKEN_PIPE)
        except OverflowError:  # a number beyond SQLite's integers, from the command line
            message = _("a number is too large (at most {limit})").format(limit=2**63 - 1)
            _fail(message, 2)
        except OSError as exc:  # the file system said no (full disk, permissions, ...)
            _fail(output_message(exc), 5)
        except Exception as exc:  # a bug: no traceback (it may hold personal data), no data
            if os.environ.get("RESOC_DEBUG"):
                raise
            message = _(
                "internal error ({kind}); nothing was written. Please report it;"
                " RESOC_DEBUG=1 shows the details"
            )
            _fail(message.format(kind=type(exc).__name__), 70)
        sys.exit(rv if isinstance(rv, int) else 0)


def _speak(root, argv: list[str]) -> None:
    """Choose the language before parsing, so that --help is already in it: the help texts
    of every command and option go through the catalog (their English text is the msgid).
    In every language, options over a vocabulary of codes also take the Czech names. The
    root now; each command as it is loaded."""
    from resoc_cli import i18n

    i18n.set_language(i18n.choose(lang_option(argv)))
    i18n.adopt_for_typer()
    help_without_hyphen_breaks()
    _speak_command(root, recurse=False)
    for command in root.commands.values():
        _speak_command(command)


def _list_the_choices(param) -> None:
    """An option over a vocabulary lists it after its help when help is shown (its metavar
    only names it): the codes, and in Czech the Czech names, which it takes as well. Added
    as the help is drawn, so that the help text itself stays the catalog's message."""
    choices = getattr(param.type, "choices", None)
    if not choices or param.param_type_name != "option" or getattr(param, "_listed", False):
        return
    original = param.get_help_record

    def get_help_record(ctx):
        from resoc_cli.domain.codes import label

        record = original(ctx)
        if record is None:
            return None
        names = ", ".join(label(str(getattr(c, "value", c))) for c in choices)
        name, text = record
        return name, f"{text}  [{names}]" if text else f"[{names}]"

    param.get_help_record = get_help_record
    param._listed = True


def _speak_command(command, recurse: bool = True) -> None:
    from resoc_cli import i18n

    czech = i18n.language() != "en"
    if czech:
        speak_click(command)
        if command.help:
            command.help = i18n._(command.help)
    for param in command.params:
        accept_czech_codes(param)
        name_the_value(param)
        if czech and getattr(param, "help", None):
            param.help = i18n._(param.help)
        _list_the_choices(param)
    if recurse:
        for sub in getattr(command, "commands", {}).values():
            _speak_command(sub)


def short_help(text: str, limit: int) -> str:
    """A command's line in its group's list, as Click makes it from the help text."""
    from typer.core import TyperCommand

    return TyperCommand("command", help=text).get_short_help_str(limit)


def _interrupted(exc: KeyboardInterrupt) -> None:
    # Stopped at the moment of COMMIT, a change may still have been saved.
    message = _("interrupted; the change may or may not have been saved (see: resoc log)")
    _fail(message, process.exit_code(exc))


def _fail(message: str, code: int) -> None:
    from resoc_cli import render

    try:
        sys.stdout.flush()
    except OSError:  # stdout refused what was printed before: the error says why
        process.silence_stdout()
    render.error(message)
    sys.exit(code)


app = typer.Typer(
    cls=ResocGroup,
    name="resoc",
    help="Casework for Czech resocialisation programmes: clients, sessions, family, plans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"resoc {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="RESOC_DB",
            metavar="PATH",
            help="Database file (default: the user data dir; env RESOC_DB).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", metavar="cs|en", help="Language (default: RESOC_LANG, then the locale)."
        ),
    ] = None,
) -> None:
    """Casework for Czech resocialisation programmes: clients, sessions, family, plans."""
    from resoc_cli import i18n

    if lang is not None and lang.strip().lower() not in i18n.LANGUAGES:
        raise typer.BadParameter(_("use cs or en"), param_hint="--lang")
    i18n.set_language(i18n.choose(lang))
    from resoc_cli.commands import common

    common.set_db_option(db)


def run(argv: list[str]) -> int:
    """Run the app on ``argv``; its exit status (the database closed)."""
    from resoc_cli.commands import common

    try:
        app(args=argv, prog_name="resoc")
    except SystemExit as exc:
        code = exc.code
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":  # Typer's end of a closed pipe
            sys.stdout, sys.stderr = sys.stdout.wrapped, getattr(sys.stderr, "wrapped", sys.stderr)
            process.silence_stdout()
            code = process.BROKEN_PIPE  # as the quick path and `yes | head -c1` end
    else:
        code = 0
    finally:
        common.close()
    if code is None:
        return 0
    return code if isinstance(code, int) else 1
