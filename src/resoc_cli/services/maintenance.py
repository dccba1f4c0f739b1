"""Keeping the file safe: a backup, a restore, and the checks of ``doctor``."""

from datetime import UTC, datetime
from pathlib import Path

from resoc_cli.domain.errors import ResocError
from resoc_cli.i18n import _, ngettext

#: doctor warns (but does not fail) when the last backup is older than this.
BACKUP_WARN_DAYS = 7


def schema_check(differences: list[str], version: int, latest: int, fix: str) -> dict:
    """doctor's "schema" line, on a file and on a server: the differences from resoc's
    schema (the first three named), else the version."""
    if differences:
        found = ngettext(
            "{n} difference from resoc's schema: {items}",
            "{n} differences from resoc's schema: {items}",
            len(differences),
        ).format(n=len(differences), items="; ".join(differences[:3]))
        return _check("schema", "fail", found, fix)
    return _check(
        "schema", "ok", _("version {version} of {latest}").format(version=version, latest=latest)
    )


def _check(name: str, status: str, detail: str, fix: str | None = None) -> dict:
    """One finding; ``name`` stays English (a key in --json, translated when printed), the
    detail and the fix are already in the reader's language."""
    return {"check": name, "status": status, "detail": detail, "fix": fix}


def _permissions(path: Path, maintenance, os_name: str | None = None) -> dict:
    """Who can read the file: the mode bits on Linux and macOS; on Windows, where the bits are
    always 0o666 and the user profile's access list protects the file, where the file lies."""
    if maintenance.windows_like(os_name):
        if maintenance.outside_profile(path):
            return _check(
                "permissions",
                "warn",
                _("on Windows the file is protected by the access rights of the folder it is"
                  " in, and it lies outside your user profile"),
                _("keep the database in your user profile (the default place) or check who"
                  " may open its folder"),
            )  # fmt: skip
        return _check(
            "permissions",
            "ok",
            _("on Windows the file is protected by your user profile's access rights; it lies"
              " in your profile"),
        )  # fmt: skip
    perms = maintenance.permissions(path, os_name=os_name)
    if perms:
        return _check(
            "permissions", "fail", "; ".join(perms), f"chmod 600 {path}; chmod 700 {path.parent}"
        )
    return _check("permissions", "ok", _("only you can read the file and its folder"))


def checks(path: Path) -> list[dict]:
    """Every check of ``doctor``: ``{"check", "status" (ok, warn, fail, info), "detail",
    "fix"}``; the rest is skipped once the file is damaged."""
    from resoc_cli.services import texts
    from resoc_cli.storage import audit, maintenance
    from resoc_cli.storage.db import connect, latest_version, read_only

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
        else _check("integrity", "ok", _("quick_check ok, every index agrees with its table"))
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
    out.append(texts.check(conn))  # issue 15: stored text that Python cannot read
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    differences = maintenance.schema_differences(conn)
    fix = _("the file was changed outside resoc; restore a backup: {command}").format(
        command="resoc restore PATH --yes"
    )
    out.append(schema_check(differences, version, latest_version(), fix))
    out.append(_permissions(path, maintenance))
    readonly = read_only(path)
    if readonly == "file" and not path.stat().st_mode & 0o222:
        out.append(
            _check(
                "writable",
                "warn",
                _("the file is read-only: every change is refused"),
                _("to allow changes: {command}").format(command=f"chmod 600 {path}"),
            )
        )
    elif readonly:
        out.append(
            _check(
                "writable",
                "warn",
                _("the database is on a read-only medium or in a read-only folder: reading and"
                  " backup work, every change is refused"),
                _("to allow changes, copy it to a writable folder or make this one writable"),
            )
        )  # fmt: skip
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
                bytes=grouped(size["bytes"]), pages=size["pages"], free=size["free_pages"]
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
    from resoc_cli.services import integrity  # the trail's blind spots (issue 15)

    return out + integrity.checks(conn, path)


def grouped(n: int) -> str:
    """``290816`` as people read it: ``290,816`` in English, ``290 816`` in Czech (with a
    non-breaking space)."""
    from resoc_cli.i18n import language

    return f"{n:,}".replace(",", "\u00a0") if language() == "cs" else f"{n:,}"


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
    from resoc_cli.i18n import day

    local = datetime.fromisoformat(last).astimezone()
    at = f"{day(local.date())} {local:%H:%M}"
    return _check("backup", "ok", _("last backup {at}").format(at=at))
