"""Exports and imports of sessions from group meetings: the meeting_id column, its round trip
into a database holding the same meetings, and every refusal of a meeting_id on import."""

import csv
import io
import json

import openpyxl
import pytest

SUMMARY = "resoc: error: import: 1 problem(s) in the sessions file; nothing was written"


@pytest.fixture
def meetings(ok):
    """K0001 and K0002 in the adult programme and in group SV; meeting 1 of SV on 2026-03-09
    (K0002 absent), meeting 2 of K0001 alone on 2026-03-16, and K0002's own session on
    2026-03-17 (from no meeting)."""
    ok("client", "add", "Testovací Klient", "--born", "1990-01-01", "--sex", "m")
    ok("client", "add", "Testovací Klientka", "--born", "1991-02-02", "--sex", "f")
    for code in ("K0001", "K0002"):
        ok("enrol", code, "adult", "--date", "2026-03-02")
    ok("group", "add", "SV", "--name", "Sociální výcvik", "--programme", "adult")
    ok("group", "join", "SV", "K0001", "K0002", "--date", "2026-03-02")
    ok("meeting", "add", "SV", "--date", "2026-03-09", "--hours", "2", "--absent", "K0002")
    ok("meeting", "add", "--client", "K0001", "--date", "2026-03-16", "--minutes", "90")
    ok("session", "add", "K0002", "--date", "2026-03-17", "--hours", "1", "--note", "-rozhovor")


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def without_ids(records: list[dict]) -> list[dict]:
    """The records without session_id (an imported session gets a new one)."""
    return [{k: v for k, v in r.items() if k != "session_id"} for r in records]


def participants(ok, db: str | None, meeting: int) -> list[tuple]:
    prefix = ("--db", db) if db else ()
    doc = json.loads(ok(*prefix, "meeting", "show", str(meeting), "--json"))
    return [(p["client"], p["attendance"], p["minutes"]) for p in doc["participants"]]


def test_export_names_the_meeting_of_each_session(meetings, ok):
    data = rows(ok("export", "sessions"))
    assert list(data[0])[-1] == "meeting_id"  # added at the end
    assert [(d["date"], d["client"], d["meeting_id"]) for d in data] == [
        ("2026-03-09", "K0001", "1"),
        ("2026-03-09", "K0002", "1"),
        ("2026-03-16", "K0001", "2"),
        ("2026-03-17", "K0002", ""),  # from no meeting: empty
    ]
    doc = json.loads(ok("export", "sessions", "--format", "json"))
    assert [d["meeting_id"] for d in doc] == [1, 1, 2, None]


def test_pseudonymised_export_labels_the_meetings_afresh(meetings, ok):
    """Issue 15: the meeting id would join to a normal export; a label drawn for this
    export still groups the sessions of one meeting."""
    data = rows(ok("export", "sessions", "--pseudonymise"))
    by_date = sorted(data, key=lambda d: d["date"])
    labels = [d["meeting_id"] for d in by_date]
    assert labels[0] == labels[1] != labels[2] and labels[3] == ""
    assert all(label.startswith("M-") for label in labels[:3])
    assert all(d["client"].startswith("P-") for d in data)
    assert {d["note"] for d in data} == {""}  # the note is still left out
    lines = ok("export", "sessions", "--pseudonymise", "--format", "jsonl").splitlines()
    again = sorted((json.loads(line) for line in lines), key=lambda d: d["date"])
    assert {d["meeting_id"] for d in again}.isdisjoint(labels[:3])


def test_xlsx_meeting_id_is_a_number_or_empty(meetings, resoc, tmp_path):
    out = tmp_path / "march.xlsx"
    assert resoc("export", "sessions", "--format", "xlsx", "-o", str(out)).exit_code == 0
    ws = openpyxl.load_workbook(out).active
    assert ws.cell(row=1, column=11).value == "meeting_id"  # after the xlsx-only hours column
    assert [ws.cell(row=n, column=11).value for n in range(2, 6)] == [1, 1, 2, None]
    assert ws.cell(row=2, column=11).data_type == "n"


