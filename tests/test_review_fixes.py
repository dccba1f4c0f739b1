"""Defects found in review, each pinned by a test."""

import json
import sqlite3
from pathlib import Path

import pytest


@pytest.fixture
def two(ok):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("client", "add", "Manka Loupežnická", "--born", "1983-01-17", "--sex", "f")
    ok("session", "add", "K0001", "--date", "2026-10-05", "--hours", "1")
    ok("session", "add", "K0002", "--date", "2026-10-06", "--hours", "1")


def _dump(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
@pytest.mark.sqlite_only("the SQLite file and its journals as the output")
def test_an_export_never_overwrites_the_database(two, ok, resoc, private_db, suffix):
    # Compared by content, not bytes: a checkpoint of an earlier command's WAL may rewrite
    # pages of the file with the same data (it made a byte comparison flaky).
    target = str(private_db) + suffix
    before = _dump(private_db)
    r = resoc("export", "clients", "-o", target)
    assert r.exit_code == 2 and "the database itself" in r.stderr
    assert _dump(private_db) == before
    assert not Path(target).exists() or not Path(target).read_bytes().startswith(b"code,")
    assert len(json.loads(ok("client", "list", "--json"))) == 2


def test_export_for_a_party_never_recorded_warns_and_a_bad_name_is_refused(two, ok, resoc):
    ok("client", "consent", "K0001", "pms", "--withdrawn", "2026-10-01")
    typo = resoc("export", "clients", "--for", "psm", "--format", "jsonl")
    assert typo.exit_code == 0 and "no consent was ever recorded for 'psm'" in typo.stderr
    bad = resoc("export", "clients", "--for", "p m s")
    assert bad.exit_code == 2 and bad.stdout == ""
    ok("client", "consent", "K0002", "pms", "--given", "2026-10-01")
    right = resoc("export", "clients", "--for", "pms", "--format", "jsonl")
    assert [json.loads(x)["code"] for x in right.stdout.splitlines()] == ["K0002"]
    assert right.stderr == "resoc: warning: 1 client left out, no consent for pms: K0001\n"


def test_xlsx_over_the_sheet_limit_is_refused_and_leaves_no_file(two, resoc, tmp_path, monkeypatch):
    monkeypatch.setattr("resoc_cli.formats.XLSX_MAX_ROWS", 1)
    out = tmp_path / "s.xlsx"
    r = resoc("export", "sessions", "--format", "xlsx", "-o", str(out))
    assert r.exit_code == 2 and "at most 1 rows" in r.stderr
    assert not out.exists() and not list(tmp_path.glob(".s.xlsx*"))


@pytest.mark.sqlite_only("resoc's backups are copies of the SQLite file")
def test_backup_and_restore_a_file_name_with_uri_characters(two, ok, tmp_path):
    odd = tmp_path / "záloha #1 ?%41.db"
    ok("backup", str(odd))
    ok("client", "add", "Cipísek Lesní", "--born", "2001-05-05", "--sex", "m")
    ok("restore", str(odd), "--yes")
    assert [c["code"] for c in json.loads(ok("client", "list", "--json"))] == ["K0001", "K0002"]
    names = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("z"))
    assert names == [odd.name, odd.name + ".sha256"]  # the backup and its recorded checksum


def test_quick_path_leaves_an_unknown_language_to_the_full_cli(two, resoc):
    from resoc_cli import main

    assert main.lookup(["--lang", "xx", "hours", "K0001"]) is None
    assert resoc("--lang", "xx", "hours", "K0001").exit_code == 2


def test_decomposed_accents_sort_like_composed_ones():
    import unicodedata

    from resoc_cli.domain.collation import czech_key, czech_keys

    names = ["Čapek", unicodedata.normalize("NFD", "Čermák"), "Cyril", "Dan"]
    assert sorted(names, key=czech_key) == ["Cyril", "Čapek", names[1], "Dan"]
    assert czech_keys(names) == [czech_key(n) for n in names]


