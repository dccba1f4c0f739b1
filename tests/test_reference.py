"""docs/reference.md is generated from the command tree, and the tree's help cannot drift:
every command has a help text ending in an example that still parses, every option and
argument says what it is for."""

import shlex

import pytest
import typer

from resoc_cli import i18n, reference
from resoc_cli.cli import app

STALE = f"{reference.RELATIVE} is out of date: run {reference.COMMAND}"


@pytest.fixture
def root():
    return typer.main.get_command(app)


def commands(root) -> list[tuple[tuple[str, ...], object, object]]:
    """``(path, ctx, command)`` for every command below the root, via list/get_command."""
    found = [
        (tuple(ctx.command_path.split()[1:]), ctx, command) for ctx, command in reference.walk(root)
    ]
    return found[1:]


def leaves(root):
    return [c for c in commands(root) if not reference.is_group(c[2])]


def test_the_reference_is_up_to_date(root):
    assert reference.REFERENCE.exists(), STALE
    assert reference.REFERENCE.read_text(encoding="utf-8") == reference.render(root), STALE


def test_the_reference_is_english_whatever_the_language(root):
    i18n.set_language("cs")
    try:
        text = reference.render(root)
        assert i18n.language() == "cs"  # put back as it was
    finally:
        i18n.set_language("en")
    assert text == reference.render(root)
    assert "## resoc session add" in text and "Record a session; prints its id." in text


def test_the_tree_is_walked_through_list_and_get_command_only(root):
    """The root loads its commands lazily, so it has no ``commands`` to read before it is
    asked: the reference still holds every command under it."""
    from resoc_cli.cli import COMMANDS

    assert root.commands == {}
    text = reference.render(root)
    assert [name for name in COMMANDS if f"## resoc {name}\n" not in text] == []


def test_check_and_write(tmp_path, monkeypatch, capsys):
    target = tmp_path / "docs" / "reference.md"
    monkeypatch.setattr(reference, "REFERENCE", target)
    assert reference.main(["--check"]) == 1  # no file yet
    assert STALE in capsys.readouterr().err
    assert reference.main([]) == 0
    assert reference.main(["--check"]) == 0
    target.write_text(target.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    assert reference.main(["--check"]) == 1
    assert reference.main(["--bogus"]) == 2


def test_the_walk_finds_every_command(root):
    paths = {path for path, _, _ in commands(root)}
    assert {("client",), ("client", "add"), ("session", "add"), ("dnes",)} <= paths
    assert len(leaves(root)) >= 40


def test_every_command_has_a_help_text(root):
    missing = [" ".join(p) for p, _, command in commands(root) if not reference.help_text(command)]
    assert missing == []


def test_every_option_and_argument_has_a_help_text(root):
    missing = [
        f"{' '.join(path)} {param.name}"
        for path, _, command in leaves(root)
        for param in command.params
        if not (getattr(param, "help", None) or "").strip()
    ]
    assert missing == []


def test_every_leaf_command_ends_with_an_example_of_itself(root):
    for path, _, command in leaves(root):
        lines = reference.help_text(command).split("\n")
        where = " ".join(path)
        prefix = f"Example: resoc {where}"
        assert lines[-1] == prefix or lines[-1].startswith(prefix + " "), where
        # its own paragraph, which Click does not rewrap ("\b" on the line before it)
        assert lines[-3:-1] == ["", "\b"], where


def test_every_example_parses_with_the_current_options(root):
    """The example's arguments go through Click's parser on the command itself: an option
    renamed or removed, a value no longer accepted, a required option added: it fails here."""
    for path, ctx, command in leaves(root):
        argv = shlex.split(reference.help_text(command).split("\n")[-1].removeprefix("Example: "))
        assert argv[: 1 + len(path)] == ["resoc", *path]
        args = argv[1 + len(path) :]
        try:
            command.make_context(path[-1], args, parent=ctx.parent, resilient_parsing=False)
        except Exception as exc:  # a UsageError, or anything else the parser raises
            message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
            pytest.fail(f"resoc {' '.join(path)}: the example does not parse: {message}")


def test_the_czech_help_ends_with_the_same_example():
    catalog = i18n.read_po(i18n.LOCALE_DIR / "cs" / "LC_MESSAGES" / "resoc.po")
    examples = {k: v for k, v in catalog.items() if isinstance(k, str) and "\nExample: " in k}
    assert len(examples) >= 40
    for msgid, msgstr in examples.items():
        command = msgid.rsplit("\nExample: ", 1)[1]
        assert msgstr.endswith("\n\n\b\nPříklad: " + command), msgid
