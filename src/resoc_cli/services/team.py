"""A team's caseload: setting it up (team init, team add, team list) and each client's
responsible worker and shares (client assign, client share).

On a PostgreSQL server the database enforces who sees what (storage.team); these use cases
check the same rules first, so that a refusal is a sentence, not a server's error. In a file
(one person's) there is no team: ``team`` commands say so, and ``client assign`` and ``client
share`` only record the names (carried into a team's database by ``db copy``)."""

import re
import sqlite3

from resoc_cli.domain.errors import Conflict, InvalidInput, StorageError
from resoc_cli.i18n import _
from resoc_cli.storage import audit
from resoc_cli.storage import clients as store

#: A login as PostgreSQL names roles: letters, digits and ``_.-@``, at most 63 bytes.
_LOGIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.@-]*$")


def is_team(conn) -> bool:
    """Whether the caseload is a team's (on a server) rather than one person's file."""
    return bool(getattr(conn, "team", False))


def check_login(login: str) -> str:
    login = login.strip()
    if not _LOGIN.match(login) or len(login.encode()) > 63:
        raise InvalidInput(
            _("login: not a login name (letters, digits and _ . - @, at most 63 characters)")
        )
    return login


def server_only() -> InvalidInput:
    return InvalidInput(
        _(
            "team: a team's caseload lives on a PostgreSQL server (--db postgresql://…);"
            " a file is one person's"
        )  # fmt: skip
    )


def init_team(conn) -> dict:
    """``team init``: roles, grants and row-level security (the database's owner, once; again
    after an upgrade, harmlessly)."""
    from resoc_cli.storage import team

    if not is_team(conn):
        raise server_only()
    if not team.owns_database(conn):
        raise StorageError(_("team init: only the database's owner may set the team up"))
    tables = team.init(conn)
    audit.append(conn, "init", "team", ",".join((team.WORKER, team.LEAD)))
    return {"roles": [team.WORKER, team.LEAD], "tables": tables}


def add_member(conn, login: str, lead: bool) -> dict:
    """``team add LOGIN [--lead]``: give an existing login role a worker's or a lead's part."""
    from resoc_cli.storage import team

    if not is_team(conn):
        raise server_only()
    login = check_login(login)
    if not team.is_set_up(conn):
        raise Conflict(_("team: not set up yet; the database's owner runs: resoc team init"))
    if not team.login_exists(conn, login):
        raise InvalidInput(
            _("login: no such login on the server (its administrator creates it first)")
        )
    before = team.role_of(conn, login)
    role = "lead" if lead else "worker"
    if before == "lead" and not lead:
        raise Conflict(
            _("login: {login} is already a lead (a lead is a worker too)").format(login=login)
        )
    if before != role:
        team.add_member(conn, login, lead)
        audit.append(conn, "add", "team", login, None, {"role": (before, role)})
    return {"login": login, "role": role}


def members(conn) -> list[dict]:
    from resoc_cli.storage import team

    if not is_team(conn):
        raise server_only()
    return [{"login": login, "role": role} for login, role in team.members(conn)]


def _may_hand_over(conn, row, worker: str | None) -> None:
    """On a server: the responsible worker, a lead or the owner may assign or share a client
    (another worker it is shared with may not pass it on)."""
    if worker == getattr(conn, "worker", None) or may_see_everything(conn):
        return
    raise Conflict(
        _("client: {code} is {worker}'s; only they or a lead may hand it over or share it").format(
            code=row["code"], worker=worker
        )
    )


def _team_login(conn, login: str) -> str:
    from resoc_cli.storage import team

    login = check_login(login)
    if not is_team(conn):
        return login
    if not team.is_set_up(conn):  # no team yet: any login of the server
        if not team.login_exists(conn, login):
            raise InvalidInput(
                _("login: no such login on the server (its administrator creates it first)")
            )
    elif team.role_of(conn, login) is None:
        raise InvalidInput(
            _("login: {login} is not in the team (resoc team add {login})").format(login=login)
        )
    return login


def assign(conn: sqlite3.Connection, client: str, login: str) -> dict:
    """``client assign CLIENT LOGIN``: the client's responsible worker becomes LOGIN."""
    from resoc_cli.services.clients import unerased

    row = unerased(conn, client)
    login = _team_login(conn, login)
    worker = store.worker_of(conn, row["id"])
    _may_hand_over(conn, row, worker)
    if worker != login:
        # the trail first: on a server the client leaves the writer's sight with the change
        audit.append(conn, "assign", "clients", row["code"], row["id"],
                     {"worker": (worker, login)})  # fmt: skip
        _hand_over(conn, row["id"], login)
    return {"client": row["code"], "worker": login}


def _hand_over(conn, client_id: int, login: str) -> None:
    """Make ``login`` the client's worker. On a server a worker may change only a client they
    see, and the changed row must still be one they see: so the client is shared with them
    for the moment of the change, and the share is gone when the command ends."""
    me = getattr(conn, "worker", None) if is_team(conn) else None
    lent = me is not None and me != login and store.add_share(conn, client_id, me)
    store.set_worker(conn, client_id, login)
    if lent:
        store.remove_share(conn, client_id, me)


def share(conn: sqlite3.Connection, client: str, login: str, stop: bool) -> dict:
    """``client share CLIENT LOGIN [--stop]``: LOGIN sees and works with the client too (or
    no longer does)."""
    from resoc_cli.services.clients import unerased

    row = unerased(conn, client)
    login = check_login(login) if stop else _team_login(conn, login)
    worker = store.worker_of(conn, row["id"])
    _may_hand_over(conn, row, worker)
    if not stop and login == worker:
        raise Conflict(
            _("client: {code} is {login}'s already").format(code=row["code"], login=login)
        )
    changed = (store.remove_share if stop else store.add_share)(conn, row["id"], login)
    if changed:
        old, new = (login, None) if stop else (None, login)
        audit.append(conn, "unshare" if stop else "share", "clients", row["code"], row["id"],
                     {"shared_with": (old, new)})  # fmt: skip
    return {"client": row["code"], "shared_with": store.shares_of(conn, row["id"])}


def may_see_everything(conn) -> bool:
    """Whether the caller sees the whole caseload: always in a file, and on a server whose
    team is not set up (no row security: its logins' grants alone decide); in a team, a lead
    or the database's owner (a worker sees their own and shared clients)."""
    from resoc_cli.storage import team

    if not is_team(conn) or not team.is_set_up(conn):
        return True
    return team.role_of(conn, conn.worker) == "lead" or team.owns_database(conn)


def require_lead(conn) -> None:
    """Erasure: in a team, a lead's (or the owner's) alone; the database refuses it to a
    worker anyway, this says so in a sentence first."""
    if not may_see_everything(conn):
        raise Conflict(_("client erase: in a team only a lead may erase personal data"))
