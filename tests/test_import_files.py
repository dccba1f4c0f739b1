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


CLIENTS = (
    "name\tborn\tsex\r\n"
    "Manka Loupežnická\t17.1.1983\tf\r\n"
    "Žofie Třešňová-Ďurišová\t1979-09-30\tf\r\n"
)
NAMES = ["Manka Loupežnická", "Žofie Třešňová-Ďurišová"]


def names(ok):
    return [c["name"] for c in json.loads(ok("client", "list", "--json"))]


def test_a_tab_separated_file_imports(ok, tmp_path):
    f = write(tmp_path / "klienti.txt", CLIENTS)
    assert ok("import", "clients", f) == "imported 2 client(s)"
    assert names(ok) == NAMES


@pytest.mark.parametrize(
    "encoded",
    [
        "\ufeff".encode("utf-16-le") + CLIENTS.encode("utf-16-le"),  # Excel's "Unicode text"
        "\ufeff".encode("utf-16-be") + CLIENTS.encode("utf-16-be"),
        CLIENTS.encode("utf-16-le"),  # no byte-order mark
        CLIENTS.encode("utf-8-sig"),
    ],
    ids=["utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-8-bom"],
)
def test_unicode_text_from_a_spreadsheet_imports(ok, tmp_path, encoded):
    f = tmp_path / "klienti.txt"
    f.write_bytes(encoded)
    assert ok("import", "clients", str(f)) == "imported 2 client(s)"
    assert names(ok) == NAMES


def test_sessions_in_utf16_with_hours_and_semicolons(ferda, ok, tmp_path):
    text = "datum;client;hours\r\n".replace("datum", "date") + "2026-10-01;K0001;1,5\r\n"
    f = tmp_path / "s.csv"
    f.write_bytes(codecs_bom_le() + text.encode("utf-16-le"))
    assert ok("import", "sessions", str(f)) == "imported 1 session(s)"
    assert minutes(ok) == [90]


def codecs_bom_le() -> bytes:
    import codecs

    return codecs.BOM_UTF16_LE


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [("name,born,sex", ","), ("name;born;sex", ";"), ("name\tborn\tsex", "\t")],
)
def test_the_delimiter_comes_from_the_header_row(ok, tmp_path, header, delimiter):
    # the data holds the other delimiters: only the header row decides
    d = delimiter
    f = write(tmp_path / "c.csv", f'{header}\n"Ferda Mravenec; ml., st\tx"{d}1988-04-12{d}m\n')
    assert ok("import", "clients", f) == "imported 1 client(s)"
    assert names(ok) == ["Ferda Mravenec; ml., st\tx"]


def test_a_broken_utf16_file_is_not_told_to_use_cp1250(resoc, ok, tmp_path):
    f = tmp_path / "c.txt"
    f.write_bytes(codecs_bom_le() + CLIENTS.encode("utf-16-le")[:-1])  # an odd byte at the end
    r = resoc("import", "clients", str(f))
    assert r.exit_code == 2 and r.exception is None
    [line] = r.stderr.splitlines()
    assert "cp1250" not in line and "utf-16" in line
    assert names(ok) == []
