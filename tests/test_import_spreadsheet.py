"""A realistic caseload of 100 clients from a Czech spreadsheet (`;`, BOM, D.M.YYYY dates),
then the same file with one broken row: nothing is imported and the row is named."""

import json

import pytest

FIRST = ["Ferda", "Manka", "Rumcajs", "Cipísek", "Křemílek"]
FIRST += ["Vochomůrka", "Pat", "Mat", "Bob", "Bobek"]
LAST = ["Mravenec", "Pohádková", "Smyšlený", "Vymyšlená", "Testovací"]
LAST += ["Loupežník", "Nebyl", "Skřítek", "Hastrmánek", "Dráček"]
HEADER = "Name;Born;Sex;Referral;Status;Programme;Start_date;Enrolment_state;Note"


def spreadsheet_rows() -> list[str]:
    rows = []
    for i in range(100):
        first, last = FIRST[i % 10], LAST[i // 10]
        born = f"{1 + i % 28}.{1 + i % 12}.{1960 + i % 45}"
        sex = "fmx"[i % 3]
        referral = ("pms", "court", "prison", "self", "family")[i % 5]
        status = ("released", "in-prison", "alternative-sentence", "at-risk")[i % 4]
        programme = "adult" if i % 4 else ""
        start = f"{1 + i % 28}.{1 + i % 9}.2026" if programme else ""
        state = "active" if programme else ""
        note = "poznámka; se středníkem" if i % 7 == 0 else ""
        rows.append(
            f'{first} {last};{born};{sex};{referral};{status};{programme};{start};{state};"{note}"'
        )
    return rows


def write(path, rows):
    path.write_bytes(("\ufeff" + HEADER + "\r\n" + "\r\n".join(rows) + "\r\n").encode())
    return str(path)


@pytest.fixture
def rows():
    return spreadsheet_rows()


def test_hundred_clients_import(rows, ok, tmp_path):
    f = write(tmp_path / "caseload.csv", rows)
    assert ok("import", "clients", f) == "imported 100 client(s)"
    clients = json.loads(ok("client", "list", "--all", "--json"))
    assert len(clients) == 100
    assert {c["code"] for c in clients} == {f"K{n:04d}" for n in range(1, 101)}
    caseload = json.loads(ok("caseload", "--json"))
    enrolled = [c for c in caseload if c["programme"] == "adult"]
    assert len(enrolled) == 75  # every fourth row has no programme
    shown = json.loads(ok("client", "show", "K0008", "--json"))
    assert shown["name"] == "Mat Mravenec" and shown["born"] == "1967-08-08"
    assert shown["note"] == "poznámka; se středníkem"
    assert [(e["programme"], e["start_date"], e["state"]) for e in shown["enrolments"]] == [
        ("adult", "2026-08-08", "active")
    ]


@pytest.mark.parametrize("broken_index", [0, 57, 99])
def test_same_file_with_one_broken_row_imports_nothing(rows, resoc, ok, tmp_path, broken_index):
    name, _born, rest = rows[broken_index].split(";", 2)
    rows[broken_index] = f"{name};31.2.1980;{rest}"  # no 31 February
    f = write(tmp_path / "caseload.csv", rows)
    r = resoc("import", "clients", f)
    assert r.exit_code == 1
    problems = r.stderr.splitlines()
    line = broken_index + 2  # the header is line 1
    assert problems[0].startswith(f"line {line}: born: ")
    assert len(problems) == 2 and "nothing was written" in problems[1]
    assert json.loads(ok("client", "list", "--all", "--json")) == []
