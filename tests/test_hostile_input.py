"""Hostile input: everything a user types or imports reaches SQL only as a parameter.

Quotes, SQL fragments, right-to-left overrides, emoji and combining characters are ordinary text:
stored and shown back byte for byte, and every table is still there afterwards. NUL bytes and
absurdly long values are refused (exit 2, or for an import the per-row problem list and exit 1)
with an error that never repeats the value, which is personal data, and nothing is written.
"""

import json
import re
import sqlite3
from contextlib import closing

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

HOSTILE = {
    "quotes": 'Ferda "Mravenec" O\'Mravenec',
    "drop-clients": "'; DROP TABLE clients; --",
    "drop-sessions": "Robert'); DROP TABLE sessions;--",
    "rtl-override": "Ferda \u202eMravenec\u202c Loupežník",
    "emoji": "Rumcajs 🐜 Loupežník 👨\u200d👩\u200d👧 🏴\u200d☠️",
    "combining": "Fe\u0301rda Mravenec\u030c Z\u0335\u0327\u0301algo",
    "mixed": "Manka\"); DELETE FROM plan_goals; -- \u202e😀 e\u0301 '",
    "superscript": "Ferda Mravenec² ①",  # digits to str.isdigit(), not to int()
}
IDS = list(HOSTILE)
SQLISH = {k: HOSTILE[k] for k in ("quotes", "drop-clients", "drop-sessions", "mixed")}

#: Every rejected value below contains this word; an error that shows it leaks personal data.
SECRET = "Mravenec"
NUL_NAME = "Ferda\x00Mravenec"
NUL_NOTE = "tajná poznámka o klientovi Mravenec\x00konec"
BIG = ("Ferda " + SECRET + " ") * (10 * 1024 * 1024 // 15)  # 10 MB
NUL_BORN = "14.3.1988\x00"  # a birth date is personal data too
DAY = "2026-11-02"


def tables(path) -> set[str]:
    """The tables in the database (a file, or a server's URL), read without going through
    resoc."""
    if isinstance(path, str):  # the postgresql engine: RESOC_DB is the database's URL
        import psycopg

        with psycopg.connect(path) as conn:
            rows = conn.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            ).fetchall()
        return {r[0] for r in rows}
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def counts(ok) -> dict:
    return json.loads(ok("db", "--json"))["counts"]


def as_json(ok, *args):
    return json.loads(ok(*args, "--json"))


def same(shown: str, typed: str) -> bool:
    return shown.encode("utf-8") == typed.encode("utf-8")


def echoed(value: str, stderr: str) -> bool:
    """Whether stderr repeats the value, as typed or escaped as a Python repr."""
    return value in stderr or repr(value)[1:-1] in stderr


@pytest.fixture
def schema(ok, private_db):
    """The tables of a fresh database; they must all survive every test here."""
    ok("init")
    found = tables(private_db)
    assert {"clients", "sessions", "family_members", "plan_goals", "contacts"} <= found
    return found


def assert_one_line_error(run, field: str, code: int = 2) -> None:
    assert run.exception is None, run.exception
    assert run.exit_code == code, run.stderr[:500]
    assert run.stderr.count("\n") == 1, run.stderr[:500]
    assert run.stderr.startswith(f"resoc: error: {field}: "), run.stderr[:500]


