"""The audit trail's hash chain. Pure functions: no SQL, no I/O.

Each audit row carries ``hash = sha256(canonical JSON of [prev_hash, at, command, action, entity,
record, client_id, [[field, old_digest, new_digest], ...]])``, with the worker who made the
change appended to that list when it is known (rows written before schema 9 have none).
A value is never hashed directly: its digest is ``sha256(salt || field || NUL || JSON of the
value)`` with a random salt kept beside it. Erasure blanks the value and the salt; the digest
stays, so the chain still verifies, and without the salt the digest cannot be matched against
a guessed name.
"""

import json
from collections import namedtuple
from collections.abc import Iterable, Mapping

from resoc_cli.i18n import _

GENESIS = "0" * 64


def encode(value: object) -> str:
    """A value as stored in the trail: JSON, dates as ISO text."""
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def new_salt() -> bytes:
    import secrets  # here: a read never writes the trail, so never pays for it

    return secrets.token_bytes(16)


def digest(salt: bytes, field: str, encoded: str) -> str:
    from hashlib import sha256

    return sha256(salt + field.encode() + b"\0" + encoded.encode()).hexdigest()


#: One audit row as the chain sees it; ``digests``: (field, old digest, new digest), by
#: field. A named tuple: ``dataclasses`` would import ``inspect`` into every write.
Entry = namedtuple(
    "Entry",
    "id at command action entity record client_id prev_hash hash digests worker",
    defaults=(None,),
)


def row_hash(
    prev_hash: str,
    at: str,
    command: str,
    action: str,
    entity: str,
    record: str,
    client_id: int | None,
    digests: Iterable[tuple[str, str, str]],
    worker: str | None = None,
) -> str:
    body = [prev_hash, at, command, action, entity, record, client_id, sorted(map(list, digests))]
    if worker is not None:
        body.append(worker)
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    from hashlib import sha256

    return sha256(text.encode()).hexdigest()


def entry_hash(e: Entry) -> str:
    return row_hash(
        e.prev_hash,
        e.at,
        e.command,
        e.action,
        e.entity,
        e.record,
        e.client_id,
        e.digests,
        e.worker,
    )


#: The first row where the chain does not hold, and why.
Break = namedtuple("Break", "id reason")


def verify_chain(entries: Iterable[Entry], values: Mapping[int, list] | None = None):
    """``(rows checked, first Break or None)``.

    ``values`` maps an audit id to its ``(field, salt, old_value, new_value, old_digest,
    new_digest)`` tuples; every value still present (salt not blank) must match its digest."""
    prev = GENESIS
    n = 0
    for n, e in enumerate(entries, start=1):
        if e.prev_hash != prev:
            reason = _("it does not follow the row before it (a row removed or moved)")
            return n, Break(e.id, reason)
        if entry_hash(e) != e.hash:
            return n, Break(e.id, _("its content does not match its hash (the row was changed)"))
        for field, salt, old, new, old_d, new_d in (values or {}).get(e.id, ()):
            if salt is None:
                continue  # erased: only the digests remain
            if digest(salt, field, old) != old_d or digest(salt, field, new) != new_d:
                reason = _("the value of {field!r} does not match its digest").format(field=field)
                return n, Break(e.id, reason)
        prev = e.hash
    return n, None
