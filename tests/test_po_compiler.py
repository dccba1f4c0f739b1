"""The catalog compiler (i18n.read_po / mo_bytes): contexts, fuzzy and empty entries, as GNU
gettext treats them."""

import gettext
import io

from resoc_cli import i18n

HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n>=2 && n<=4 ? 1 : 2);\\n"
"""


def compiled(tmp_path, body: str):
    po = tmp_path / "t.po"
    po.write_text(HEADER + "\n" + body, encoding="utf-8")
    entries = i18n.read_po(po)
    return entries, gettext.GNUTranslations(io.BytesIO(i18n.mo_bytes(entries)))


def test_fuzzy_entries_are_skipped_and_the_english_shows(tmp_path):
    entries, catalog = compiled(
        tmp_path,
        '#, fuzzy\nmsgid "client"\nmsgstr "klient"\n\n'
        '#: src/x.py:1\n#, python-format, fuzzy\nmsgid "goal"\nmsgstr "cíl"\n\n'
        'msgid "plan"\nmsgstr "plán"\n',
    )
    assert "client" not in entries and "goal" not in entries
    assert catalog.gettext("client") == "client"
    assert catalog.gettext("goal") == "goal"
    assert catalog.gettext("plan") == "plán"  # the neighbour of a fuzzy entry is kept


def test_a_fuzzy_header_is_kept(tmp_path):
    po = tmp_path / "t.po"
    po.write_text("#, fuzzy\n" + HEADER + '\nmsgid "plan"\nmsgstr "plán"\n', encoding="utf-8")
    entries = i18n.read_po(po)
    assert "Plural-Forms" in entries[""]
    assert entries["plan"] == "plán"


def test_empty_translations_are_skipped(tmp_path):
    entries, catalog = compiled(
        tmp_path,
        'msgid "client"\nmsgstr ""\n\n'
        'msgid "{n} client"\nmsgid_plural "{n} clients"\n'
        'msgstr[0] "{n} klient"\nmsgstr[1] ""\nmsgstr[2] "{n} klientů"\n\n'
        'msgid "{n} goal"\nmsgid_plural "{n} goals"\n'
        'msgstr[0] "{n} cíl"\nmsgstr[1] "{n} cíle"\nmsgstr[2] "{n} cílů"\n',
    )
    assert "client" not in entries
    assert ("{n} client", "{n} clients") not in entries  # one empty form: all English
    assert catalog.gettext("client") == "client"
    assert catalog.ngettext("{n} client", "{n} clients", 2) == "{n} clients"
    assert [catalog.ngettext("{n} goal", "{n} goals", n) for n in (0, 1, 2, 5)] == [
        "{n} cílů",
        "{n} cíl",
        "{n} cíle",
        "{n} cílů",
    ]


def test_contexts_are_keyed_as_gettext_looks_them_up(tmp_path):
    entries, catalog = compiled(
        tmp_path,
        'msgid "open"\nmsgstr "otevřít"\n\n'
        'msgctxt "state"\nmsgid "open"\nmsgstr "otevřený"\n\n'
        'msgctxt "meeting"\nmsgid "{n} session"\nmsgid_plural "{n} sessions"\n'
        'msgstr[0] "{n} setkání"\nmsgstr[1] "{n} setkání"\nmsgstr[2] "{n} setkání"\n\n'
        '#, fuzzy\nmsgctxt "verb"\nmsgid "close"\nmsgstr "zavřít"\n',
    )
    assert entries["state\x04open"] == "otevřený"
    assert catalog.gettext("open") == "otevřít"
    assert catalog.pgettext("state", "open") == "otevřený"
    assert catalog.pgettext("other", "open") == "open"
    assert catalog.npgettext("meeting", "{n} session", "{n} sessions", 5) == "{n} setkání"
    assert catalog.pgettext("verb", "close") == "close"


def test_pgettext_and_npgettext_fall_back_to_english():
    with i18n.speaking("cs"):
        assert i18n.pgettext("no such context", "client") == "client"
        assert i18n.npgettext("no such context", "{n} x", "{n} xs", 2) == "{n} xs"
    with i18n.speaking("en"):
        assert i18n.pgettext("state", "open") == "open"
