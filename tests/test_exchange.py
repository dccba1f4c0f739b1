"""Exports and imports: formats, the injection guard, pseudonyms, all-or-nothing, round trip."""

import csv
import io
import json
import os
import subprocess
import sys

import pytest


@pytest.fixture
def caseload(ok):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m", "--note", "tajné")
    ok("client", "add", '=HYPERLINK("x")', "--born", "1990-01-01", "--sex", "f")
    ok("enrol", "K0001", "adult", "--date", "2026-09-01")
    ok(
        "session",
        "add",
        "K0001",
        "--date",
        "2026-10-05",
        "--hours",
        "2",
        "--phase",
        "1",
        "--note",
        "-rozhovor",
    )
    ok("session", "add", "K0001", "--date", "2026-10-12", "--minutes", "90", "--attendance", "late")
    ok("session", "add", "K0001", "--date", "2026-11-02", "--hours", "2")
    ok(
        "session",
        "add",
        "K0002",
        "--date",
        "2026-10-20",
        "--hours",
        "1",
        "--activity",
        "consultation",
    )


def rows(text: str, delimiter=","):
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def test_sessions_csv_columns_and_month(caseload, resoc):
    r = resoc("export", "sessions", "--month", "2026-10")
    assert r.exit_code == 0 and r.stderr == ""
    header = r.stdout.splitlines()[0]
    assert header == (
        "session_id,date,client,programme,activity,minutes,attendance,phase,note,meeting_id"
    )
    data = rows(r.stdout)
    assert [d["date"] for d in data] == ["2026-10-05", "2026-10-12", "2026-10-20"]
    assert data[1]["attendance"] == "late" and data[1]["minutes"] == "90"
    assert data[2]["programme"] == ""  # K0002 is not enrolled
    assert {d["meeting_id"] for d in data} == {""}  # no session is from a meeting


def test_from_to_inclusive(caseload, resoc):
    r = resoc("export", "sessions", "--from", "2026-10-12", "--to", "2026-11-02")
    assert [d["date"] for d in rows(r.stdout)] == ["2026-10-12", "2026-10-20", "2026-11-02"]


def test_formula_injection_neutralised(caseload, resoc):
    sessions = rows(resoc("export", "sessions").stdout)
    assert sessions[0]["note"] == "'-rozhovor"
    clients = rows(resoc("export", "clients").stdout)
    assert clients[1]["name"] == '\'=HYPERLINK("x")'


def test_excel_variant(caseload, resoc, tmp_path):
    out = tmp_path / "x.csv"
    r = resoc("export", "clients", "--excel", "--output", str(out))
    assert r.exit_code == 0 and r.stdout == ""
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    data = rows(raw.decode("utf-8-sig"), delimiter=";")
    assert data[0]["name"] == "Ferda Mravenec"
    assert (
        data[0]["attended_minutes"] == "330"
    )  # late counts and data[0]["required_minutes"] == "1800"
    assert data[0]["complete"] == "false" and data[0]["enrolment_state"] == "active"


