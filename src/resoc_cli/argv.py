"""The global options that stand before the command (``--db PATH``, ``--lang cs|en``, in
either order, ``--opt value`` or ``--opt=value``), read once from the command line by the
entry point and by the Typer app, which must agree on them. Standard library only."""

GLOBAL_VALUES = ("--db", "--lang")


def split_globals(argv: list[str]) -> tuple[dict[str, str], list[str]]:
    """``({"db": ..., "lang": ...}, the rest from the command on)``. Parsing stops at the
    first argument that is not one of them (an option without its value included: the full
    command line says what is wrong with it)."""
    found: dict[str, str] = {}
    i = 0
    while i < len(argv):
        name, eq, value = argv[i].partition("=")
        if name not in GLOBAL_VALUES:
            break
        if not eq:
            if i + 1 >= len(argv):
                break
            value = argv[i + 1]
            i += 1
        found[name.removeprefix("--")] = value
        i += 1
    return found, argv[i:]


def lang_option(argv: list[str]) -> str | None:
    """The value of the global ``--lang``, if given before the command."""
    return split_globals(argv)[0].get("lang")
