"""The quick path for `hours` and `check`: same output and exit codes as the full CLI, only the
standard library loaded, and everything else falls through to Typer."""

import contextlib
import io
import json
import subprocess
import sys

import pytest

from resoc_cli import answers, main
from resoc_cli.services import status

pytestmark = pytest.mark.sqlite_only("the quick path reads the SQLite file itself")


@pytest.fixture
def caseload(ok):
    a = ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("enrol", a, "adult", "--date", "2026-01-05")
    for day in ("2026-01-06", "2026-01-13", "2026-01-20"):
        ok("session", "add", a, "--date", day, "--hours", "2", "--phase", "1")
    b = ok("client", "add", "Cipísek Lesní", "--born", "2010-05-05", "--sex", "m")
    ok("programme", "add", "kratky", "--name", "Krátký kurz", "--min-hours", "1", "--no-plan")
    ok("enrol", b, "kratky", "--date", "2026-02-02")
    ok("session", "add", b, "--date", "2026-02-03", "--hours", "1")
    c = ok("client", "add", "Šnek Pomalý", "--born", "1970-05-05", "--sex", "m")  # never enrolled
    return a, b, c


def run_quick(capsys, *argv):
    code = main.lookup(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    "argv",
    [
        ("hours", "K0001"),
        ("hours", "k0001", "--json"),
        ("hours", "--json", "K0002"),
        ("check", "K0001"),
        ("check", "K0001", "--json"),
        ("check", "K0002"),
        ("check", "K0002", "--json"),
        ("hours", "K0003"),
        ("check", "K0003"),
        ("hours", "K0404"),
        ("check", "K0404", "--json"),
        ("caseload", "--json"),
    ],
)
def test_quick_path_prints_exactly_what_the_full_cli_prints(caseload, resoc, capsys, argv):
    full = resoc(*argv)
    code, out, err = run_quick(capsys, *argv)
    assert (code, out, err) == (full.exit_code, full.stdout, full.stderr)
    assert full.exit_code in (0, 1, 3)


@pytest.mark.parametrize(
    ("argv", "czech"),
    [
        (("--db", "{db}", "--lang", "cs", "hours", "K0001"), "6\u00a0h z 30\u00a0h"),
        (("--lang", "cs", "--db", "{db}", "check", "K0002"), "„Krátký kurz“: splněno"),
        (("--db={db}", "--lang=cs", "hours", "K0404"), "neexistuje"),
    ],
)
def test_lang_after_db_speaks_czech_on_both_paths(caseload, resoc, capsys, private_db, argv, czech):
    argv = [a.replace("{db}", str(private_db)) for a in argv]
    full = resoc(*argv)
    assert czech in full.stdout + full.stderr
    assert run_quick(capsys, *argv) == (full.exit_code, full.stdout, full.stderr)


def test_quick_path_takes_db_option(caseload, resoc, capsys, private_db, monkeypatch):
    monkeypatch.delenv("RESOC_DB")
    for argv in (
        ("--db", str(private_db), "hours", "K0001"),
        (f"--db={private_db}", "check", "K0002"),
    ):
        code, out, _ = run_quick(capsys, *argv)
        assert code == 0 and out.startswith(argv[-1])


@pytest.mark.parametrize(
    "argv",
    [
        (),
        ("hours",),
        ("hours", "K0001", "--by", "month"),
        ("hours", "K0001", "--help"),
        ("check",),
        ("check", "--json"),
        ("check", "K0001", "K0002"),
        ("check", "K0001", "--json", "--json"),
        ("caseload",),
        ("caseload", "--json", "--json"),
        ("--version",),
        ("--db", "x.db"),
        ("client", "show", "K0001"),
    ],
)
def test_everything_else_goes_to_the_full_cli(argv):
    assert main.lookup(list(argv)) is None