def test_json_and_jsonl(caseload, resoc):
    doc = json.loads(resoc("export", "sessions", "--format", "json").stdout)
    assert len(doc) == 4 and doc[0]["minutes"] == 120 and doc[0]["client"] == "K0001"
    lines = resoc("export", "sessions", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == doc


def test_pseudonymised_export_is_stable_and_private(caseload, resoc):
    first = resoc("export", "sessions", "--pseudonymise").stdout
    second = resoc("export", "sessions", "--pseudonymise", "--format", "jsonl").stdout
    data = rows(first)
    names = {d["client"] for d in data}
    assert len(names) == 2 and all(n.startswith("P-") for n in names)
    assert "K0001" not in first and "rozhovor" not in first
    assert {json.loads(x)["client"] for x in second.splitlines()} == names
    clients = resoc("export", "clients", "--pseudonymise").stdout
    assert "Ferda" not in clients and "1988-04-12" not in clients and "tajné" not in clients
    assert {d["code"] for d in rows(clients)} == names


def test_output_is_atomic_on_failure(caseload, resoc, tmp_path):
    out = tmp_path / "keep.csv"
    out.write_text("old export\n")
    r = resoc("export", "sessions", "--format", "xml", "--output", str(out))
    assert r.exit_code == 2
    assert out.read_text() == "old export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_round_trip_into_empty_database(caseload, resoc, ok, tmp_path):
    clients = tmp_path / "clients.jsonl"
    sessions = tmp_path / "sessions.csv"
    ok("export", "clients", "--format", "jsonl", "--output", str(clients))
    ok("export", "sessions", "--output", str(sessions))
    before = json.loads(ok("hours", "K0001", "--json"))
    other = str(tmp_path / "new.db")
    assert ok("--db", other, "import", "clients", str(clients)) == "imported 2 client(s)"
    assert ok("--db", other, "import", "sessions", str(sessions)) == "imported 4 session(s)"
    assert json.loads(ok("--db", other, "hours", "K0001", "--json")) == before
    original = json.loads(ok("client", "list", "--json"))
    assert json.loads(ok("--db", other, "client", "list", "--json")) == original
    again = ok("--db", other, "export", "sessions")
    assert [r["note"] for r in rows(again)] == [r["note"] for r in rows(ok("export", "sessions"))]


def write_csv(path, text: str, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_import_clients_minimal_columns_semicolon_bom(resoc, ok, tmp_path):
    f = write_csv(
        tmp_path / "c.csv",
        "\ufeffSex;Name;Born\nf;Manka Loupežnická;17.1.1983\nm;Rumcajs Loupežník;1979-09-30\n",
    )
    assert ok("import", "clients", f) == "imported 2 client(s)"
    listed = json.loads(ok("client", "list", "--json"))
    assert [(c["code"], c["name"]) for c in listed] == [
        ("K0001", "Manka Loupežnická"),
        ("K0002", "Rumcajs Loupežník"),
    ]


def test_one_bad_row_imports_nothing_and_lists_every_problem(resoc, ok, tmp_path):
    f = write_csv(
        tmp_path / "c.csv",
        "name,born,sex\nFerda Mravenec,1988-04-12,m\n"
        "Manka Loupežnická,1983-02-30,f\nRumcajs Loupežník,1979-09-30,q\n",
    )
    r = resoc("import", "clients", f)
    assert r.exit_code == 1
    lines = r.stderr.splitlines()
    assert lines[0].startswith("line 3: born: ")
    assert lines[1].startswith("line 4: sex: ")
    assert "nothing was written" in lines[-1]
    assert json.loads(ok("client", "list", "--json")) == []
    dry = resoc("import", "clients", f, "--dry-run")
    assert dry.exit_code == 1 and dry.stderr.splitlines()[:2] == lines[:2]


def test_dry_run_writes_nothing(ok, tmp_path):
    f = write_csv(tmp_path / "c.csv", "name,born,sex\nFerda Mravenec,1988-04-12,m\n")
    assert ok("import", "clients", f, "--dry-run") == "would import 1 client(s)"
    assert json.loads(ok("client", "list", "--json")) == []


def test_unknown_column_named(resoc, tmp_path):
    f = write_csv(tmp_path / "c.csv", "name,born,sex,shoe_size\nFerda Mravenec,1988-04-12,m,44\n")
    r = resoc("import", "clients", f)
    assert r.exit_code == 2 and "'shoe_size'" in r.stderr and r.stderr.count("\n") == 1


def test_missing_required_column(resoc, tmp_path):
    f = write_csv(tmp_path / "c.csv", "name,sex\nFerda Mravenec,m\n")
    r = resoc("import", "clients", f)
    assert r.exit_code == 2 and "born" in r.stderr


def test_cp1250_needs_the_option(resoc, ok, tmp_path):
    f = write_csv(tmp_path / "c.csv", "name,born,sex\nŽabák Kvákal,1995-07-07,m\n", "cp1250")
    r = resoc("import", "clients", f)
    assert r.exit_code == 2 and "--encoding cp1250" in r.stderr
    assert ok("import", "clients", f, "--encoding", "cp1250") == "imported 1 client(s)"
    assert json.loads(ok("client", "list", "--json"))[0]["name"] == "Žabák Kvákal"


def test_sessions_import_validates_every_row(caseload, resoc, ok, tmp_path):
    before = ok("export", "sessions")
    f = write_csv(
        tmp_path / "s.csv",
        "date,client,minutes\n2026-10-01,K0001,60\n"
        "2026-10-02,K9999,60\n2026-10-03,K0001,0\n2999-01-01,K0001,60\n",
    )
    r = resoc("import", "sessions", f)
    assert r.exit_code == 1
    problems = r.stderr.splitlines()[:-1]
    assert [p.split(":")[0] for p in problems] == ["line 3", "line 4", "line 5"]
    assert ok("export", "sessions") == before


def test_cron_export_without_terminal(caseload, tmp_path):
    """`resoc export sessions --month 2026-10 > oct.csv` as a script would run it."""
    exe = os.path.join(os.path.dirname(sys.executable), "resoc")
    with open(tmp_path / "oct.csv", "w") as out:
        done = subprocess.run(
            [exe, "export", "sessions", "--month", "2026-10"],
            stdout=out,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=os.environ,
        )
    assert done.returncode == 0 and done.stderr == b""
    assert len(rows((tmp_path / "oct.csv").read_text())) == 3
