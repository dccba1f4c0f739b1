"""The use cases: one function per thing a curator does (``add_session``, ``enrol``,
``complete``, ``agree_plan``...).

Each takes an open connection (for a write: inside the caller's transaction, so that one
command is one transaction and ``resoc example`` is one too) and plain values as typed, applies
every rule of the domain, writes through ``storage``, and returns a plain document (a dict) or
raises a domain error. No Typer, no rich, no SQL: the command line, the quick path and the
example loader all call these.
"""