# --- stored and shown back byte for byte ------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE.values(), ids=IDS)
def test_hostile_text_is_stored_and_shown_back_unchanged(ok, private_db, schema, text):
    code = ok("client", "add", text, "--born", "1988-03-14", "--sex", "m", "--note", text)
    shown = as_json(ok, "client", "show", code)
    assert same(shown["name"], text) and same(shown["note"], text)
    assert [c["name"] for c in as_json(ok, "client", "list")] == [text]

    member = ok("family", "add", code, text, "--relation", "spouse", "--note", text)
    [family] = as_json(ok, "family", "list", code)
    assert same(family["name"], text) and same(family["note"], text)

    goal = ok("plan", "goal", code, "work", text)
    ok("plan", "review", code, "--date", DAY, "--note", text)
    plan = as_json(ok, "plan", "show", code)
    assert [g["id"] for g in plan["goals"]] == [int(goal)]
    assert same(plan["goals"][0]["text"], text)
    assert same(plan["reviews"][0]["note"], text)

    ok("enrol", code, "adult", "--date", "2026-10-01")
    ok("session", "add", code, "--date", DAY, "--hours", "2", "--note", text, "--with", member)
    [session] = as_json(ok, "session", "list", code)
    assert same(session["note"], text)
    ok("contact", "add", code, "--member", member, "--date", DAY, "--kind", "phone", "--note", text)
    [contact] = as_json(ok, "contact", "list", code)
    assert same(contact["note"], text) and same(contact["member"], text)
    [row] = as_json(ok, "caseload")
    assert same(row["name"], text)
    assert as_json(ok, "hours", code)["attended_minutes"] == 120

    edited = text[::-1]  # reversed: a different, equally hostile value
    ok("client", "edit", code, "--name", edited, "--note", edited)
    shown = as_json(ok, "client", "show", code)
    assert same(shown["name"], edited) and same(shown["note"], edited)
    for table in (
        ("client", "list"),
        ("client", "show", code),
        ("caseload",),
        ("family", "list", code),
        ("plan", "show", code),
        ("session", "list"),
    ):
        ok(*table)  # the human-readable forms render it too

    assert tables(private_db) == schema
    now = counts(ok)
    assert now == {
        **now,
        "clients": 1,
        "enrolments": 1,
        "sessions": 1,
        "family_members": 1,
        "contacts": 1,
        "plan_goals": 1,
        "plan_reviews": 1,
    }


@pytest.mark.parametrize("text", HOSTILE.values(), ids=IDS)
def test_hostile_close_reason_is_stored_unchanged(ok, private_db, schema, text):
    code = ok("client", "add", "Ferda Mravenec", "--born", "1988-03-14", "--sex", "m")
    ok("client", "close", code, "--date", DAY, "--reason", text)
    assert same(as_json(ok, "client", "show", code)["close_reason"], text)
    assert tables(private_db) == schema


@pytest.mark.parametrize("text", HOSTILE.values(), ids=IDS)
def test_hostile_text_imported_from_csv_is_stored_unchanged(ok, private_db, schema, text, tmp_path):
    cell = '"' + text.replace('"', '""') + '"'
    path = tmp_path / "clients.csv"
    path.write_text(
        f"name,born,sex,note\r\n{cell},14.3.1988,m,{cell}\r\nRumcajs Loupežník,1979-02-03,m,\r\n",
        encoding="utf-8",
    )
    assert ok("import", "clients", str(path)) == "imported 2 client(s)"
    shown = as_json(ok, "client", "show", "K0001")
    assert same(shown["name"], text) and same(shown["note"], text)
    assert tables(private_db) == schema


@pytest.mark.parametrize("text", SQLISH.values(), ids=list(SQLISH))
def test_hostile_lookups_are_refused_and_harm_nothing(ok, resoc, private_db, schema, text):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-03-14", "--sex", "m")
    before = counts(ok)
    refused = [
        (("client", "show", text), "client", 3),
        (("hours", text), "client", 3),
        (("check", text), "client", 3),
        (("session", "list", text), "client", 3),
        (("family", "list", text), "client", 3),
        (("enrol", "K0001", text), "programme", 3),
        (("client", "add", "Rumcajs Loupežník", "--born", "1979-02-03", "--sex", "m",
          "--code", text), "code", 2),
        (("programme", "add", text, "--name", "Pohádka", "--min-hours", "10"), "code", 2),
        (("client", "consent", "K0001", text, "--given", DAY), "party", 2),
        (("session", "list", "--month", text), "month", 2),
    ]  # fmt: skip
    for args, field, code in refused:
        run = resoc(*args)
        assert run.exception is None, (args, run.exception)
        assert run.exit_code == code, (args, run.stderr)
        assert run.stderr.count("\n") == 1, (args, run.stderr)
        assert run.stderr.startswith(f"resoc: error: {field}: "), (args, run.stderr)
    # a recipient must look like a party name: refused in one line, nothing exported
    refused = resoc("export", "clients", "--for", text)
    assert refused.exit_code == 2 and refused.stdout == ""
    assert (
        refused.stderr
        == "resoc: error: for: use a party name as recorded with resoc client consent\n"
    )
    assert tables(private_db) == schema
    assert counts(ok) == before


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(middle=st.text(max_size=40), note=st.text(max_size=40))
@example(middle="²", note="")
def test_any_name_and_note_is_stored_unchanged_or_refused_privately(ok, resoc, middle, note):
    """Arbitrary text: accepted and shown back unchanged, or refused with one line that does
    not repeat it and nothing written. A name of printable characters is always accepted."""
    name = f"Ferda {middle} {SECRET}"
    note = f"Poznámka {note} {SECRET}"
    before = as_json(ok, "client", "list", "--all")
    run = resoc(
        "client",
        "add",
        name,
        "--born",
        "1988-03-14",
        "--sex",
        "m",
        "--note",
        note,
        "--allow-duplicate",
    )
    assert run.exception is None, run.exception
    after = as_json(ok, "client", "list", "--all")
    if run.exit_code == 0:
        shown = as_json(ok, "client", "show", run.stdout.strip())
        assert same(shown["name"], name) and same(shown["note"], note)
        assert len(after) == len(before) + 1
    else:
        assert run.exit_code == 2, run.stderr
        assert run.stderr.count("\n") == 1 and run.stderr.startswith("resoc: error: ")
        assert SECRET not in run.stderr
        assert after == before
        assert not (name.isprintable() and note.isprintable()), run.stderr


