"""Typesetting a paper with Typst: the only module that imports it (``resoc print`` alone
loads it; a test pins that no other command does).

A template (``templates/<name>.typ``) reads one JSON document, ``sys.inputs.data``, made by
``domain.papers``: values arrive as plain strings, never as Typst markup, so a note or a name
can hold any character. Only the fonts built into the typst package are used (Libertinus
Serif), never the machine's, so that a paper looks the same on every computer.
"""

import json
from pathlib import Path

from resoc_cli.domain.errors import StorageError
from resoc_cli.i18n import _

TEMPLATES = Path(__file__).with_name("templates")


def pdf(template: str, data: dict) -> bytes:
    """The PDF of ``data`` typeset with the template."""
    try:
        import typst
    except ImportError:
        raise StorageError(
            _(
                "print: the typesetter is missing; reinstall resoc (pip install --force-reinstall "
                "resoc) to bring the typst package back"
            )  # fmt: skip
        ) from None
    source = TEMPLATES / f"{template}.typ"
    try:
        document = typst.compile(
            str(source),
            root=str(TEMPLATES),
            font_paths=[],
            ignore_system_fonts=True,
            sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        )
    except Exception as exc:  # a template error is a bug; the user gets one line, no trace
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StorageError(
            _("print: the document could not be typeset ({error})").format(error=first[:200])
        ) from None
    return document
