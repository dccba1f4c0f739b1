"""Click's own words in the curator's language, and Czech spellings of codes as input.

The Click inside Typer words its usage errors ("Missing argument 'CLIENT'.") and its help
("Usage:", "Show this message and exit.") in English, some of it without gettext. This module
translates them at the edge: usage errors by pattern (so it works whichever Click wording a
Typer release ships), the help screen through a formatter, and it lets every option whose
values are a vocabulary of codes accept the Czech names as well (``--activity
socialni-vycvik`` as well as ``--activity social-training``).
"""

import re

from resoc_cli.i18n import _, language

# Each pattern's named groups fill the msgid's placeholders; "rest" is translated in turn.
_PATTERNS = [
    (r"Missing argument (?P<name>.+?)\.", "Missing argument {name}."),
    (r"Missing option (?P<name>.+?)\.", "Missing option {name}."),
    (r"Missing parameter:? (?P<name>.+?)\.?", "Missing parameter: {name}"),
    (r"No such option:? (?P<name>\S+?)\.?(?: (?P<rest>.+))?", "No such option: {name}"),
    (r"No such command:? (?P<name>\S+?)\.?(?: (?P<rest>.+))?", "No such command: {name}"),
    (
        r"Got unexpected extra arguments? ?(?:\(s\))? \((?P<args>.*)\)",
        "Unexpected argument ({args})",
    ),
    (r"Option (?P<name>\S+) requires an argument\.", "Option {name} requires a value."),
    (r"Option (?P<name>\S+) does not take a value\.", "Option {name} does not take a value."),
    (r"Invalid value for (?P<name>.+?): (?P<rest>.+)", "Invalid value for {name}:"),
    (r"(?P<value>.+) is not a valid int(?:eger)?(?: range)?\.", "{value} is not a whole number."),
    (r"(?P<value>.+) is not a valid float(?: range)?\.", "{value} is not a number."),
    (r"(?P<value>.+) is not in the range (?P<range>.+)\.", "{value} is not in the range {range}."),
    (r"(?P<value>.+) is not one of (?P<choices>.+)\.", "{value} is not one of {choices}."),
    (r"(?P<value>.+) is not (?P<choices>'[^']*')\.", "{value} is not one of {choices}."),
    (r"\(Possible options: (?P<choices>.+)\)", "(did you mean: {choices}?)"),
]
_SUGGESTION = re.compile(r"(.+?)\.? Did you mean (.+)\?", re.DOTALL)
_COMPILED = [(re.compile(p + r"\Z", re.DOTALL), msgid) for p, msgid in _PATTERNS]


def usage_error(message: str) -> str:
    """A Click usage error in the current language (English passes unchanged)."""
    if language() == "en":
        return message
    suggestion = _SUGGESTION.fullmatch(message.strip())
    if suggestion:  # Typer appends its suggestion to a message that may be translated already
        head, choices = suggestion.groups()
        did = _("Did you mean {choices}?").format(choices=choices)
        return f"{usage_error(head).rstrip('.')}. {did}"
    for pattern, msgid in _COMPILED:
        found = pattern.match(message.strip())
        if found:
            fields = {k: v for k, v in found.groupdict().items() if k != "rest"}
            text = _(msgid).format(**fields)
            rest = found.groupdict().get("rest")
            return f"{text} {usage_error(rest)}" if rest else text
    return message


def speak_click(command) -> None:
    """Czech words on the help screen of ``command``: the usage line's prefix and the help
    option's own text (Click writes both without the catalog)."""
    context_class = command.context_class
    formatter_class = context_class.formatter_class

    class Formatter(formatter_class):
        def write_usage(self, prog, args="", prefix=None):
            for word in _USAGE_WORDS:  # the usage line's placeholders: [OPTIONS] COMMAND ...
                args = args.replace(word, _(word))
            super().write_usage(prog, args, _("Usage:") + " " if prefix is None else prefix)

        def write_dl(self, rows, *args, **kwargs):
            rows = [(term, _(text) if text == _HELP_OPTION else text) for term, text in rows]
            super().write_dl(rows, *args, **kwargs)

    class Context(context_class):
        pass

    Context.formatter_class = Formatter
    command.context_class = Context