@pytest.mark.sqlite_only("round-trips through a backup of the SQLite file")
@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_round_trip_into_a_database_with_the_same_meetings(meetings, ok, tmp_path, fmt):
    exported = tmp_path / f"sessions.{fmt}"
    ok("export", "sessions", "--format", fmt, "--output", str(exported))
    before = without_ids(rows(ok("export", "sessions")))
    hours = json.loads(ok("hours", "K0001", "--json"))
    # a copy holding the same meetings, its sessions deleted
    copy = str(tmp_path / "copy.db")
    ok("backup", copy)
    for session in rows(ok("--db", copy, "export", "sessions")):
        ok("--db", copy, "session", "delete", session["session_id"], "--yes")
    assert rows(ok("--db", copy, "export", "sessions")) == []
    assert participants(ok, copy, 1) == []

    assert ok("--db", copy, "import", "sessions", str(exported), "--dry-run") == (
        "would import 4 session(s)"
    )
    assert rows(ok("--db", copy, "export", "sessions")) == []
    assert ok("--db", copy, "import", "sessions", str(exported)) == "imported 4 session(s)"

    assert without_ids(rows(ok("--db", copy, "export", "sessions"))) == before
    for meeting in (1, 2):
        assert participants(ok, copy, meeting) == participants(ok, None, meeting)
    assert json.loads(ok("--db", copy, "hours", "K0001", "--json")) == hours


def test_importing_the_same_file_twice_is_refused(meetings, resoc, ok, tmp_path):
    exported = tmp_path / "sessions.csv"
    ok("export", "sessions", "--output", str(exported))
    before = snapshot(ok)
    r = resoc("import", "sessions", str(exported))
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "line 2: meeting-id: the client already has a session of meeting 1",
        "line 3: meeting-id: the client already has a session of meeting 1",
        "line 4: meeting-id: the client already has a session of meeting 2",
        "resoc: error: import: 3 problem(s) in the sessions file; nothing was written",
    ]
    assert snapshot(ok) == before


def snapshot(ok) -> tuple:
    """What an import could change: the sessions, each meeting's participants, the audit
    trail and the journal."""
    import os

    from support import rows

    counts = tuple(
        rows(os.environ["RESOC_DB"], f"SELECT count(*) FROM {table}")[0][0]
        for table in ("sessions", "audit", "changes", "journal")
    )
    return ok("export", "sessions"), participants(ok, None, 1), participants(ok, None, 2), counts


