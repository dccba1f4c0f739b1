"""What the service-level tests share: a use case run as a command runs it."""


def write(conn, use_case, *args, **kwargs):
    """``use_case(conn, ...)`` in one write transaction and one journal change, as a command."""
    from resoc_cli.storage.db import change

    with change(conn, "test"):
        return use_case(conn, *args, **kwargs)
