"""``resoc doctor`` on a PostgreSQL server: the checks that apply there (the audit chain, the
foreign keys the server enforces, the schema and its version, resoc's triggers, objects resoc
did not make, values blanked outside an erasure). What belongs to a file (its pages, mode
bits, witness, WAL, resoc's own backups) is reported as not applicable (status ``n/a``),
never as passed: on a server the database owner keeps those."""

from resoc_cli.i18n import _, ngettext

#: The status of a check that does not apply on a server.
NOT_APPLICABLE = "n/a"


def _check(name: str, status: str, detail: str, fix: str | None = None) -> dict:
    return {"check": name, "status": status, "detail": detail, "fix": fix}


def _not_here(name: str, detail: str) -> dict:
    return _check(name, NOT_APPLICABLE, detail)


def checks(conn) -> list[dict]:
    """Every check of ``doctor`` on a server, in the order a file's are given."""
    from resoc_cli.services.integrity import _named
    from resoc_cli.services.maintenance import grouped, schema_check
    from resoc_cli.storage import integrity, pg_maintenance
    from resoc_cli.storage.postgres import latest_version

    out = [
        _check("file", "ok",
               _("PostgreSQL database {name}").format(name=pg_maintenance.name(conn))),
        _not_here("integrity", _("the database owner checks the server's pages (pg_amcheck,"
                                 " data checksums)")),
    ]  # fmt: skip
    loose = pg_maintenance.foreign_keys(conn)
    out.append(
        _check(
            "foreign keys",
            "fail",
            _("not enforced by the server: {names}").format(names=", ".join(loose[:3])),
            _("the schema was changed outside resoc; ask the database owner"),
        )
        if loose
        else _check(
            "foreign keys",
            "ok",
            ngettext(
                "{n} reference enforced by the server",
                "{n} references enforced by the server",
                pg_maintenance.enforced_foreign_keys(conn),
            ).format(n=pg_maintenance.enforced_foreign_keys(conn)),
        )
    )
    encoding = pg_maintenance.encoding(conn)
    out.append(
        _check("text", "ok", _("the server's encoding (UTF8) holds only valid text"))
        if encoding.upper() in ("UTF8", "UTF-8")
        else _check("text", "warn", _("the server's encoding is {name}, not UTF8").format(
            name=encoding))
    )  # fmt: skip
    version, latest = pg_maintenance.schema_version(conn), latest_version()
    differences = pg_maintenance.schema_differences(conn)
    out.append(
        schema_check(
            differences,
            version,
            latest,
            _("the schema was changed outside resoc; ask the database owner"),
        )
    )
    out.append(_not_here("permissions", _("the server's roles and grants decide who may read")))
    out.append(_not_here("wal", _("the server keeps its own write-ahead log")))
    out.append(
        _check("size", "info", _("{bytes} bytes").format(bytes=grouped(pg_maintenance.size(conn))))
    )
    out.append(
        _not_here(
            "backup",
            _("the database owner backs up the server (pg_dump, the server's own backups)"),
        )
    )
    out.append(_audit_trail(conn))
    compare = _compare()
    out.append(_not_here("witness", _("no database file beside which to keep the trail's witness")))
    guards = integrity.missing_guards(conn)
    journal = pg_maintenance.missing_triggers(conn, guards=False)
    foreign = integrity.foreign_objects(conn)
    blanked = integrity.blanked_outside_erasure(conn)
    from resoc_cli.services.integrity import _blanked

    findings = [
        ("audit guards", guards and _("missing or changed: {names}").format(
            names=", ".join(guards)), _("the trail's append-only triggers are in place"),
         compare),
        ("journal", journal and _("missing or changed: {names}").format(
            names=", ".join(journal[:5])),
         _("the triggers of the journal and of the ids are in place"),
         _("the schema was changed outside resoc; ask the database owner")),
        ("foreign objects", foreign and _("not made by resoc: {objects}").format(
            objects=_named(foreign[:5])),
         _("every table, index, view, trigger and function is resoc's"),
         _("another program changed the database; ask the database owner which")),
        ("blanked values", blanked and _blanked(blanked), _("values are blanked only by erasure"),
         compare),
    ]  # fmt: skip
    for name, problem, fine, fix in findings:
        out.append(_check(name, "fail", problem, fix) if problem else _check(name, "ok", fine))
    return out


def _compare() -> str:
    """What to do about a trail changed outside resoc (read in the language of the run)."""
    return _("the trail was altered outside resoc; compare with a backup")


def _audit_trail(conn) -> dict:
    """The hash chain, whole (only who sees every row can tell it is unbroken)."""
    from resoc_cli.services.team import may_see_everything
    from resoc_cli.storage import audit

    if not may_see_everything(conn):  # row security hides the other workers' rows
        return _not_here(
            "audit trail",
            _("a worker sees their own clients' rows; a lead or the owner verifies the chain"),
        )
    checked, broken = audit.verify(conn)
    compare = _compare()
    return (
        _check(
            "audit trail",
            "fail",
            _("row {id}: {reason}").format(id=broken.id, reason=broken.reason),
            compare,
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
