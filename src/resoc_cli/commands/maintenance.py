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
) -> None:
    """A consistent copy of the database, safe while resoc is in use (file mode 0600).

    \b
    Example: resoc backup --keep 10"""
    from resoc_cli.services.maintenance import backup as make_backup

    target = Path(path).expanduser() if path else None
    source = db_path()
    result = make_backup(db() if source.exists() else None, source, target, keep)
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
) -> None:
    """Replace the database with a backup, after checking the backup's integrity and schema.

    The replaced database is kept as a backup beside it first.

    \b
    Example: resoc restore resoc-backup-20261130-180000.db --yes"""
    from resoc_cli.services.maintenance import check_backup
    from resoc_cli.services.maintenance import restore as replace

    source = Path(path).expanduser()
    if not yes:
        check_backup(source)
        raise InvalidInput(_("restore: this replaces the whole database; add --yes to confirm"))
    result = replace(db(create=True), db_path(), source, command_path())
    render.line(
        _("restored {name} (schema {version}); the replaced database: {kept}").format(**result)
    )


def doctor(json_: JsonOpt = False) -> None:
    """Check the database: integrity, foreign keys, schema, permissions, WAL, size, backups,
    and the audit trail's hash chain. Exit 1 when something is wrong, with what to do.

    \b
    Example: resoc doctor"""
    from resoc_cli.services.maintenance import checks as run_checks

    checks = run_checks(db_path())
    failed = [c for c in checks if c["status"] == "fail"]
    if json_:
        render.emit_json({"ok": not failed, "database": str(db_path()), "checks": checks})
    else:
        marks = {"ok": _("ok"), "warn": _("WARN"), "fail": _("FAIL"), "info": ""}
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
        "text": _("stored text"),
    }
    return names.get(name, name)
