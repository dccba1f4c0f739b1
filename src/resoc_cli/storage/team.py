"""A team's caseload on a PostgreSQL server: the roles, the grants and the row-level security
that let each worker see only their own and shared clients (issue 17). Server only: a SQLite
file is one person's, and these functions are never called on one.

``resoc team init`` (the database's owner, once) makes:

* the roles ``resoc_worker`` and ``resoc_lead`` (no login; a lead is also a worker);
* the grants: a worker reads and writes the caseload; the audit trail only grows (no role
  but the owner may change or remove a row of it; a lead alone may blank an erased client's
  values, which the trail's trigger allows and nothing else); a lead alone may erase;
* the policies: a client is seen by its responsible worker (``clients.worker``), by those it
  is shared with (``client_shares``) and by a lead; every row that hangs off a client
  (sessions, family, contacts, plans, enrolments, group places, audit rows, the journal)
  is seen with it. Programmes, groups, meetings and settings are the organisation's.

The database enforces all this, so a worker who opens ``psql`` gets the same limits; the
owner (who made the tables) is not bound by them."""

from contextlib import contextmanager

from resoc_cli.errors import StorageError
from resoc_cli.i18n import _

WORKER, LEAD = "resoc_worker", "resoc_lead"

#: The caseload's tables and which of their rows a worker may see: the client tables by the
#: client they belong to. Tables not named here (programmes, groups, meetings, settings,
#: changes, change_open, resoc_sequence, schema_version) are the organisation's.
_VISIBLE_CLIENT = "client_id IN (SELECT id FROM clients)"
SEEN_WITH_CLIENT = {
    "enrolments": _VISIBLE_CLIENT,
    "family_members": _VISIBLE_CLIENT,
    "sessions": _VISIBLE_CLIENT,
    "session_members": "session_id IN (SELECT id FROM sessions)",
    "contacts": _VISIBLE_CLIENT,
    "plans": _VISIBLE_CLIENT,
    "plan_needs": _VISIBLE_CLIENT,
    "plan_goals": _VISIBLE_CLIENT,
    "plan_reviews": _VISIBLE_CLIENT,
    "consents": _VISIBLE_CLIENT,
    "group_members": _VISIBLE_CLIENT,
}
#: A client the worker is responsible for, or shared with them. (The shares' own policy asks
#: a function for the client's worker: a policy on shares reading clients, whose policy
#: reads shares, would be a loop the server refuses.)
_MINE = (
    "worker = current_user OR id IN (SELECT client_id FROM client_shares"
    " WHERE worker = current_user)"
)
_MY_SHARES = "worker = current_user OR resoc_client_worker(client_id) = current_user"
_TRAIL_SEEN = "client_id IS NULL OR client_id IN (SELECT id FROM clients)"
_MY_CHANGE = "change_id IN (SELECT id FROM changes WHERE worker = current_user)"
_GIVER = "resoc_client_worker(client_id) = current_user"
_MY_AUDIT = "EXISTS (SELECT 1 FROM audit a WHERE a.id = audit_id AND a.worker = current_user)"

#: Tables every member reads and writes whole (no personal data, or the organisation's).
SHARED = ("programmes", "groups", "settings")
#: A change (the journal's, behind undo) is its worker's: others read it, only they write it,
#: and the journal's rows and the open change follow it (else a worker who takes another's
#: change reads the journal's earlier rows of their clients, or plants a step in a lead's).
_MY_OWN_CHANGE = "EXISTS (SELECT 1 FROM changes c WHERE c.id = {} AND c.worker = current_user)"
#: The functions a writer needs (schema_pg.sql migration 9): they see rows a worker may not.
FUNCTIONS = ("resoc_audit_head()", "resoc_client_codes()", "resoc_client_worker(bigint)",
             "resoc_highest_id(text)", "resoc_meeting_sessions(bigint)")  # fmt: skip
#: A meeting every worker sees and adds to; changed or deleted only by one who sees all its
#: participants' sessions (else its hours and theirs would part: migration 11).
_WHOLE_MEETING = (
    "resoc_meeting_sessions(id) = (SELECT count(*) FROM sessions s WHERE s.meeting_id = id)"
)


