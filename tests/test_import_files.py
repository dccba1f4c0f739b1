"""Imports of files as other programs and people write them: a duration in hours (``1,5``,
``1:30``) instead of minutes, tab-separated text, UTF-16 "Unicode text" from a spreadsheet."""

import json

import pytest


@pytest.fixture
def ferda(ok):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("enrol", "K0001", "adult", "--date", "2026-09-01")


def write(path, text: str, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return str(path)


def minutes(ok):
    return [s["minutes"] for s in json.loads(ok("session", "list", "--json"))]


def test_sessions_import_takes_hours_instead_of_minutes(ferda, ok, tmp_path):
    f = write(
        tmp_path / "s.csv",
        'date,client,hours\n2026-10-01,K0001,"1,5"\n2026-10-02,K0001,1:30\n'
        "2026-10-03,K0001,2\n2026-10-04,K0001,45 min\n2026-10-05,K0001,12\n",
    )
    assert ok("import", "sessions", f) == "imported 5 session(s)"
    assert minutes(ok) == [90, 90, 120, 45, 720]


def test_sessions_import_minutes_as_people_type_them(ferda, ok, tmp_path):
    f = write(tmp_path / "s.csv", "date,client,minutes\n2026-10-01,K0001,90 min\n"
              "2026-10-02,K0001,1:30\n2026-10-03,K0001,90\n")  # fmt: skip
    assert ok("import", "sessions", f) == "imported 3 session(s)"
    assert minutes(ok) == [90, 90, 90]


def test_hours_and_minutes_that_agree_import_and_that_disagree_are_refused(
    ferda, ok, resoc, tmp_path
):
    # 100 minutes as a spreadsheet shows them in hours (1.67, 1,666666667) agree; 1.7 does not
    good = write(
        tmp_path / "good.csv",
        "date,client,minutes,hours\n2026-10-01,K0001,90,1.5\n2026-10-02,K0001,100,1.67\n"
        '2026-10-03,K0001,100,"1,666666667"\n2026-10-04,K0001,90,1:30\n2026-10-05,K0001,60,\n',
    )
    assert ok("import", "sessions", good, "--dry-run") == "would import 5 session(s)"
    bad = write(
        tmp_path / "bad.csv",
        "date,client,minutes,hours\n2026-10-01,K0001,90,1.5\n2026-10-02,K0001,100,1.7\n"
        "2026-10-03,K0001,90,2\n2026-10-04,K0001,90,1:31\n",
    )
    r = resoc("import", "sessions", bad)
    assert r.exit_code == 1
    problems = r.stderr.splitlines()
    assert problems[:3] == [
        "line 3: hours: 1.7 h does not agree with the minutes column (100);"
        " give one of them, or both the same",
        "line 4: hours: 2 h does not agree with the minutes column (90);"
        " give one of them, or both the same",
        "line 5: hours: 1:31 does not agree with the minutes column (90);"
        " give one of them, or both the same",
    ]
    assert "nothing was written" in problems[3] and len(problems) == 4
    assert minutes(ok) == []


def test_hours_refused_in_czech_with_the_row(ferda, resoc, tmp_path):
    f = write(tmp_path / "s.csv", "date,client,hours\n2026-10-01,K0001,2h75\n")
    r = resoc("--lang", "cs", "import", "sessions", f)
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0].endswith(
        "2: hours: '2h75' není délka trvání (zadejte např. 1,5, 1:30, 1h30 nebo 90 min)"
    )


def test_neither_hours_nor_minutes(ferda, resoc, ok, tmp_path):
    no_column = write(tmp_path / "a.csv", "date,client\n2026-10-01,K0001\n")
    r = resoc("import", "sessions", no_column)
    assert r.exit_code == 2
    assert r.stderr.strip().endswith("columns: required minutes or hours missing")
    blank = write(tmp_path / "b.csv", "date,client,minutes,hours\n2026-10-01,K0001,,\n")
    r = resoc("import", "sessions", blank)
    assert r.exit_code == 1 and r.stderr.startswith("line 2: minutes: Field required")
    assert minutes(ok) == []


def test_a_bad_duration_and_a_bad_date_are_both_listed(ferda, resoc, tmp_path):
    f = write(tmp_path / "s.csv", "date,client,hours\n2026-13-01,K0001,x\n")
    lines = resoc("import", "sessions", f).stderr.splitlines()
    assert lines[0].startswith("line 2: hours: 'x' is not a duration")
    assert lines[1].startswith("line 2: date: ")