def write_csv(path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def refused(resoc, ok, tmp_path, body: str):
    """Import ``body`` (after the header date,client,minutes,meeting_id): the run, and
    whether the database is as before."""
    before = snapshot(ok)
    f = write_csv(tmp_path / "s.csv", "date,client,minutes,meeting_id\n" + body)
    r = resoc("import", "sessions", f)
    dry = resoc("import", "sessions", f, "--dry-run")
    assert dry.exit_code == r.exit_code and dry.stderr == r.stderr
    return r, snapshot(ok) == before


def test_unknown_meeting_refused(meetings, resoc, ok, tmp_path):
    r, unchanged = refused(resoc, ok, tmp_path, "2026-03-17,K0002,60,\n2026-03-09,K0001,120,99\n")
    assert r.exit_code == 1 and unchanged
    assert r.stderr.splitlines() == [
        "line 3: meeting-id: no meeting with id 99 in this database",
        SUMMARY,
    ]


@pytest.mark.sqlite_only("round-trips through a backup of the SQLite file")
def test_a_session_moved_off_its_meetings_date_round_trips(meetings, ok, tmp_path):
    """session edit may move a participant's session to another day (it then differs from
    its meeting): the export of such a session imports back with its meeting."""
    moved = next(r for r in rows(ok("export", "sessions")) if r["client"] == "K0001")
    ok("session", "edit", moved["session_id"], "--date", "2026-03-10")
    exported = tmp_path / "sessions.csv"
    ok("export", "sessions", "--output", str(exported))
    before = without_ids(rows(ok("export", "sessions")))
    copy = str(tmp_path / "copy.db")
    ok("backup", copy)
    for session in rows(ok("--db", copy, "export", "sessions")):
        ok("--db", copy, "session", "delete", session["session_id"], "--yes")
    assert ok("--db", copy, "import", "sessions", str(exported)) == "imported 4 session(s)"
    after = without_ids(rows(ok("--db", copy, "export", "sessions")))
    assert after == before
    moved_back = [(r["date"], r["client"], r["meeting_id"]) for r in after]
    assert ("2026-03-10", "K0001", "1") in moved_back


def test_the_same_client_and_meeting_twice_in_the_file_refused(meetings, resoc, ok, tmp_path):
    # K0002 has no session of meeting 2 yet: the first row alone would be imported
    body = "2026-03-16,K0002,90,2\n2026-03-17,K0001,60,\n2026-03-16,k0002,90,2\n"
    r, unchanged = refused(resoc, ok, tmp_path, body)
    assert r.exit_code == 1 and unchanged
    assert r.stderr.splitlines() == [
        "line 4: meeting-id: the same client and meeting 2 as line 2",
        SUMMARY,
    ]


def test_a_client_with_a_session_of_the_meeting_already_refused(meetings, resoc, ok, tmp_path):
    r, unchanged = refused(resoc, ok, tmp_path, "2026-03-09,K0002,120,1\n")
    assert r.exit_code == 1 and unchanged
    assert r.stderr.splitlines() == [
        "line 2: meeting-id: the client already has a session of meeting 1",
        SUMMARY,
    ]


@pytest.mark.parametrize(
    "value",
    ["abc", "1.5", "0", "-1", "+1", "1e3", "²", "Testovací Klient", "9" * 19, "1" * 5000],
)
def test_a_meeting_id_that_is_not_a_whole_number_from_1_refused(
    meetings, resoc, ok, tmp_path, value
):
    r, unchanged = refused(resoc, ok, tmp_path, f'2026-03-16,K0002,90,"{value}"\n')
    assert r.exit_code == 1 and unchanged
    assert r.stderr.splitlines() == [
        "line 2: meeting-id: not a meeting id (a whole number from 1)",
        SUMMARY,
    ]
    assert "Testovací" not in r.stderr  # a name in the wrong column is never echoed


def test_an_empty_meeting_id_is_no_meeting_and_a_good_one_is_kept(meetings, resoc, ok, tmp_path):
    body = "2026-03-18,K0001,60,\n2026-03-16,K0002,90, 2 \n"
    f = write_csv(tmp_path / "s.csv", "date,client,minutes,meeting_id\n" + body)
    assert ok("import", "sessions", f) == "imported 2 session(s)"
    data = rows(ok("export", "sessions"))
    assert [(d["date"], d["client"], d["meeting_id"]) for d in data[-2:]] == [
        ("2026-03-17", "K0002", ""),
        ("2026-03-18", "K0001", ""),
    ]
    assert participants(ok, None, 2) == [("K0001", "attended", 90), ("K0002", "attended", 90)]


def test_czech_messages_of_a_refused_meeting_id(meetings, resoc, ok, tmp_path, monkeypatch):
    monkeypatch.setenv("RESOC_LANG", "cs")
    body = "2026-03-17,K0002,90,99\n2026-03-09,K0001,120,1\n2026-03-09,K0001,120,x\n"
    r, unchanged = refused(resoc, ok, tmp_path, body)
    assert r.exit_code == 1 and unchanged
    assert r.stderr.splitlines()[:3] == [
        "řádek 2: meeting-id: společné setkání s číslem 99 v této databázi neexistuje",
        "řádek 3: meeting-id: klient už je účastníkem společného setkání 1",
        "řádek 4: meeting-id: musí být číslo společného setkání (celé číslo od 1)",
    ]
