"""The `resoc` command. Imports only typer and the standard library at module level: the quick
lookups (`resoc hours`, `resoc check`) are typed dozens of times a day, so start-up is the product.
"""

import os
import sqlite3
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from resoc_cli import __version__
from resoc_cli.clicktext import accept_czech_codes, speak_click, usage_error
from resoc_cli.commands import (
    agenda,
    clients,
    common,
    exchange,
    family,
    maintenance,
    plan,
    privacy,
    programmes,
    report,
    sessions,
    shell,
    status,
)
from resoc_cli.errors import ResocError, database_message
from resoc_cli.i18n import _, os_error

# The Click exception base class, found through a public Typer class so that this works both
# with Typer releases that depend on Click and with those that vendor it.
_CLICK_EXCEPTION = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


class ResocGroup(TyperGroup):
    """Maps every failure to one line on stderr and an exit code; never a traceback."""

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
        except typer.Abort:
            _fail(_("aborted"), 1)
        except sqlite3.OperationalError as exc:
            _fail(database_message(exc), 5)
        except sqlite3.DatabaseError as exc:
            _fail(_("the database cannot be used: {error}").format(error=exc), 5)
        except KeyboardInterrupt:
            # Stopped at the moment of COMMIT, a change may still have been saved.
            _fail(_("interrupted; the change may or may not have been saved (see: resoc log)"), 130)
        except OSError as exc:  # the file system said no (full disk, permissions, ...)
            problem = os_error(exc)
            _fail(_("cannot use a file: {problem}").format(problem=problem), 5)
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
    In every language, options over a vocabulary of codes also take the Czech names."""
    from resoc_cli import i18n
    from resoc_cli.quick import _lang_option

    i18n.set_language(i18n.choose(_lang_option(argv)))
    i18n.adopt_for_typer()
    czech = i18n.language() != "en"

    def walk(command) -> None:
        if czech:
            speak_click(command)
            if command.help:
                command.help = i18n._(command.help)
        for param in command.params:
            accept_czech_codes(param)
            if czech and getattr(param, "help", None):
                param.help = i18n._(param.help)
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(root)


def _fail(message: str, code: int) -> None:
    from resoc_cli import render

    sys.stdout.flush()
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
    common.set_db_option(db)


app.add_typer(clients.app, name="client")
app.add_typer(programmes.app, name="programme")
app.add_typer(sessions.app, name="session")
app.add_typer(family.family_app, name="family")
app.add_typer(family.contact_app, name="contact")
app.add_typer(plan.app, name="plan")
app.add_typer(report.app, name="report")
app.add_typer(exchange.export_app, name="export")
app.add_typer(exchange.import_app, name="import")
programmes.register(app)
status.register(app)
privacy.register(clients.app, app)
maintenance.register(app)
agenda.register(app)
shell.register(app)


def main() -> None:
    app()
