"""Erasure, consents and retention: the SQL behind the data-protection duties."""

import sqlite3
from datetime import date

from resoc_cli.domain.privacy import ERASED, ERASED_COLUMNS, NOT_NULL, coarsen_birth
from resoc_cli.storage import audit, journal


def erasable(conn: sqlite3.Connection, client_id: int) -> dict[str, int]:
    """Rows per table holding personal data of the client (what erasure would blank)."""
    out = {}
    for table, columns in ERASED_COLUMNS.items():
        key = "id" if table == "clients" else "client_id"
        present = " OR ".join(f"{c} IS NOT NULL AND {c} != '{ERASED}'" for c in columns)
        sql = f"SELECT count(*) FROM {table} WHERE {key} = ? AND ({present})"
        out[table] = conn.execute(sql, (client_id,)).fetchone()[0]
    out["consents"] = conn.execute(
        "SELECT count(*) FROM consents WHERE client_id = ?", (client_id,)
    ).fetchone()[0]
    out["audit_values"] = conn.execute(
        """SELECT count(*) FROM audit_values WHERE salt IS NOT NULL
           AND audit_id IN (SELECT id FROM audit WHERE client_id = ?)""",
        (client_id,),
    ).fetchone()[0]
    return out


def erase_client(conn: sqlite3.Connection, client_id: int, code: str, born: str, today: date):
    """Blank the client's personal data everywhere, in the open transaction."""
    for table, columns in ERASED_COLUMNS.items():
        key = "id" if table == "clients" else "client_id"
        sets = []
        for c in columns:
            if (table, c) in NOT_NULL:
                sets.append(f"{c} = '{ERASED}'")
            elif (table, c) == ("clients", "born"):
                sets.append("born = :born")
            else:
                sets.append(f"{c} = NULL")
        conn.execute(
            f"UPDATE {table} SET {', '.join(sets)} WHERE {key} = :id",
            {"id": client_id, "born": coarsen_birth(date.fromisoformat(born)).isoformat()},
        )
    conn.execute("DELETE FROM consents WHERE client_id = ?", (client_id,))
    marked = conn.execute(
        "UPDATE clients SET erased_date = ? WHERE id = ?", (today.isoformat(), client_id)
    )
    if marked.rowcount != 1:  # a server's row security let the login see the row, not change it
        from resoc_cli.domain.errors import StorageError
        from resoc_cli.i18n import _

        raise StorageError(
            _("erase: the database does not let this login erase {code}; nothing was erased")
            .format(code=code)
        )  # fmt: skip
    audit.redact_client(conn, client_id)
    journal.forget_client(conn, client_id)
    journal.mark(conn, "erase")
    fields = {t: ",".join(cs) for t, cs in ERASED_COLUMNS.items()}
    audit.append(conn, "erase", "clients", code, client_id, audit.added(fields))


def scrub_files(conn: sqlite3.Connection, attempts: int = 10) -> bool:
    """After erasure: copy the WAL into the file and empty it, so no old page image of the
    erased rows stays in the write-ahead log (freed space in the file is zeroed by
    ``secure_delete``). False when another process kept reading old pages throughout."""
    import time

    for attempt in range(attempts):
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if not busy:
            return True
        time.sleep(0.2 * (attempt + 1))
    return False


def set_consent(
    conn: sqlite3.Connection,
    client_id: int,
    code: str,
    party: str,
    given: date | None,
    withdrawn: date | None,
    basis: str | None = None,
) -> None:
    old = conn.execute(
        "SELECT given, withdrawn, basis FROM consents WHERE client_id = ? AND party = ?",
        (client_id, party),
    ).fetchone()
    new = {
        "given": given.isoformat() if given else (old["given"] if old else None),
        "withdrawn": withdrawn.isoformat() if withdrawn else None,
        "basis": basis or (old["basis"] if old else None),
    }
    conn.execute(
        """INSERT INTO consents (client_id, party, given, withdrawn, basis) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (client_id, party) DO UPDATE SET
               given = excluded.given, withdrawn = excluded.withdrawn, basis = excluded.basis""",
        (client_id, party, new["given"], new["withdrawn"], new["basis"]),
    )
    changes = audit.changes_between(dict(old) if old else {}, new)
    audit.append(conn, "consent", "consents", f"{code} {party}", client_id, changes)


def consents_of(conn: sqlite3.Connection, client_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT party, given, withdrawn, basis FROM consents WHERE client_id = ? ORDER BY party",
        (client_id,),
    ).fetchall()


def known_parties(conn: sqlite3.Connection) -> set[str]:
    return {r[0].lower() for r in conn.execute("SELECT DISTINCT party FROM consents")}


def consented_for(conn: sqlite3.Connection, party: str) -> set[str]:
    """Codes (upper case) of the clients with a consent to share with ``party`` given, or a
    legal basis for it recorded, and not withdrawn since."""
    rows = conn.execute(
        """SELECT c.code FROM consents k JOIN clients c ON c.id = k.client_id
           WHERE k.party = ? AND (k.given IS NOT NULL OR k.basis IS NOT NULL)
             AND k.withdrawn IS NULL""",
        (party,),
    )
    return {r[0].upper() for r in rows}


def past_retention(conn: sqlite3.Connection, cutoff: date) -> list[sqlite3.Row]:
    """Closed, not yet erased clients closed on or before ``cutoff``."""
    return conn.execute(
        """SELECT code, name, closed_date FROM clients
           WHERE closed_date IS NOT NULL AND closed_date <= ? AND erased_date IS NULL
           ORDER BY closed_date, code""",
        (cutoff.isoformat(),),
    ).fetchall()
