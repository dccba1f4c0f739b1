"""The command reference, docs/reference.md, generated from the command tree.

``python -m resoc_cli.reference`` writes it; ``--check`` exits 1 when the file is stale (a test
holds the file to the tree). The tree is walked only through Click's public API
(``list_commands``, ``get_command``), so a lazily loading root group is walked the same way.
The reference is in English: the help texts are the catalog's msgids.
"""

import inspect
import re
import sys
from pathlib import Path

#: docs/reference.md of the repository this module lives in (src/resoc_cli/reference.py).
RELATIVE = "docs/reference.md"
REFERENCE = Path(__file__).resolve().parents[2] / RELATIVE
COMMAND = "python -m resoc_cli.reference"
_EXAMPLE = "Example: "


def walk(root, name: str = "resoc"):
    """``(ctx, command)`` for the root and every command below it, in the order Click lists
    them, each group before its own commands. ``ctx.command_path`` is ``resoc client add``."""
    ctx = root.context_class(root, info_name=name, **root.context_settings)
    yield ctx, root
    yield from _below(ctx)


def _below(ctx):
    group = ctx.command
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or getattr(command, "hidden", False):
            continue
        settings = command.context_settings
        child = command.context_class(command, info_name=name, parent=ctx, **settings)
        yield child, command
        if is_group(command):
            yield from _below(child)


def is_group(command) -> bool:
    return hasattr(command, "list_commands")


def help_text(command) -> str:
    """The command's help as Click shows it: cleaned, cut at a form feed."""
    return inspect.cleandoc(command.help or "").partition("\f")[0].strip()


def render(root) -> str:
    """The whole reference as Markdown, in English whatever the current language."""
    from resoc_cli import i18n

    before = i18n.language()
    i18n.set_language("en")
    try:
        parts = [
            "# resoc command reference",
            f"Generated from the command tree by `{COMMAND}`; do not edit by hand.",
            "Every command also takes `-h` / `--help`.",
        ]
        parts += [_section(ctx, command) for ctx, command in walk(root)]
        parts.append(vocabulary())
    finally:
        i18n.set_language(before)
    return "\n\n".join(parts) + "\n"


def _section(ctx, command) -> str:
    usage = " ".join([ctx.command_path, *command.collect_usage_pieces(ctx)])
    parts = [f"## {ctx.command_path}", f"```text\n{usage}\n```"]
    parts += [_paragraph(p) for p in re.split(r"\n\s*\n", help_text(command)) if p.strip()]
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    options = [p for p in command.params if p.param_type_name != "argument"]
    for title, params in (("Arguments", arguments), ("Options", options)):
        items = [_param(ctx, p) for p in params if not getattr(p, "hidden", False)]
        if items:
            parts.append(f"**{title}**\n\n" + "\n".join(items))
    if is_group(command):
        parts.append("**Commands**\n\n" + "\n".join(_commands(ctx)))
    return "\n\n".join(parts)


def vocabulary() -> str:
    """The JSON vocabulary (resoc_cli/vocabulary.py) as one table."""
    from resoc_cli import vocabulary as v

    rows = [
        f"| `{key}` | {_cell(meaning)} | {kind} | {_cell(where)} | {_cell(csv)} |"
        for key, kind, meaning, where, csv in v.VOCABULARY
    ]
    maps = ", ".join(f"`{m}`" for m in sorted(v.MAPS))
    return "\n\n".join(
        [
            "## JSON vocabulary",
            *(
                " ".join(p.split()).replace("``", "`")
                for p in inspect.cleandoc(v.__doc__).split("\n\n")[1:]
            ),
            f"The keys inside these objects are data (a month, a code, a table, a field): {maps}.",
            "| key | meaning | type | where | CSV column |\n|---|---|---|---|---|\n"
            + "\n".join(rows),
        ]
    )


def _cell(text: str) -> str:
    return _escape(text).replace("|", "\\|")