# --- refused without echo, nothing written ------------------------------------------------------

NEW_CLIENT = ("client", "add")
BORN = ("--born", "1988-03-14", "--sex", "m")

REFUSED_ON_EMPTY = {
    "name-nul": ((*NEW_CLIENT, NUL_NAME, *BORN), NUL_NAME, "name"),
    "name-10mb": ((*NEW_CLIENT, BIG, *BORN), BIG, "name"),
    "note-nul": ((*NEW_CLIENT, "Ferda Mravenec", *BORN, "--note", NUL_NOTE), NUL_NOTE, "note"),
    "note-10mb": ((*NEW_CLIENT, "Ferda Mravenec", *BORN, "--note", BIG), BIG, "note"),
    "born-nul": ((*NEW_CLIENT, "Ferda Mravenec", "--born", NUL_BORN, "--sex", "m"), NUL_BORN,
                 "born"),
}  # fmt: skip


@pytest.mark.parametrize(
    ("args", "value", "field"), REFUSED_ON_EMPTY.values(), ids=list(REFUSED_ON_EMPTY)
)
def test_refused_new_client_is_not_echoed_and_not_written(
    ok, resoc, private_db, schema, args, value, field
):
    run = resoc(*args)
    assert_one_line_error(run, field)
    assert SECRET not in run.stderr and "1988" not in run.stderr
    assert not echoed(value, run.stderr)
    assert as_json(ok, "client", "list", "--all") == []
    assert tables(private_db) == schema


@pytest.fixture
def ferda(ok):
    """K0001 (not enrolled) with family member 1."""
    ok("client", "add", "Ferda Mravenec", "--born", "1988-03-14", "--sex", "m")
    assert ok("family", "add", "K0001", "Manka Mravencová", "--relation", "spouse") == "1"
    return "K0001"


def snapshot(ok):
    return (
        counts(ok),
        ok("client", "show", "K0001", "--json"),
        ok("family", "list", "K0001", "--json"),
        ok("plan", "show", "K0001", "--json"),
        ok("session", "list", "--json"),
        ok("contact", "list", "K0001", "--json"),
    )


def _variants(label, build, field):
    return {
        f"{label}-nul": (build(NUL_NOTE if field != "name" else NUL_NAME), field),
        f"{label}-10mb": (build(BIG), field),
    }


SESSION = ("session", "add", "K0001", "--date", DAY, "--hours", "2")
CONTACT = ("contact", "add", "K0001", "--member", "1", "--date", DAY, "--kind", "phone")
REFUSED_FOR_CLIENT = {
    **_variants("edit-name", lambda v: ("client", "edit", "K0001", "--name", v), "name"),
    **_variants("edit-note", lambda v: ("client", "edit", "K0001", "--note", v), "note"),
    **_variants("family-name", lambda v: ("family", "add", "K0001", v, "--relation", "child"),
                "name"),
    **_variants("family-note", lambda v: ("family", "add", "K0001", "Cipísek Mravenec",
                                          "--relation", "child", "--note", v), "note"),
    **_variants("goal-text", lambda v: ("plan", "goal", "K0001", "work", v), "text"),
    **_variants("review-note", lambda v: ("plan", "review", "K0001", "--note", v), "note"),
    **_variants("session-note", lambda v: (*SESSION, "--note", v), "note"),
    **_variants("contact-note", lambda v: (*CONTACT, "--note", v), "note"),
    **_variants("close-reason", lambda v: ("client", "close", "K0001", "--reason", v), "reason"),
    "edit-born-nul": (("client", "edit", "K0001", "--born", NUL_BORN), "born"),
}  # fmt: skip