_HELP_OPTION = "Show this message and exit."
_USAGE_WORDS = ("[OPTIONS]", "COMMAND", "[ARGS]")


def refusal(enum, typed: str) -> str:
    """Why ``typed`` is not a code of ``enum``, in the reader's words: the codes it could
    mean when it begins several (``pr``), else every choice; in Czech by their Czech names
    (which are accepted), with the code beside each."""
    from resoc_cli.domain.codes import czech_name, meanings
    from resoc_cli.i18n import _, language

    def shown(code: str) -> str:
        if language() == "cs" and czech_name(code) != code:
            return f"{czech_name(code)} ({code})"
        return code

    possible = meanings(enum, typed)
    if len(possible) > 1:
        return _("{value!r} could mean {choices}: type more of it").format(
            value=typed, choices=", ".join(shown(c) for c in possible)
        )
    return _("{value!r} is none of {choices}").format(
        value=typed, choices=", ".join(shown(m.value) for m in enum)
    )


def name_the_value(param) -> None:
    """Help that reads as words: an option's value named by what it is (``--activity
    ACTIVITY``, ``--phase N``, ``--note TEXT``) rather than Typer's ``<str>``, ``<int>`` or a
    list of every code; a required argument as its name (``CLIENT``), not ``{CLIENT}``."""
    if param.param_type_name == "argument":
        if param.metavar is None and getattr(param.type, "choices", None):
            param.metavar = param.name.strip("_").upper()
        if param.metavar is not None:
            shown = param.metavar

            def make_metavar(ctx, *, usage: bool = False, _shown=shown, _param=param) -> str:
                return f"[{_shown}]" if usage and not _param.required else _shown

            param.make_metavar = make_metavar
        return
    if param.metavar is not None or getattr(param, "is_flag", False):
        return
    if getattr(param.type, "choices", None):
        param.metavar = param.name.strip("_").upper().replace("_", "-")
    elif getattr(param.type, "name", "") in ("integer", "int"):
        param.metavar = "N"
    else:
        param.metavar = "TEXT"


def help_without_hyphen_breaks() -> None:
    """Click wraps help at hyphens (``social-`` / ``training``): a code is never broken."""
    try:
        from typer._click import _textwrap
    except ImportError:  # a Typer without its own click: nothing to change
        return
    wrapper = _textwrap.TextWrapper
    if getattr(wrapper, "_resoc_whole_words", False):
        return
    original = wrapper.__init__

    def init(self, *args, **kwargs):
        kwargs.setdefault("break_on_hyphens", False)
        original(self, *args, **kwargs)

    wrapper.__init__ = init
    wrapper._resoc_whole_words = True


def accept_czech_codes(param) -> None:
    """Let an option or argument whose values are one vocabulary of codes also accept that
    vocabulary's Czech names (with or without accents); the command still receives the code."""
    from resoc_cli.domain.codes import CZECH, code_of

    choices = getattr(param.type, "choices", None)
    if not choices:
        return
    offered = {getattr(c, "value", c) for c in choices}
    enum = next((e for e in CZECH if offered == {m.value for m in e}), None)
    if enum is None:
        return
    original = param.type.convert

    def convert(value, param, ctx):
        typed = value
        if isinstance(value, str):
            value = code_of(enum, value)
        import typer  # its own click: the exception a choice raises is typer's

        try:
            return original(value, param, ctx)
        except typer.BadParameter as exc:
            if not isinstance(typed, str):
                raise
            raise typer.BadParameter(refusal(enum, typed), ctx=ctx, param=param) from exc

    param.type.convert = convert
