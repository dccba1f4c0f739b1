"""One vocabulary across the JSON documents: every command with --json is run on a small
caseload, and each document names a client by ``client`` (beside an older ``code``), and
every key it holds has a row in the vocabulary table of docs/reference.md."""

import json

import pytest
import typer

from resoc_cli import reference
from resoc_cli.cli import app

#: Every command that takes --json, with the arguments it is run with here. A new command
#: with --json fails ``test_every_json_command_is_run`` until it is added.
JSON_COMMANDS = {
    ("enrol",): [["enrol", "K0006", "adult", "--date", "2026-11-02"]],
    ("hours",): [["hours", "K0002"], ["hours", "K0002", "--by", "month"],
                 ["hours", "K0002", "--by", "activity"]],
    ("check",): [["check", "K0002"], ["check"]],
    ("caseload",): [["caseload"]],
    ("db",): [["db"]],
    ("db", "copy"): [["db", "copy", "--to", "{tmp}/copy.db"]],
    ("retention",): [["retention", "--years", "1"]],
    ("log",): [["log", "--since", "2026-01-01"], ["log", "K0001"]],
    ("doctor",): [["doctor"]],
    ("agenda",): [["agenda"]],
    ("dnes",): [["dnes"]],
    ("undo",): [["undo", "--dry-run"]],
    ("client", "list"): [["client", "list", "--all"]],
    ("client", "show"): [["client", "show", "K0006"], ["client", "show", "K0001"]],
    ("client", "assign"): [["client", "assign", "K0009", "novakova"]],
    ("client", "share"): [["client", "share", "K0009", "dvorak"]],
    ("programme", "list"): [["programme", "list"]],
    ("enrolment", "edit"): [["enrolment", "edit", "K0007", "--date", "2026-10-05"]],
    ("session", "list"): [["session", "list"], ["session", "list", "K0007"]],
    ("session", "edit"): [["session", "edit", "1", "--note", "opraveno"]],
    ("group", "list"): [["group", "list"]],
    ("group", "show"): [["group", "show", "SV-ZIMA"]],
    ("meeting", "add"): [["meeting", "add", "SV-ZIMA", "--date", "2026-11-26", "--hours", "2"]],
    ("meeting", "list"): [["meeting", "list"]],
    ("meeting", "show"): [["meeting", "show", "1"]],
    ("meeting", "edit"): [["meeting", "edit", "1", "--note", "opraveno"]],
    ("family", "list"): [["family", "list", "K0006"]],
    ("contact", "list"): [["contact", "list", "K0006"]],
    ("plan", "show"): [["plan", "show", "K0001"]],
    ("report", "year"): [["report", "year", "2026"]],
    ("report", "month"): [["report", "month", "2026-11"]],
    ("config", "show"): [["config", "show"]],
}  # fmt: skip

#: Commands whose output is a file format rather than a --json document.
EXPORTS = [
    ["export", "sessions", "--format", "json"],
    ["export", "clients", "--format", "json"],
    ["export", "clients", "--format", "jsonl"],
]


def json_commands() -> set[tuple[str, ...]]:
    root = typer.main.get_command(app)
    found = set()
    for ctx, command in reference.walk(root):
        if any("--json" in p.opts for p in command.params):
            found.add(tuple(ctx.command_path.split()[1:]))
    return found


@pytest.fixture
def documents(ok, resoc, tmp_path, private_db):
    """Every JSON document of the commands above on the example caseload, with a group, two
    meetings and a closed client: ``[(args, document)]``."""
    ok("example")
    if str(private_db).startswith("postgresql://"):  # client assign and share name logins
        from tests.support import create_logins

        create_logins(private_db, "novakova", "dvorak")
    ok("group", "add", "SV-ZIMA", "--name", "Sociální výcvik, zima", "--programme", "adult")
    ok("group", "join", "SV-ZIMA", "K0007", "K0008", "K0009", "--date", "2026-11-02")
    ok("meeting", "add", "SV-ZIMA", "--date", "2026-11-24", "--hours", "2", "--late", "K0009")
    ok("client", "add", "Pan Zavřený", "--born", "1970-01-01", "--sex", "m")
    ok("client", "close", "K0010", "--date", "2026-11-03")
    out = []
    for runs in JSON_COMMANDS.values():
        for args in runs:
            args = [a.format(tmp=tmp_path) for a in args]
            result = resoc(*args, "--json")  # check and doctor say 1 for what they found
            assert result.exception is None and result.exit_code in (0, 1), (args, result)
            out.append((args, json.loads(result.stdout)))
    for args in EXPORTS:
        text = ok(*args)
        if "jsonl" in args:
            out.append((args, [json.loads(line) for line in text.splitlines()]))
        else:
            out.append((args, json.loads(text)))
    return out


def walk(value, path=()):
    """``(path, dict)`` for every object inside a document."""
    if isinstance(value, dict):
        yield path, value
        for key, inner in value.items():
            yield from walk(inner, (*path, key))
    elif isinstance(value, list):
        for inner in value:
            yield from walk(inner, path)


def test_every_json_command_is_run():
    assert json_commands() == set(JSON_COMMANDS)


#: Objects whose ``code`` is not a client's: a programme's, a group's.
NOT_CLIENTS = {("programme", "list"), ("group", "list"), ("group", "show")}