def test_quick_lookup_loads_only_the_standard_library(caseload, private_db):
    code = (
        "import sys\n"
        "from resoc_cli import main\n"
        "code = main.run(['hours', 'K0001', '--json'])\n"
        "heavy = [m for m in ('typer', 'click', 'rich', 'pydantic', 'sqlite_utils',"
        " 'platformdirs') if m in sys.modules]\n"
        "print('exit', code, 'heavy', heavy, file=sys.stderr)\n"
    )
    env = {"RESOC_DB": str(private_db), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert '"attended_minutes": 360' in r.stdout
    assert r.stderr.strip() == "exit 0 heavy []"


def test_quick_path_maps_a_refused_file_like_the_full_cli(resoc, capsys, private_db):
    private_db.parent.mkdir(parents=True, exist_ok=True)
    private_db.write_bytes(b"Dear diary, " * 400)
    full = resoc("hours", "K0001")
    code, out, err = run_quick(capsys, "hours", "K0001")
    assert (code, out, err) == (full.exit_code, full.stdout, full.stderr) == (5, "", err)
    assert err.startswith("resoc: error: ") and len(err.splitlines()) == 1


def test_a_client_named_by_a_unique_part_of_the_name(caseload, ok, resoc, capsys):
    # K0001 Ferda Mravenec, K0002 Cipísek Lesní, K0003 Šnek Pomalý
    assert ok("hours", "mravenec").startswith("K0001 adult")
    assert ok("hours", "CIPISEK").startswith("K0002 kratky")  # case and accents ignored
    assert json.loads(ok("client", "show", "šnek", "--json"))["code"] == "K0003"
    for argv in (("hours", "mravenec"), ("check", "lesní", "--json")):
        full = resoc(*argv)
        assert run_quick(capsys, *argv) == (full.exit_code, full.stdout, full.stderr)
    missing = resoc("hours", "Rumcajs")
    assert missing.exit_code == 3 and "no client with that code or name" in missing.stderr


def test_an_ambiguous_name_lists_the_candidates(caseload, ok, resoc, capsys):
    ok("client", "add", "Ferda Mravencův", "--born", "1990-01-01", "--sex", "m")
    r = resoc("hours", "mraven")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == (
        "resoc: error: client: 'mraven' matches 2 clients: K0004 Ferda Mravencův,"
        " K0001 Ferda Mravenec; use the code\n"  # Czech order: c before e
    )
    assert run_quick(capsys, "hours", "mraven") == (2, "", r.stderr)
    assert resoc("session", "add", "mraven", "--hours", "1").exit_code == 2
    assert json.loads(ok("client", "show", "mravencův", "--json"))["code"] == "K0004"


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_hours_chart_on_a_terminal_only(caseload, ok, private_db):
    from resoc_cli.storage.db import connect

    ok("session", "add", "K0001", "--date", "2026-02-03", "--hours", "1.5")
    conn = connect(private_db)
    document, enrolment_id = status.hours_document(conn, "K0001")
    assert answers.month_chart(conn, enrolment_id, width=10) == [
        "  2026-01  ██████████  6 h",
        "  2026-02  ██          1.5 h",  # 90 of 360 min: a quarter of the width
    ]
    terminal = Terminal()
    with contextlib.redirect_stdout(terminal):
        answers.print_hours(conn, document, enrolment_id)
    lines = terminal.getvalue().splitlines()
    assert lines[0].startswith("K0001 adult: 7.5 h of 30 h") and len(lines) == 3
    pipe = ok("hours", "K0001")  # not a terminal: the one line only
    assert pipe.splitlines() == [lines[0]]


def test_caseload_json_is_the_documents_as_json_byte_for_byte(caseload, ok, private_db, capsys):
    """`caseload --json` writes its rows straight from SQL; it must read exactly as the generic
    JSON writer prints the documents, whatever the values (quotes, %, accents, nulls)."""
    from datetime import date

    from resoc_cli import render
    from resoc_cli.storage.db import connect

    odd = ok("client", "add", 'Lotrando "100 %" \\ Zubejda', "--born", "1980-01-01", "--sex", "x")
    member = ok("family", "add", odd, "Dcera", "--relation", "child")
    ok("contact", "add", odd, "--member", member, "--date", "2026-03-01", "--kind", "phone")
    ok("plan", "need", odd, "housing")
    conn = connect(private_db)
    today = date(2026, 11, 23)
    render.emit_json(status.caseload_documents(conn, today))
    generic = capsys.readouterr().out
    assert answers.caseload_json(conn, today) == generic
    rows = json.loads(generic)
    assert [r["name"] for r in rows][-1] == "Šnek Pomalý"  # Czech order: Š after Z
    by_code = {r["code"]: r for r in rows}
    assert by_code[odd]["days_since_family_contact"] == 267
    assert by_code[odd]["plan"] == "draft" and by_code[odd]["programme"] is None
    assert by_code["K0001"]["attended_minutes"] == 360 and by_code["K0001"]["plan"] == "none"
    conn.close()


def test_caseload_json_stays_json_when_another_tool_stored_odd_types(caseload, ok, private_db):
    """SQLite keeps whatever a foreign tool writes: a text minimum or a real number of minutes
    must still give valid JSON, the same as the generic writer's."""
    import sqlite3

    raw = sqlite3.connect(private_db)
    raw.execute("UPDATE programmes SET min_minutes = '30 h' WHERE code = 'adult'")
    raw.execute("UPDATE sessions SET minutes = 90.5 WHERE id = 4")
    raw.commit()
    raw.close()
    rows = {r["code"]: r for r in json.loads(ok("caseload", "--json"))}
    assert rows["K0001"]["required_minutes"] == "30 h"
    assert rows["K0002"]["attended_minutes"] == 90.5


@pytest.mark.parametrize("argv", [("hours", "K0001"), ("check", "K0001", "--json"),
                                  ("caseload", "--json"), ("client", "list")])  # fmt: skip
def test_a_full_disk_under_stdout_is_one_line_and_no_traceback(caseload, private_db, argv):
    """Found by attack: `resoc hours K0001 > /dev/full` printed a traceback on the quick path."""
    with open("/dev/full", "w") as full:
        r = subprocess.run(
            [sys.executable, "-m", "resoc_cli", "--db", str(private_db), *argv],
            stdout=full, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
    assert r.returncode == 5, r.stderr
    assert r.stderr.startswith("resoc: error: cannot use a file: ") and r.stderr.count("\n") == 1
