"""``resoc db copy``: a whole caseload from one database into another (SQLite or PostgreSQL,
either way), all or nothing.

The copy is one transaction of the target and one change of its journal, so ``resoc undo``
takes it back whole. Every id is the target's own and every reference is remapped; client and
group codes are kept, or renamed with ``--prefix``; a code the target already has (as the
schema compares codes: case aside) refuses the whole copy, listing them all. A programme the
target has under the same code is reused when its rules are the same, and is a collision when
they differ. The source's audit trail and journal stay behind: the target's trail records the
copy, one row per client and one for the whole. Erased clients are copied as they are,
erased (their rows hold nothing personal any more): their sessions still count in the
yearly figures, which must be the same in both databases.

Into a server, the responsible worker of each copied row (a ``worker`` column) is the login
that copies, and shares with other logins (``client_shares``) are not copied: they name the
source organisation's logins. Into a file, both are kept as they were."""

import re
from array import array
from bisect import bisect_left

from resoc_cli.domain.errors import Conflict, InvalidInput
from resoc_cli.i18n import _, ngettext

#: A code is 1-32 letters, digits, '-' or '_', starting with a letter or digit
#: (domain.models.code); a prefix is the beginning of one.
_PREFIX = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,30}$")
MAX_CODE = 32
#: Codes named in a refusal at most (the rest counted).
SHOWN = 20
#: Columns of a programme that are not its rules.
_NOT_RULES = frozenset({"id", "code", "name", "builtin", "worker"})


class Ids:
    """A table's old ids -> the target's new ones. New ids are given in the order of the old
    (rows are read in id order), so a lookup is a binary search in one array of integers,
    not a dict of millions of entries; ``fixed``: ids mapped onto existing target rows."""

    def __init__(self, first: int) -> None:
        self.first, self.old, self.fixed = first, array("q"), {}

    def add(self, old: int) -> int:
        self.old.append(old)
        return self.first + len(self.old) - 1

    def get(self, old: int) -> int | None:
        if old in self.fixed:
            return self.fixed[old]
        i = bisect_left(self.old, old)
        return self.first + i if i < len(self.old) and self.old[i] == old else None


def check_prefix(prefix: str) -> str:
    if not _PREFIX.match(prefix):
        raise InvalidInput(
            _("--prefix: use letters, digits, '-' or '_', starting with a letter or digit")
        )
    return prefix


def copy_caseload(source_given, target_given, prefix: str | None = None) -> dict:
    """Copy everything of the caseload in ``source_given`` (a path or a server's connection
    string) into ``target_given``; the document ``db copy --json`` prints."""
    from resoc_cli.storage import copy as store
    from resoc_cli.storage.db import change

    if prefix is not None:
        check_prefix(prefix)
    if store.same_file(source_given, target_given):
        raise _itself()
    labels = {"source": store.label(source_given), "target": store.label(target_given)}
    source = store.open_source(source_given)
    try:
        target, new = store.open_target(target_given)
        try:
            if store.same_database(source, target):
                raise _itself()
            target.command = "db copy"
            with store.snapshot(source), change(target, "db copy"):
                document = _copy(store, source, target, prefix, labels["source"])
        except BaseException:
            target.close()
            if new:
                store.remove_new_file(target_given)
            raise
        target.close()
    finally:
        source.close()
    engine = "postgresql" if store.is_server(target) else "sqlite"
    return {**labels, "engine": engine, "prefix": prefix, **document}


def _itself() -> InvalidInput:
    return InvalidInput(_("db copy: the target is the source itself; nothing was copied"))


