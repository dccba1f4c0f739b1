"""One undecodable byte in a stored name (issue 15, item 3, third part): written by another
program with sqlite3, it made `client list`, `caseload --json` and `export clients` print the
text around it in a database error, and `doctor` passed."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest

pytestmark = pytest.mark.sqlite_only("the bytes SQLite stores in the file")


@pytest.fixture
def broken(ok, private_db):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("client", "add", "Rumcajs Loupežník", "--born", "1979-06-01", "--sex", "m")
    ok("enrol", "K0002", "adult", "--date", "2026-01-05")
    with sqlite3.connect(private_db) as raw:
        raw.execute(
            "UPDATE clients SET name = CAST(x'46ff65' AS TEXT) || ' Loupežník Tajný'"
            " WHERE code = 'K0002'"
        )
    raw.close()
    return private_db


@pytest.mark.parametrize(
    "argv", [("client", "list"), ("caseload", "--json"), ("caseload",), ("export", "clients"),
             ("client", "show", "K0002")],
)  # fmt: skip
def test_a_stored_text_that_is_not_utf8_is_one_line_without_the_text(broken, argv):
    r = subprocess.run(
        [sys.executable, "-m", "resoc_cli", "--db", str(broken), *argv],
        capture_output=True, text=True, timeout=60, env={**os.environ, "RESOC_LANG": "en"},
    )  # fmt: skip
    assert r.returncode == 5
    assert r.stderr == (
        "resoc: error: a stored text (column name) is not valid UTF-8; run: resoc doctor\n"
    )
    assert "Loupežník" not in r.stderr and "Tajný" not in r.stderr


def test_doctor_names_the_table_column_and_row_never_the_text(broken, resoc):
    r = resoc("doctor", "--json")
    assert r.exit_code == 1
    found = {c["check"]: c for c in json.loads(r.stdout)["checks"]}
    assert found["text"]["status"] == "fail"
    assert found["text"]["detail"].endswith("clients.name: 1 row (id 2)")
    assert "Loupežník" not in r.stdout and "Tajný" not in r.stdout


def test_doctor_passes_texts_that_are_valid(ok, resoc):
    ok("client", "add", "Rumcajs Loupežník", "--born", "1979-06-01", "--sex", "m")
    found = {c["check"]: c for c in json.loads(resoc("doctor", "--json").stdout)["checks"]}
    assert found["text"]["status"] == "ok"


def test_a_bad_byte_at_the_end_of_a_column_is_not_healed_by_the_next(conn):
    """Columns are checked joined: the newline between them keeps a lone lead byte (0xc3)
    at the end of one from pairing with a continuation byte (0xa1) opening the next."""
    from resoc_cli.storage import texts

    conn.execute("CREATE TABLE t (a TEXT, b TEXT)")
    conn.execute("INSERT INTO t VALUES (CAST(x'41c3' AS TEXT), CAST(x'a142' AS TEXT))")
    assert [(t, c, n) for t, c, n, _ in texts.undecodable(conn)] == [("t", "a", 1), ("t", "b", 1)]


def test_the_rename_is_followed_by_an_fsync_of_its_folder(tmp_path, monkeypatch):
    """Item 14: after the atomic rename the folder is synced, so a crash cannot bring the
    old file back (not on Windows, where a folder cannot be opened)."""
    from resoc_cli import files

    synced = []
    real = os.fsync

    def fsync(fd):
        synced.append(os.path.isdir(f"/proc/self/fd/{fd}") if os.path.isdir("/proc") else None)
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with files.atomic_path(tmp_path / "out.csv", "output") as tmp, open(tmp, "w") as out:
        out.write("x")
    assert synced[-1] is True or (synced[-1] is None and len(synced) == 2)
    assert (tmp_path / "out.csv").read_text() == "x"