def _statements() -> list[str]:
    """The grants and policies, each statement idempotent (``team init`` runs again safely
    after an upgrade that adds a table)."""
    out = [
        f"GRANT USAGE ON SCHEMA {_schema()} TO {WORKER}",
        f"GRANT SELECT ON schema_version TO {WORKER}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(SHARED)} TO {WORKER}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON changes, change_open, meetings TO {WORKER}",
        # the id counter only grows (resoc_keep_ids writes it as the worker)
        f"REVOKE DELETE ON resoc_sequence FROM {WORKER}",
        f"GRANT SELECT, INSERT, UPDATE ON resoc_sequence TO {WORKER}",
        f"GRANT EXECUTE ON FUNCTION {', '.join(FUNCTIONS)} TO {WORKER}",
        # the trail: read what one may see, append; a lead also blanks an erased client's
        # values (the trigger allows nothing else) and forgets its journal rows
        f"GRANT SELECT, INSERT ON audit, audit_values, journal TO {WORKER}",
        f"GRANT UPDATE (salt, old_value, new_value) ON audit_values TO {LEAD}",
        f"GRANT DELETE ON journal TO {LEAD}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON clients, client_shares,"
        f" {', '.join(SEEN_WITH_CLIENT)} TO {WORKER}",
    ]
    policies: list[tuple[str, str, str, str]] = [  # table, name, command, clause
        ("clients", "see", "SELECT", f"USING ({_MINE})"),
        ("clients", "add", "INSERT", "WITH CHECK (worker = current_user AND erased_date IS NULL)"),
        # a client handed over (client assign) leaves the worker's sight: the new row need
        # not be theirs, but only a lead may mark it erased
        ("clients", "change", "UPDATE", f"USING ({_MINE}) WITH CHECK (erased_date IS NULL)"),
        ("clients", "remove", "DELETE", f"USING ({_MINE})"),
        # seen and stopped by either side; given only by the client's responsible worker
        ("client_shares", "see", "SELECT", f"USING ({_MY_SHARES})"),
        ("client_shares", "stop", "DELETE", f"USING ({_MY_SHARES})"),
        ("client_shares", "give", "INSERT", f"WITH CHECK ({_GIVER})"),
        ("audit", "see", "SELECT", f"USING ({_TRAIL_SEEN})"),
        # one's own rows, of the organisation or of a client one sees
        ("audit", "add", "INSERT", f"WITH CHECK (worker = current_user AND ({_TRAIL_SEEN}))"),
        ("audit_values", "see", "SELECT", "USING (audit_id IN (SELECT id FROM audit))"),
        ("audit_values", "add", "INSERT", f"WITH CHECK ({_MY_AUDIT})"),
        # and the rows of one's own changes (a client handed over, whose old state one wrote)
        ("journal", "see", "SELECT", f"USING ({_TRAIL_SEEN} OR {_MY_CHANGE})"),
        ("journal", "add", "INSERT", f"WITH CHECK ({_MY_OWN_CHANGE.format('change_id')})"),
        ("meetings", "see", "SELECT", "USING (true)"),
        ("meetings", "add", "INSERT", "WITH CHECK (true)"),
        ("meetings", "change", "UPDATE", f"USING ({_WHOLE_MEETING}) WITH CHECK (true)"),
        ("meetings", "remove", "DELETE", f"USING ({_WHOLE_MEETING})"),
        ("changes", "see", "SELECT", "USING (true)"),
        ("changes", "add", "INSERT", "WITH CHECK (worker = current_user)"),
        (
            "changes",
            "change",
            "UPDATE",
            "USING (worker = current_user) WITH CHECK (worker = current_user)",
        ),
        ("changes", "remove", "DELETE", "USING (worker = current_user)"),
        (
            "change_open",
            "all",
            "ALL",
            f"USING ({_MY_OWN_CHANGE.format('change_open.id')})"
            f" WITH CHECK ({_MY_OWN_CHANGE.format('change_open.id')})",
        ),
    ]
    policies += [
        (table, "all", "ALL", f"USING ({clause}) WITH CHECK ({clause})")
        for table, clause in SEEN_WITH_CLIENT.items()
    ]
    secured = sorted({table for table, *_ in policies})
    for table in secured:
        out.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        out.append(f"DROP POLICY IF EXISTS resoc_lead_all ON {table}")
        out.append(
            f"CREATE POLICY resoc_lead_all ON {table} TO {LEAD} USING (true) WITH CHECK (true)"
        )
    # the one policy on shares of an earlier team init let a worker share any client with
    # themselves; its successors are named for what they allow
    out.append("DROP POLICY IF EXISTS resoc_worker_all ON client_shares")
    for table, name, command, clause in policies:
        policy = f"resoc_worker_{name}"
        out.append(f"DROP POLICY IF EXISTS {policy} ON {table}")
        out.append(f"CREATE POLICY {policy} ON {table} FOR {command} TO {WORKER} {clause}")
    return out


def _schema() -> str:
    return "CURRENT_SCHEMA"  # replaced by the schema's quoted name in init