def _copy(store, source, target, prefix: str | None, source_label: str) -> dict:
    from resoc_cli.storage import audit
    from resoc_cli.storage.clients import remember_codes

    tables = [
        (t, store.columns(source, t.name), store.columns(target, t.name)) for t in store.CASELOAD
    ]
    tables = [(t, s, g) for t, s, g in tables if s and g]
    reused = _programmes(store, source, target)
    _refuse_collisions(store, source, target, prefix, reused)
    login = store.login(target)
    maps: dict[str, Ids] = {}
    counts: dict[str, int] = {}
    clients: list[tuple[int, str, str]] = []
    for table, source_columns, target_columns in tables:
        counts[table.name] = 0
        if table.name == "client_shares" and login is not None:
            continue  # they name the source's logins; the copying login is responsible
        read = [c for c in source_columns if c in target_columns]
        write = list(read)
        worker = login is not None and "worker" in target_columns
        if worker and "worker" not in write:
            write.append("worker")
        ids = Ids(store.next_id(target, table.name)) if table.own_id else None
        if ids is not None:
            maps[table.name] = ids
        if table.name == "programmes":
            ids.fixed.update(reused)
        at = {c: i for i, c in enumerate(read)}
        refs = [(at[c], maps.get(ref), target_columns[c]) for c, ref in table.refs.items()
                if c in at]  # fmt: skip
        for batch in store.rows(source, table, read):
            out = []
            for row in batch:
                values = _remapped(list(row), refs)
                if values is None:
                    continue  # it refers to a row not copied (not visible in the source)
                if ids is not None:
                    old = values[at["id"]]
                    if old in ids.fixed:
                        continue  # a programme the target has with the same rules
                    values[at["id"]] = ids.add(old)
                if table.code and prefix:
                    values[at["code"]] = prefix + values[at["code"]]
                if worker:
                    if "worker" in at:
                        values[at["worker"]] = login
                    else:
                        values.append(login)
                if table.name == "clients":
                    clients.append((values[at["id"]], row[at["code"]], values[at["code"]]))
                out.append(tuple(values))
            last = ids.first + len(ids.old) - 1 if ids is not None and ids.old else None
            store.insert(target, table.name, write, out, last)
            counts[table.name] += len(out)
    for client_id, old_code, code in clients:
        changes = {"source": (None, source_label)}
        if old_code != code:
            changes["code"] = (old_code, code)
        audit.append(target, "copy", "clients", code, client_id, changes)
    audit.append(
        target, "copy", "database", source_label, None,
        audit.added({k: v for k, v in counts.items() if v}),
    )  # fmt: skip
    remember_codes(target)
    return {"copied": counts, "reused": sorted(code for code in _reused_codes(source, reused))}


def _remapped(values: list, refs: list) -> list | None:
    """The row with each reference turned into the target's id; None when a required one
    points at a row that was not copied (a nullable one is then left empty)."""
    for i, ids, required in refs:
        old = values[i]
        if old is None:
            continue
        new = ids.get(old) if ids is not None else None
        if new is None and required:
            return None
        values[i] = new
    return values


def _programmes(store, source, target) -> dict[int, int]:
    """Source programme id -> the target's programme of the same code and the same rules."""
    mine = {p["code"].lower(): p for p in store.programmes(target)}
    reused = {}
    for p in store.programmes(source):
        found = mine.get(p["code"].lower())
        if found is not None and _same_rules(p, found):
            reused[p["id"]] = found["id"]
    return reused


def _same_rules(a: dict, b: dict) -> bool:
    return all(a[k] == b[k] for k in a.keys() & b.keys() if k not in _NOT_RULES)


def _reused_codes(source, reused: dict[int, int]) -> list[str]:
    from resoc_cli.storage import copy as store

    return [p["code"] for p in store.programmes(source) if p["id"] in reused]


def _refuse_collisions(store, source, target, prefix, reused) -> None:
    """Every code the copy would give that the target already has, in one refusal."""
    taken, too_long = [], []
    for table in ("clients", "groups"):
        theirs = {code.lower() for code in store.taken_codes(target, table)}
        for code in sorted(store.codes(source, table), key=str.lower):
            new = (prefix or "") + code
            if len(new) > MAX_CODE:
                too_long.append(new)
            if new.lower() in theirs:
                taken.append(new)
    if too_long:
        raise InvalidInput(
            _("--prefix: {code} would be longer than {n} characters").format(
                code=too_long[0], n=MAX_CODE
            )
        )
    mine = {p["code"].lower(): p for p in store.programmes(target)}
    other_rules = [p["code"] for p in store.programmes(source)
                   if p["code"].lower() in mine and p["id"] not in reused]  # fmt: skip
    problems = []
    if taken:
        n = len(taken)
        if prefix:
            text = ngettext(
                "{n} code with the prefix {prefix} already exists in the target: {codes};"
                " another --prefix renames them",
                "{n} codes with the prefix {prefix} already exist in the target: {codes};"
                " another --prefix renames them",
                n,
            )
        else:
            text = ngettext(
                "{n} code already exists in the target: {codes}; --prefix P renames them",
                "{n} codes already exist in the target: {codes}; --prefix P renames them",
                n,
            )
        problems.append(text.format(n=n, prefix=prefix, codes=_listing(taken)))
    if other_rules:
        problems.append(
            ngettext(
                "programme {codes} has other rules in the target",
                "programmes {codes} have other rules in the target",
                len(other_rules),
            ).format(codes=_listing(other_rules))
        )
    if problems:
        raise Conflict(_("{problems}; nothing was copied").format(problems="; ".join(problems)))


def _listing(codes: list[str]) -> str:
    shown = ", ".join(codes[:SHOWN])
    if len(codes) > SHOWN:
        shown += " " + _("and {n} more").format(n=len(codes) - SHOWN)
    return shown