def test_a_client_code_is_also_named_client(documents):
    codes = {d["client"] for args, doc in documents if args == ["client", "list", "--all"]
             for d in doc}  # fmt: skip
    assert "K0001" in codes and "K0010" in codes
    missing = []
    for args, document in documents:
        for path, d in walk(document):
            if isinstance(d.get("code"), str) and d["code"] in codes:
                if tuple(args[:2]) in NOT_CLIENTS and not path:
                    continue
                if d.get("client") != d["code"]:
                    missing.append((args, path))
    assert missing == []
    checked = {tuple(a) for a, doc in documents for _, d in walk(doc) if "code" in d}
    assert ("caseload",) in checked and ("client", "show", "K0006") in checked


def test_an_import_reads_the_json_names_of_the_columns(ok, resoc, tmp_path):
    """``client``, ``release_date`` and ``contract_date`` are twins of the clients file's
    ``code``, ``release`` and ``contract``: either name, or both when they agree."""
    path = tmp_path / "klienti.csv"
    path.write_text(
        "client,name,born,sex,release_date,contract,contract_date\n"
        "K0100,Ferda Mravenec,1988-04-12,m,2027-01-31,,2026-11-02\n"
        "K0101,Beruška Tečkovaná,1990-02-03,f,,2026-11-03,2026-11-03\n",
        encoding="utf-8",
    )
    ok("import", "clients", str(path))
    shown = json.loads(ok("client", "show", "K0100", "--json"))
    assert (shown["client"], shown["release_date"], shown["contract_date"]) == (
        "K0100", "2027-01-31", "2026-11-02")  # fmt: skip
    assert json.loads(ok("client", "show", "K0101", "--json"))["contract_date"] == "2026-11-03"
    exported = json.loads(ok("export", "clients", "--format", "json"))
    assert [(r["code"], r["client"], r["release"], r["release_date"]) for r in exported] == [
        ("K0100", "K0100", "2027-01-31", "2027-01-31"), ("K0101", "K0101", None, None)]  # fmt: skip
    again = tmp_path / "znovu.csv"
    again.write_text(
        "code,client,name,born,sex\nK0102,K0103,Pan Dvojí,1970-01-01,m\n", encoding="utf-8"
    )
    refused = resoc("import", "clients", str(again))
    assert refused.exit_code == 2 and refused.exception is None
    assert refused.stderr == "resoc: error: line 2: client: differs from code\n"
    assert json.loads(ok("client", "list", "--json"))[-1]["code"] != "K0102"


def test_hours_by_month_is_also_a_list(ok):
    ok("example")
    document = json.loads(ok("hours", "K0002", "--by", "month", "--json"))
    assert document["by"] == {"2026-03": 600, "2026-04": 480, "2026-05": 480, "2026-06": 210}
    assert document["months"][0] == {"month": "2026-03", "sessions": 5, "minutes": 600,
                                     "hours": 10}  # fmt: skip
    assert [(m["month"], m["minutes"]) for m in document["months"]] == list(document["by"].items())
    assert document["months"][-1]["hours"] == 3.5
    by_activity = json.loads(ok("hours", "K0002", "--by", "activity", "--json"))
    assert [a["activity"] for a in by_activity["activities"]] == list(by_activity["by"])


def test_check_of_one_client_has_the_list_of_all(resoc):
    resoc("example")
    one = json.loads(resoc("check", "K0002", "--json").stdout)
    every = json.loads(resoc("check", "--json").stdout)
    assert one["client"] == "K0002" and one["complete"] is False  # the old shape
    assert one["clients"] == [d for d in every if d["client"] == "K0002"]


def command_of(args: list[str]) -> str:
    """``["meeting", "show", "1"]`` as ``meeting show``; ``["hours", "K0002"]`` as ``hours``."""
    from resoc_cli.cli import COMMANDS

    return args[0] if args[0] not in GROUPS and args[0] in COMMANDS else " ".join(args[:2])


GROUPS = {"db", "client", "programme", "enrolment", "session", "group", "meeting", "family",
          "contact", "plan", "report", "config", "export"}  # fmt: skip


def test_every_key_of_every_document_has_a_row_in_the_vocabulary(documents):
    from resoc_cli.vocabulary import MAPS, VOCABULARY, places

    rows = {key: places(where) for key, _kind, _meaning, where, _csv in VOCABULARY}
    assert len(rows) == len(VOCABULARY), "a key has two rows"
    missing, unplaced, seen = set(), set(), set()
    for args, document in documents:
        for path, d in walk(document):
            if MAPS & set(path):
                continue  # the keys of a map are data
            for key in d:
                seen.add(key)
                if key not in rows:
                    missing.add(key)
                elif command_of(args) not in rows[key]:
                    unplaced.add((key, command_of(args)))
    assert sorted(missing) == [], "add a row to resoc_cli/vocabulary.py"
    assert sorted(unplaced) == [], "name the command in the row's 'where'"
    assert sorted(set(rows) - seen) == [], "a row for a key no command prints"


def test_the_vocabulary_is_one_table_in_the_reference():
    text = reference.REFERENCE.read_text(encoding="utf-8")
    section = text.split("## JSON vocabulary\n", 1)[1]
    assert "| key | meaning | type | where | CSV column |" in section
    assert "| `release_date` | expected release from prison | date |" in section
    assert text.count("## JSON vocabulary") == 1