def owns_database(conn) -> bool:
    """Whether this login owns resoc's tables (only the owner may set the team up)."""
    return bool(
        _raw(conn)
        .execute(
            "SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables"
            " WHERE schemaname = current_schema() AND tablename = 'clients'"
        )  # fmt: skip
        .fetchone()[0]
    )


def init(conn) -> int:
    """Make the roles (when missing), the grants and the policies, inside the caller's open
    transaction; the number of tables under row-level security."""
    from psycopg import sql

    raw = _raw(conn)
    with _refused(_("team init: this login may not create roles (the server's administrator"
                    " grants it CREATEROLE, or creates resoc_worker and resoc_lead)")):  # fmt: skip
        for role in (WORKER, LEAD):
            found = raw.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
            if found is None:
                raw.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
        raw.execute(f"GRANT {WORKER} TO {LEAD}")
    schema, database = raw.execute("SELECT current_schema(), current_database()").fetchone()
    with _refused(_("team init: only the database's owner may set the team up")):
        # the command's own change has a pending (deferred) id-counter event on changes,
        # and ALTER TABLE changes refuses to run while it is pending: fire it now
        raw.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # the roles are the server's, shared by its databases: only the team's own logins
        # (team add) may connect to this one
        raw.execute(
            sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(
                sql.Identifier(database)
            )
        )
        for statement in _statements():
            if "CURRENT_SCHEMA" in statement:
                statement = sql.SQL(statement.replace("CURRENT_SCHEMA", "{}")).format(
                    sql.Identifier(schema)
                )
            raw.execute(statement)
        raw.execute("SET CONSTRAINTS ALL DEFERRED")
    return len({s.split()[2] for s in _statements() if s.startswith("ALTER TABLE")})


@contextmanager
def _refused(message: str):
    """The server's refusal of a right, as resoc's sentence (never the server's words)."""
    import psycopg

    try:
        yield
    except psycopg.errors.InsufficientPrivilege:
        raise StorageError(message) from None


def is_set_up(conn) -> bool:
    """Whether ``team init`` has run on this database (its roles exist and may use it)."""
    row = (
        _raw(conn)
        .execute(
            "SELECT 1 FROM pg_policies WHERE schemaname = current_schema()"
            " AND tablename = 'clients' AND policyname = 'resoc_worker_see'"
        )
        .fetchone()
    )
    return row is not None


def login_exists(conn, login: str) -> bool:
    row = _raw(conn).execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (login,))
    found = row.fetchone()
    return bool(found and found[0])


def add_member(conn, login: str, lead: bool) -> None:
    """Grant ``login`` a worker's (or a lead's) part, inside the caller's transaction."""
    from psycopg import sql

    role = LEAD if lead else WORKER
    raw = _raw(conn)
    database = raw.execute("SELECT current_database()").fetchone()[0]
    with _refused(_("team add: this login may not grant resoc's roles (the owner may)")):
        raw.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(role), sql.Identifier(login)))
        raw.execute(
            # an import stages its rows in a temporary table
            sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
                sql.Identifier(database), sql.Identifier(login)
            )
        )


#: A login of this database's team: a member of the roles who may connect to this database
#: (the roles are the server's; another database's team is not this one's).
_IN_TEAM = (
    "pg_has_role(r.oid, w.oid, 'MEMBER') AND NOT r.rolsuper"
    " AND has_database_privilege(r.oid, current_database(), 'CONNECT')"
)


def role_of(conn, login: str) -> str | None:
    """``"lead"``, ``"worker"`` or None (not a member of this database's team)."""
    row = (
        _raw(conn)
        .execute(
            f"""SELECT pg_has_role(r.oid, l.oid, 'MEMBER')
                FROM pg_roles r, pg_roles l, pg_roles w
                WHERE r.rolname = %s AND l.rolname = %s AND w.rolname = %s AND {_IN_TEAM}""",
            (login, LEAD, WORKER),
        )
        .fetchone()
    )
    if row is None:
        return None
    return "lead" if row[0] else "worker"


def members(conn) -> list[tuple[str, str]]:
    """Every login of the team: ``(login, "lead" | "worker")``, by login."""
    rows = _raw(conn).execute(
        f"""SELECT r.rolname, pg_has_role(r.oid, l.oid, 'MEMBER')
            FROM pg_roles r, pg_roles l, pg_roles w
            WHERE l.rolname = %s AND w.rolname = %s AND r.rolcanlogin AND {_IN_TEAM}
            ORDER BY r.rolname COLLATE "C" """,
        (LEAD, WORKER),
    )
    return [(name, "lead" if is_lead else "worker") for name, is_lead in rows]


def _raw(conn):
    """The psycopg connection under storage's ServerConnection (its transaction is the same)."""
    return conn.raw