def _paragraph(text: str) -> str:
    """One paragraph of help: prose joined into one line; a ``\\b`` (no rewrap) paragraph
    verbatim, and the final ``Example:`` line as a shell block."""
    lines = text.strip("\n").split("\n")
    if lines[0].strip() != "\b":
        return _escape(" ".join(line.strip() for line in lines))
    lines = [line.rstrip() for line in lines[1:]]
    if len(lines) == 1 and lines[0].startswith(_EXAMPLE):
        return f"Example:\n\n```sh\n{lines[0].removeprefix(_EXAMPLE)}\n```"
    return "```text\n" + "\n".join(lines) + "\n```"


def _commands(ctx) -> list[str]:
    group, out = ctx.command, []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or getattr(command, "hidden", False):
            continue
        path = f"{ctx.command_path} {name}"
        summary = _escape(command.get_short_help_str(limit=300))
        out.append(f"- [`{path}`](#{path.replace(' ', '-')}): {summary}")
    return out


def _param(ctx, param) -> str:
    record = param.get_help_record(ctx) if hasattr(param, "get_help_record") else None
    term = record[0] if record else param.make_metavar(ctx)
    text = _escape((param.help or "").strip())
    facts = [text if text.endswith((".", "?", "!")) else text + "."]
    facts.append("Required." if param.required else "Optional.")
    facts.append(f"Type: {_type(param)}.")
    default = _default(param)
    if default:
        facts.append(f"Default: {default}.")
    if getattr(param, "envvar", None):
        facts.append(f"Environment variable: `{param.envvar}`.")
    return f"- `{term}`: " + " ".join(facts)


#: Click's type names (they differ between Click releases) as a reader says them.
_TYPE_NAMES = {"str": "text", "int": "whole number", "integer": "whole number", "float": "number"}


def _type(param) -> str:
    kind = param.type
    choices = getattr(kind, "choices", None)
    if getattr(param, "is_flag", False) and not getattr(param, "count", False):
        text = "flag"
    elif choices:
        text = "one of " + ", ".join(f"`{getattr(c, 'value', c)}`" for c in choices)
    elif hasattr(kind, "min") and hasattr(kind, "max"):
        text = _range(kind)
    else:
        text = _TYPE_NAMES.get(kind.name, kind.name)
    return text + (", repeatable" if param.multiple else "")


def _range(kind) -> str:
    name = "whole number" if kind.name.startswith("int") else "number"
    if kind.min is not None and kind.max is not None:
        return f"{name} from {kind.min} to {kind.max}"
    if kind.min is not None:
        return f"{name}, at least {kind.min}"
    return f"{name}, at most {kind.max}" if kind.max is not None else name


def _default(param) -> str | None:
    value = param.default
    if getattr(param, "is_flag", False):
        if getattr(param, "secondary_opts", None):
            return f"`{(param.opts if value else param.secondary_opts)[0]}`"
        return "on" if value else "off"
    if value is None or callable(value) or (param.multiple and not value):
        return None
    return f"`{getattr(value, 'value', value)}`"


def _escape(text: str) -> str:
    """Prose for Markdown: the characters that would start markup are taken literally."""
    return re.sub(r"([\\`*<>\[\]])", r"\\\1", text)


def main(argv: list[str]) -> int:
    import typer

    from resoc_cli.cli import app

    if argv not in ([], ["--check"]):
        sys.stderr.write(f"usage: {COMMAND} [--check]\n")
        return 2
    text = render(typer.main.get_command(app))
    if argv:
        current = REFERENCE.read_text(encoding="utf-8") if REFERENCE.exists() else None
        if current != text:
            sys.stderr.write(f"{RELATIVE} is out of date: run {COMMAND}\n")
            return 1
        return 0
    REFERENCE.parent.mkdir(parents=True, exist_ok=True)
    REFERENCE.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {RELATIVE}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover - a maintenance tool
    sys.exit(main(sys.argv[1:]))
