"""resoc example: load the bundled fictional caseload (examples/load.py in one transaction)."""

from resoc_cli import render
from resoc_cli.commands.common import db_label, today, write
from resoc_cli.i18n import _, ngettext


def example() -> None:
    """Load the bundled, wholly fictional example caseload into the database.

    Nine clients with sessions, plans and family work; refused when the database holds clients.

    \b
    Example: resoc example"""
    from resoc_cli.services.example import load_example

    with write() as conn:
        counts = load_example(conn, today())
    n_clients, n_sessions = counts["clients"], counts["sessions"]
    render.line(
        _("example loaded into {path}: {clients}, {sessions}").format(
            path=db_label(),
            clients=ngettext("{n} client", "{n} clients", n_clients).format(n=n_clients),
            sessions=ngettext("{n} session", "{n} sessions", n_sessions).format(n=n_sessions),
        )
    )
