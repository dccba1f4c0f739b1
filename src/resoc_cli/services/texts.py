"""The doctor's check for stored texts that are not valid UTF-8 (written by another program):
where they are (table, column, row ids), never what they say."""

import sqlite3

from resoc_cli.i18n import _, ngettext


def check(conn: sqlite3.Connection) -> dict:
    """One finding in the shape of ``doctor``'s checks."""
    from resoc_cli.storage import texts

    found = texts.undecodable(conn)
    if not found:
        detail = _("every stored text is valid UTF-8")
        return {"check": "text", "status": "ok", "detail": detail, "fix": None}
    places = "; ".join(
        ngettext(
            "{table}.{column}: {n} row (id {ids})", "{table}.{column}: {n} rows (id {ids})", n
        ).format(table=table, column=column, n=n, ids=", ".join(map(str, ids)))
        for table, column, n, ids in found[:3]
    )
    detail = _("stored text not valid UTF-8 (written by another program): {places}").format(
        places=places
    )
    fix = _("correct the value with resoc (e.g. client edit), or restore a backup")
    return {"check": "text", "status": "fail", "detail": detail, "fix": fix}