@pytest.mark.parametrize(
    ("args", "field"), REFUSED_FOR_CLIENT.values(), ids=list(REFUSED_FOR_CLIENT)
)
def test_refused_change_is_not_echoed_and_not_written(
    ok, resoc, private_db, schema, ferda, args, field
):
    before = snapshot(ok)
    run = resoc(*args)
    assert_one_line_error(run, field)
    value = next(a for a in args if a in (NUL_NAME, NUL_NOTE, BIG, NUL_BORN))
    assert SECRET not in run.stderr and "1988" not in run.stderr
    assert not echoed(value, run.stderr)
    assert snapshot(ok) == before
    assert tables(private_db) == schema


# --- imports: a hostile file is refused as a whole --------------------------------------------

PROBLEM = re.compile(r"line (\d+): ([a-z-]+): \S.*")


def assert_import_refused(run, field: str, value: str) -> None:
    """The import contract (README): exit 1, one ``line N: field: problem`` line per problem and
    one closing ``resoc: error: import: ...`` line; never a traceback, never the value."""
    assert run.exception is None, repr(run.exception)[:300]
    assert run.exit_code == 1, run.stderr[:500]
    *problems, last = run.stderr.splitlines()
    assert last.startswith("resoc: error: import: "), run.stderr[:500]
    assert problems, run.stderr[:500]
    for problem in problems:
        match = PROBLEM.fullmatch(problem)
        assert match and match.group(1) == "3", problem[:500]
    assert field in {PROBLEM.fullmatch(p).group(2) for p in problems}
    assert SECRET not in run.stderr and "1988" not in run.stderr
    assert not echoed(value, run.stderr)


def _cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


CLIENT_FILES = {
    "csv-note-10mb": ("csv", "note", BIG),
    "csv-name-10mb": ("csv", "name", BIG),
    "csv-note-nul": ("csv", "note", NUL_NOTE),
    "csv-name-nul": ("csv", "name", NUL_NAME),
    "csv-born-nul": ("csv", "born", NUL_BORN),
    "jsonl-note-10mb": ("jsonl", "note", BIG),
    "jsonl-name-nul": ("jsonl", "name", NUL_NAME),
}


@pytest.mark.parametrize(("fmt", "field", "value"), CLIENT_FILES.values(), ids=list(CLIENT_FILES))
def test_hostile_client_file_is_refused_whole(ok, resoc, private_db, schema, tmp_path, fmt, field,
                                              value):  # fmt: skip
    """Line 2 is a good client, line 3 carries the hostile value: nothing is imported."""
    good = {"name": "Rumcajs Loupežník", "born": "1979-02-03", "sex": "m", "note": "bez poznámky"}
    bad = {"name": "Ferda Mravenec", "born": "1988-03-14", "sex": "m", "note": "", field: value}
    path = tmp_path / f"clients.{fmt}"
    if fmt == "csv":
        lines = [",".join(good), *(",".join(_cell(r[k]) for k in good) for r in (good, bad))]
        path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    else:
        path.write_text("{}\n\n{}\n".format(*(json.dumps(r) for r in (good, bad))), "utf-8")
    run = resoc("import", "clients", str(path))
    assert_import_refused(run, field, value)
    assert as_json(ok, "client", "list", "--all") == []
    assert tables(private_db) == schema


@pytest.mark.parametrize("value", [BIG, NUL_NOTE], ids=["note-10mb", "note-nul"])
def test_hostile_session_file_is_refused_whole(ok, resoc, private_db, schema, ferda, tmp_path,
                                               value):  # fmt: skip
    path = tmp_path / "sessions.csv"
    path.write_text(
        "date,client,minutes,note\r\n"
        f"{DAY},K0001,120,první sezení\r\n"
        f"{DAY},K0001,90,{_cell(value)}\r\n",
        encoding="utf-8",
    )
    before = snapshot(ok)
    run = resoc("import", "sessions", str(path))
    assert_import_refused(run, "note", value)
    assert snapshot(ok) == before
    assert as_json(ok, "session", "list") == []
    assert tables(private_db) == schema
