"""Every command's --help, in both languages at 80 columns: an example, placeholders that read
as words (CLIENT, TEXT, N, ACTIVITY; never <str>, <int> or {CLIENT}), help for every option,
the choices of a vocabulary listed, and no code broken at a hyphen."""

import re

import pytest

from resoc_cli.completion_spec import SPEC


@pytest.mark.parametrize("lang", ["en", "cs"])
def test_every_help_reads_as_words(resoc, monkeypatch, lang):
    monkeypatch.setenv("COLUMNS", "80")
    wrong = []
    for path in SPEC:
        r = resoc("--lang", lang, *path, "--help")
        text = r.stdout
        where = " ".join(path)
        if r.exit_code != 0:
            wrong.append(f"{where}: exit {r.exit_code}")
            continue
        if ("Example:" if lang == "en" else "Příklad:") not in text:
            wrong.append(f"{where}: no example")
        for placeholder in re.findall(r"<\w+>|\{[A-Z_]+\}|<[a-z-]+\|", text):
            wrong.append(f"{where}: placeholder {placeholder}")
        lines = text.splitlines()
        for number, line in enumerate(lines):
            if len(line) > 80:
                wrong.append(f"{where}: wider than 80: {line}")
            if re.search(r"[a-z]-$", line) and number + 1 < len(lines):
                wrong.append(f"{where}: broken at a hyphen: {line.strip()}")
            option = re.match(r"^  (-\w, )?(--[a-z-]+)( [A-Z_-]+)?\s*$", line)
            if option and option.group(2) != "--help":
                following = lines[number + 1] if number + 1 < len(lines) else ""
                if not following.startswith(" " * 10):
                    wrong.append(f"{where}: {option.group(2)} has no help")
    assert wrong == [], "\n".join(wrong)


def test_a_vocabulary_lists_its_choices_in_the_readers_words(resoc, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    english = " ".join(resoc("session", "add", "--help").stdout.split())
    assert "--attendance ATTENDANCE" in english
    assert "[attended, late, excused, no-show]" in english
    czech = " ".join(resoc("--lang", "cs", "session", "add", "--help").stdout.split())
    assert "[účast, pozdní příchod, omluvená neúčast, neomluvená neúčast]" in czech
    assert "Usage: resoc session add [OPTIONS] CLIENT" in english
    assert "CLIENT The client: a code (K0001) or a part of the name." in english
