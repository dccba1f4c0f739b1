"""Keeping the file safe: resoc backup | restore | doctor."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from resoc_cli import render
from resoc_cli.commands.common import JsonOpt, command_path, db, db_path
from resoc_cli.errors import InvalidInput
from resoc_cli.i18n import _


def backup(
    path: Annotated[
        str | None,
        typer.Argument(metavar="[PATH]", help="Default: a timestamped file beside the database."),
    ] = None,
    keep: Annotated[
        int | None,
        typer.Option("--keep", min=1, help="Keep only the newest N backups beside the database."),
    ] = None,
    encrypt: Annotated[
        bool,
        typer.Option(
            "--encrypt",
            help="Encrypt the backup (age) to a passphrase: asked twice, or"
            " RESOC_BACKUP_PASSPHRASE.",
        ),
    ] = False,
    recipient: Annotated[
        list[str] | None,
        typer.Option(
            "--recipient", metavar="AGE1…", help="Encrypt to this age public key (repeatable)."
        ),
    ] = None,
) -> None:
    """A checked, consistent copy of the database, safe while resoc is in use (file mode 0600).

    \b
    Example: resoc backup --keep 10"""
    from resoc_cli.services.backup import backup as make_backup

    _not_on_server(
        _("backup: on a PostgreSQL server the database owner makes the backups (pg_dump, the"
          " server's own); nothing was written")
    )  # fmt: skip
    target = Path(path).expanduser() if path else None
    source = db_path()
    secret = (lambda: _passphrase(twice=True)) if encrypt and not recipient else None
    result = make_backup(
        db() if source.exists() else None,
        source,
        target,
        keep,
        passphrase=secret,
        recipients=recipient or [],
    )
    render.line(
        _("backup written: {path} ({size} MB)").format(
            path=result["path"], size=result["megabytes"]
        )
    )
    for old in result["removed"]:
        render.line(_("removed old backup: {path}").format(path=old))


def restore(
    path: Annotated[str, typer.Argument(metavar="PATH", help="A backup made by resoc backup.")],
    yes: Annotated[bool, typer.Option("--yes", help="Confirm the replacement.")] = False,
    identity: Annotated[
        str | None,
        typer.Option(
            "--identity", metavar="FILE", help="The age key of a backup encrypted to a recipient."
        ),
    ] = None,
) -> None:
    """Replace the database with a backup, after checking the backup's integrity and schema.

    The replaced database is kept as a backup beside it first.

    \b
    Example: resoc restore resoc-backup-20261130-180000.db --yes"""
    from resoc_cli.services.backup import check_backup
    from resoc_cli.services.backup import restore as replace

    _not_on_server(
        _("restore: on a PostgreSQL server the database owner restores the server's backups"
          " (pg_restore); nothing was changed")
    )  # fmt: skip
    source = Path(path).expanduser()
    if not yes:
        check_backup(source)
        raise InvalidInput(_("restore: this replaces the whole database; add --yes to confirm"))
    result = replace(
        db(create=True),
        db_path(),
        source,
        command_path(),
        passphrase=_passphrase,
        identity=Path(identity).expanduser() if identity else None,
    )
    render.line(
        _("restored {name} (schema {version}); the replaced database: {kept}").format(**result)
    )
    if not result["witnessed"]:
        render.note(_("restore: the witness file could not be written; resoc doctor will warn"))


def _not_on_server(message: str) -> None:
    """backup and restore on a server: refused before anything is opened or written. A
    server's backups are the organisation's (the server's own, with its retention and access
    rights); a file of every worker's clients written by resoc would escape both."""
    from resoc_cli.commands.common import on_server

    if on_server():
        raise InvalidInput(message)


PASSPHRASE_ENV = "RESOC_BACKUP_PASSPHRASE"


def _passphrase(twice: bool = False) -> str:
    """The backup passphrase: from the environment (cron), else asked on the terminal."""
    import os

    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise InvalidInput(
            _("a passphrase is needed: run in a terminal, or set {name}").format(
                name=PASSPHRASE_ENV
            )
        )
    text = typer.prompt(
        _("Backup passphrase"), hide_input=True, confirmation_prompt=twice, err=True
    )
    if not text:
        raise InvalidInput(_("the passphrase is empty"))
    return text


def doctor(json_: JsonOpt = False) -> None:
    """Check the database: integrity, foreign keys, schema, permissions, WAL, size, backups,
    and the audit trail's hash chain. Exit 1 when something is wrong, with what to do.

    \b
    Example: resoc doctor"""
    from resoc_cli.commands.common import db_label, on_server

    if on_server():  # what applies there; a file's own checks are "n/a", not passed
        from resoc_cli.services.server_doctor import checks as server_checks

        checks = server_checks(db())
    else:
        from resoc_cli.services.maintenance import checks as run_checks

        checks = run_checks(db_path())
    failed = [c for c in checks if c["status"] == "fail"]
    if json_:
        render.emit_json({"ok": not failed, "database": db_label(), "checks": checks})
    else:
        marks = {"ok": _("ok"), "warn": _("WARN"), "fail": _("FAIL"), "info": "",
                 "n/a": _("n/a")}  # fmt: skip
        width = max(4, *(len(m) for m in marks.values()))
        for c in checks:
            mark = marks[c["status"]].ljust(width)
            sys.stdout.write(f"{mark} {_check_name(c['check'])}: {c['detail']}\n")
            if c.get("fix"):
                sys.stdout.write(f"{'':{width}} -> {c['fix']}\n")
    if failed:
        raise typer.Exit(1)


def _check_name(name: str) -> str:
    """A check's name as printed (--json keeps the English name)."""
    names = {
        "file": _("file"),
        "integrity": _("integrity"),
        "foreign keys": _("foreign keys"),
        "schema": _("schema"),
        "permissions": _("permissions"),
        "writable": _("writable"),
        "wal": _("wal"),
        "size": _("size"),
        "backup": _("backup"),
        "audit trail": _("audit trail"),
        "witness": _("witness"),
        "audit guards": _("audit guards"),
        "journal": _("journal"),
        "foreign objects": _("foreign objects"),
        "blanked values": _("blanked values"),
        "text": _("stored text"),
    }
    return names.get(name, name)