@pytest.mark.parametrize("text", ["agenda = 3\n", 'privacy = "x"\n', "[privacy]\nretention = 5\n"])
def test_a_config_that_is_not_tables_of_known_settings_is_one_line(
    resoc, tmp_path, monkeypatch, text
):
    from resoc_cli import config

    path = tmp_path / "config.toml"
    path.write_text(text)
    monkeypatch.setenv("RESOC_CONFIG", str(path))
    config.load.cache_clear()
    try:
        for command in (("agenda",), ("retention",)):
            r = resoc(*command)
            if r.exit_code != 0:
                assert r.exit_code == 2 and r.stderr.startswith("resoc: error: config:")
                assert r.exception is None
        assert any(resoc(*c).exit_code == 2 for c in (("agenda",), ("retention",)))
    finally:
        config.load.cache_clear()


def test_asking_stops_when_the_rules_refuse_an_option_not_asked(resoc, ok, monkeypatch):
    monkeypatch.setattr("resoc_cli.commands.clients.interactive", lambda: True)
    answers = "Ferda Mravenec\n1.2.1990\nm\n\n\n\n\n\n" * 3
    r = resoc("client", "add", "--code", "bad code!", input=answers)
    assert r.exit_code == 2 and "code:" in r.stderr
    assert json.loads(ok("client", "list", "--all", "--json")) == []


def test_not_found_and_date_errors_do_not_echo_personal_data(resoc, ok):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    missing = resoc("hours", "Jan Novák")
    assert missing.exit_code == 3 and "Novák" not in missing.stderr
    future = resoc("client", "add", "Pat Kutil", "--born", "1.1.2090", "--sex", "m")
    assert future.exit_code == 2 and "2090" not in future.stderr
    assert "lies in the future" in future.stderr


@pytest.mark.sqlite_only(
    "a SQLite reader keeping the file's old pages (a server's VACUUM note: test_postgres_port)"
)
def test_erase_warns_when_a_reader_keeps_old_pages(ok, resoc, private_db, monkeypatch):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m", "--note", "tajné")
    ok("client", "close", "K0001")
    monkeypatch.setattr("resoc_cli.storage.privacy.scrub_files", lambda conn: False)
    r = resoc("client", "erase", "K0001", "--yes")
    assert r.exit_code == 0 and "another program is reading the database" in r.stderr
    reader = sqlite3.connect(private_db)
    assert reader.execute("SELECT name FROM clients").fetchone()[0] == "(erased)"
    reader.close()


@pytest.mark.sqlite_only("a SQLite reader holding old pages")
def test_scrub_reports_a_reader_holding_old_pages(ok, private_db):
    from resoc_cli.storage.db import connect
    from resoc_cli.storage.privacy import scrub_files

    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    reader = sqlite3.connect(private_db, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM clients").fetchone()  # a read snapshot
    ok("client", "add", "Manka Loupežnická", "--born", "1983-01-17", "--sex", "f")
    conn = connect(private_db)
    assert scrub_files(conn, attempts=1) is False
    reader.execute("COMMIT")
    reader.close()
    assert scrub_files(conn, attempts=1) is True
    wal = private_db.with_name(private_db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    conn.close()


@pytest.mark.sqlite_only("a SQLite page size")
def test_restore_of_a_backup_with_other_page_size_is_refused_clearly(
    two, ok, resoc, tmp_path, private_db
):
    other = tmp_path / "other.db"
    src = sqlite3.connect(private_db)
    dest = sqlite3.connect(other, isolation_level=None)
    src.backup(dest)
    src.close()
    dest.execute("PRAGMA journal_mode = DELETE")
    dest.execute("PRAGMA page_size = 8192")
    dest.execute("VACUUM")  # rebuilds the copy with 8 KB pages
    dest.close()
    assert sqlite3.connect(other).execute("PRAGMA page_size").fetchone()[0] == 8192
    r = resoc("restore", str(other), "--yes")
    assert r.exit_code == 5 and "8192-byte pages" in r.stderr and "nothing" in r.stderr
    assert not list(tmp_path.glob("data/resoc-before-restore-*"))
    assert len(json.loads(ok("client", "list", "--json"))) == 2


@pytest.mark.sqlite_only("restores a SQLite file")
def test_restore_gives_up_while_another_process_writes(two, ok, resoc, private_db, tmp_path):
    copy = tmp_path / "copy.db"
    ok("backup", str(copy))
    writer = sqlite3.connect(private_db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        from resoc_cli.storage.db import connect
        from resoc_cli.storage.restore import restore

        conn = connect(private_db)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            restore(conn, private_db, copy, "copy.db", 4, tmp_path / "kept.db", timeout=0.3)
        conn.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert len(json.loads(ok("client", "list", "--json"))) == 2
