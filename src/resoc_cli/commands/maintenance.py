"""Keeping the file safe: resoc backup | restore | doctor."""

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from resoc_cli import i18n, render
from resoc_cli.commands.common import JsonOpt, command_path, db, db_path
from resoc_cli.errors import InvalidInput, ResocError, StorageError
from resoc_cli.i18n import _, ngettext

#: doctor warns (but does not fail) when the last backup is older than this.
BACKUP_WARN_DAYS = 7


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
    from resoc_cli.storage.maintenance import backup as copy
    from resoc_cli.storage.maintenance import backup_name, note_backup, prune

    source = db_path()
    if not source.exists():
        raise StorageError(_("no database at {path} (run: resoc init)").format(path=source))
    target = Path(path).expanduser() if path else backup_name(source)
    size = copy(db(), target)
    note_backup(db())
    megabytes = i18n.number(f"{size / 1_000_000:.1f}")
    render.line(_("backup written: {path} ({size} MB)").format(path=target, size=megabytes))
    if keep:
        for old in prune(source, keep):
            render.line(_("removed old backup: {path}").format(path=old))


def restore(
    path: Annotated[str, typer.Argument(metavar="PATH", help="A backup made by resoc backup.")],
    yes: Annotated[bool, typer.Option("--yes", help="Confirm the replacement.")] = False,
) -> None:
    """Replace the database with a backup, after checking the backup's integrity and schema.

    The replaced database is kept as a backup beside it first.

    \b
    Example: resoc restore resoc-backup-20261130-180000.db --yes"""
    from resoc_cli.storage.maintenance import backup as copy
    from resoc_cli.storage.maintenance import backup_name, inspect_backup
    from resoc_cli.storage.maintenance import restore as replace

    source = Path(path).expanduser()
    if not yes:
        inspect_backup(source)
        raise InvalidInput(_("restore: this replaces the whole database; add --yes to confirm"))
    target = db_path()
    conn = db()
    version = inspect_backup(source, conn.execute("PRAGMA page_size").fetchone()[0])
    if target.exists() and source.resolve() == target.resolve():
        raise InvalidInput(_("restore: that is the database itself"))
    kept = backup_name(target, "before-restore")
    copy(conn, kept)
    conn.command = command_path()
    replace(conn, source, version)  # one step: the restored database and its audit row
    render.line(
        _("restored {name} (schema {version}); the replaced database: {kept}").format(
            name=source.name, version=version, kept=kept
        )
    )


def doctor(json_: JsonOpt = False) -> None:
    """Check the database: integrity, foreign keys, schema, permissions, WAL, size, backups,
    and the audit trail's hash chain. Exit 1 when something is wrong, with what to do.

    \b
    Example: resoc doctor"""
    checks = _checks(db_path())
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


def _check(name: str, status: str, detail: str, fix: str | None = None) -> dict:
    """One finding; ``name`` stays English (a key in --json, translated when printed), the
    detail and the fix are already in the reader's language."""
    return {"check": name, "status": status, "detail": detail, "fix": fix}


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
    }
    return names.get(name, name)


def _checks(path: Path) -> list[dict]:
    from resoc_cli.storage import audit, maintenance
    from resoc_cli.storage.db import connect, latest_version

    if not path.exists():
        return [
            _check(
                "file",
                "fail",
                _("no database at {path}").format(path=path),
                _("run: {command}").format(command="resoc init"),
            )
        ]
    restore_fix = _("restore a backup: {command}").format(command="resoc restore PATH --yes")
    try:
        conn = connect(path, create=False)
    except ResocError as exc:
        return [_check("file", "fail", str(exc), restore_fix)]
    out = [_check("file", "ok", str(path))]
    try:
        problems = maintenance.integrity(conn)
    except Exception as exc:  # a damaged file raises on reading
        problems = [str(exc)]
    out.append(
        _check(
            "integrity",
            "fail",
            "; ".join(problems[:3]),
            restore_fix,
        )
        if problems
        else _check("integrity", "ok", _("quick_check ok"))
    )
    if problems:
        return out  # the rest reads the damaged file
    fks = maintenance.foreign_keys(conn)
    out.append(
        _check(
            "foreign keys",
            "fail",
            ngettext(
                "{n} broken reference(s): {references}",
                "{n} broken reference(s): {references}",
                len(fks),
            ).format(n=len(fks), references=", ".join(fks[:3])),
            _("restore a backup, or report a bug"),
        )
        if fks
        else _check("foreign keys", "ok", _("every reference resolves"))
    )
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    out.append(
        _check(
            "schema",
            "ok",
            _("version {version} of {latest}").format(version=version, latest=latest_version()),
        )
    )
    perms = maintenance.permissions(path)
    out.append(
        _check(
            "permissions", "fail", "; ".join(perms), f"chmod 600 {path}; chmod 700 {path.parent}"
        )
        if perms
        else _check("permissions", "ok", _("only you can read the file and its folder"))
    )
    if not path.stat().st_mode & 0o222:
        out.append(
            _check(
                "writable",
                "warn",
                _("the file is read-only: every change is refused"),
                _("to allow changes: {command}").format(command=f"chmod 600 {path}"),
            )
        )
    wal = maintenance.wal_state(conn, path)
    out.append(
        _check(
            "wal",
            "info",
            ngettext(
                "journal {mode}, WAL {n} bytes", "journal {mode}, WAL {n} bytes", wal["wal_bytes"]
            ).format(mode=wal["journal_mode"], n=wal["wal_bytes"]),
        )
    )
    size = maintenance.size(conn, path)
    out.append(
        _check(
            "size",
            "info",
            _("{bytes} bytes, {pages} pages, {free} free").format(
                bytes=size["bytes"], pages=size["pages"], free=size["free_pages"]
            ),
        )
    )
    out.append(_backup_check(maintenance.last_backup(conn)))
    checked, broken = audit.verify(conn)
    out.append(
        _check(
            "audit trail",
            "fail",
            _("row {id}: {reason}").format(id=broken.id, reason=broken.reason),
            _("the trail was altered outside resoc; compare with a backup"),
        )
        if broken
        else _check(
            "audit trail",
            "ok",
            ngettext(
                "{n} rows, hash chain intact, head {head}",
                "{n} rows, hash chain intact, head {head}",
                checked,
            ).format(n=checked, head=(audit.head(conn) or "-")[:16]),
        )
    )
    return out


def _backup_check(last: str | None) -> dict:
    run_backup = _("run: {command}").format(command="resoc backup")
    if last is None:
        return _check("backup", "warn", _("never backed up"), run_backup)
    age = datetime.now(UTC) - datetime.fromisoformat(last)
    days = age.days
    if days > BACKUP_WARN_DAYS:
        return _check(
            "backup",
            "warn",
            ngettext("last backup {n} days ago", "last backup {n} days ago", days).format(n=days),
            run_backup,
        )
    return _check("backup", "ok", _("last backup {at}").format(at=last))


def register(root: typer.Typer) -> None:
    root.command("backup")(backup)
    root.command("restore")(restore)
    root.command("doctor")(doctor)
