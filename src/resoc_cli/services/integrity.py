"""The audit trail's blind spots: its witness beside the file, its guards, the schema objects
resoc did not make, values blanked outside an erasure. ``doctor`` reports them, ``erase``
refuses to run beside a foreign object, ``verify_backup`` checks a backup before a restore."""

from pathlib import Path

from resoc_cli.domain.errors import StorageError
from resoc_cli.i18n import _, ngettext


def _check(name: str, status: str, detail: str, fix: str | None = None) -> dict:
    return {"check": name, "status": status, "detail": detail, "fix": fix}


def _named(objects: list[tuple[str, str]]) -> str:
    words = {"table": _("table"), "index": _("index"), "view": _("view"), "trigger": _("trigger"),
             "function": _("function"), "rule": _("rule"), "policy": _("policy"),
             "sequence": _("sequence"), "publication": _("publication")}  # fmt: skip
    return ", ".join(f"{words.get(kind, kind)} {name}" for kind, name in objects)


def _blanked(ids: list[int]) -> str:
    return ngettext(
        "{n} audit row with values blanked but no erasure: {ids}",
        "{n} audit rows with values blanked but no erasure: {ids}",
        len(ids),
    ).format(n=len(ids), ids=", ".join(map(str, ids[:5])))


def record_witness(conn, db_path: Path) -> bool:
    """Write the witness of the database's present trail (after a restore replaced it)."""
    from resoc_cli.storage import witness

    return witness.write(witness.path_of(db_path), witness.head(conn))


def forget_witness(db_path: Path) -> bool:
    """Witness an empty trail (before a restore swaps the trail for another): a witness
    that no trail can be shorter than."""
    from resoc_cli.storage import witness

    return witness.write(witness.path_of(db_path), (0, None))


def witness_problem(conn, db_path: Path) -> tuple[str, str] | None:
    """``(status, detail)`` when the trail and its witness disagree; None when they agree."""
    from resoc_cli.storage import witness

    seen = witness.read(witness.path_of(db_path))
    rows, _head = witness.head(conn)
    if seen is None:
        if rows == 0:
            return None
        return "warn", _("no witness beside the database; the next change writes one")
    if seen == "damaged":
        return "fail", _("the witness file is not one resoc wrote")
    wrows, whead = seen
    if wrows == 0:
        return None
    if rows < wrows:
        return "fail", ngettext(
            "the trail ends at row {rows}, its witness saw {witnessed}: {n} row removed, or the"
            " -wal file lost with committed changes",
            "the trail ends at row {rows}, its witness saw {witnessed}: {n} rows removed, or the"
            " -wal file lost with committed changes",
            wrows - rows,
        ).format(rows=rows, witnessed=wrows, n=wrows - rows)
    if witness.hash_at(conn, wrows) != whead:
        return "fail", _(
            "row {row} of the trail is not the one its witness saw: the trail was rewritten or"
            " the file replaced"
        ).format(row=wrows)
    return None


def checks(conn, db_path: Path) -> list[dict]:
    """The checks ``doctor`` adds after the hash chain's."""
    from resoc_cli.storage import integrity, witness

    compare = _("the trail was altered outside resoc; compare with a backup")
    out = []
    problem = witness_problem(conn, db_path)
    if problem is None:
        rows, head = witness.head(conn)
        out.append(
            _check(
                "witness",
                "ok",
                _("the trail holds every row its witness saw (row {row}, head {head})").format(
                    row=rows, head=(head or "-")[:16]
                ),
            )
        )
    else:
        status, detail = problem
        out.append(_check("witness", status, detail, compare if status == "fail" else None))
    guards = integrity.missing_guards(conn)
    foreign = integrity.foreign_objects(conn)
    blanked = integrity.blanked_outside_erasure(conn)
    findings = [
        (
            "audit guards",
            guards and _("missing or changed: {names}").format(names=", ".join(guards)),
            _("the trail's append-only triggers are in place"),
            compare,
        ),
        (
            "foreign objects",
            foreign and _("not made by resoc: {objects}").format(objects=_named(foreign[:5])),
            _("every table, index, view and trigger is resoc's"),
            _("another program changed the file; find out which, then restore a backup"),
        ),
        (
            "blanked values",
            blanked and _blanked(blanked),
            _("values are blanked only by erasure"),
            compare,
        ),
    ]
    for name, problem, fine, fix in findings:
        out.append(_check(name, "fail", problem, fix) if problem else _check(name, "ok", fine))
    return out


def refuse_foreign(conn) -> None:
    """Raise StorageError when an object resoc did not make could keep data that an erasure
    removes (a table, a view, a trigger; not a mere index)."""
    from resoc_cli.storage import integrity

    foreign = [o for o in integrity.foreign_objects(conn) if o[0] != "index"]
    if foreign:
        raise StorageError(
            _(
                "erase: the database holds objects resoc did not make ({objects}), where"
                " personal data could survive; nothing was erased (see: resoc doctor)"
            ).format(objects=_named(foreign[:5]))
        )


def verify_backup(conn, head: tuple[int, str] | None = None) -> list[str]:
    """What makes the database open on ``conn`` (a backup, before a restore) untrustworthy:
    objects resoc did not make, guards missing, a broken chain, values blanked outside an
    erasure, and (given the ``head`` recorded when it was made) a trail that is not it. An
    older backup is compared with what resoc made at its schema version."""
    from resoc_cli.storage import audit, integrity, witness

    problems = []
    foreign = integrity.foreign_objects(conn)
    if foreign:
        problems.append(_("not made by resoc: {objects}").format(objects=_named(foreign[:5])))
    if not integrity.has_trail(conn):
        return problems  # a backup older than the trail (schema 1 or 2): restore adds it
    guards = integrity.missing_guards(conn)
    if guards:
        problems.append(
            _("audit guards missing or changed: {names}").format(names=", ".join(guards))
        )
    _n, broken = audit.verify(conn)
    if broken:
        problems.append(_("row {id}: {reason}").format(id=broken.id, reason=broken.reason))
    blanked = integrity.blanked_outside_erasure(conn)
    if blanked:
        problems.append(_blanked(blanked))
    if head is not None:
        rows, digest = head
        if witness.head(conn)[0] < rows or (rows and witness.hash_at(conn, rows) != digest):
            problems.append(
                _("the trail is not the one recorded when the backup was made (row {row})").format(
                    row=rows
                )
            )
    return problems
