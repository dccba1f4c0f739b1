"""The database file: location, permissions, migrations, refusal of foreign files."""

import json
import os
import sqlite3
import stat
import subprocess
import sys

import pytest

from resoc_cli.errors import StorageError
from resoc_cli.storage import db as dbmod

pytestmark = pytest.mark.sqlite_only("opening, creating and migrating the SQLite file itself")


@pytest.mark.no_database
def test_created_private_on_first_use(ok, private_db):
    assert not private_db.parent.exists()
    ok("init")
    assert stat.S_IMODE(private_db.stat().st_mode) == 0o600
    assert stat.S_IMODE(private_db.parent.stat().st_mode) == 0o700


def test_pragmas_and_version(private_db):
    conn = dbmod.connect(private_db)
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == dbmod.latest_version()


@pytest.mark.no_database
def test_db_option_beats_env(ok, tmp_path, private_db):
    other = tmp_path / "other.db"
    ok("--db", str(other), "client", "add", "Ferda Mravenec", "--born", "1990-01-01", "--sex", "m")
    assert other.exists()
    assert not private_db.exists()


def test_init_is_idempotent(ok, private_db):
    ok("client", "add", "Ferda Mravenec", "--born", "1990-01-01", "--sex", "m")
    assert f"schema {dbmod.latest_version()}" in ok("init")
    assert f"schema {dbmod.latest_version()}" in ok("init")
    assert "Ferda Mravenec" in ok("client", "list")


def test_migration_upgrades_in_place_without_losing_data(ok, private_db, monkeypatch):
    ok("client", "add", "Ferda Mravenec", "--born", "1990-01-01", "--sex", "m")
    real = dbmod.migrations()
    extra = (len(real) + 1, "test column", "ALTER TABLE clients ADD COLUMN nickname TEXT;")
    monkeypatch.setattr(dbmod, "migrations", lambda: (*real, extra))
    conn = dbmod.connect(private_db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(real) + 1
    row = conn.execute("SELECT name, nickname FROM clients").fetchone()
    assert tuple(row) == ("Ferda Mravenec", None)


def test_failed_migration_leaves_version_and_data(ok, private_db, monkeypatch):
    ok("client", "add", "Ferda Mravenec", "--born", "1990-01-01", "--sex", "m")
    real = dbmod.migrations()
    broken = (len(real) + 1, "broken", "ALTER TABLE clients ADD COLUMN a TEXT; NOT SQL;")
    monkeypatch.setattr(dbmod, "migrations", lambda: (*real, broken))
    with pytest.raises(StorageError):
        dbmod.connect(private_db)
    raw = sqlite3.connect(private_db)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == len(real)
    columns = [r[1] for r in raw.execute("PRAGMA table_info(clients)")]
    assert "a" not in columns


def test_newer_database_refused(resoc, ok, private_db):
    ok("init")
    raw = sqlite3.connect(private_db)
    raw.execute("PRAGMA user_version = 99")
    raw.close()
    r = resoc("client", "list")
    assert r.exit_code == 5
    assert "newer resoc" in r.stderr and r.stderr.count("\n") == 1


@pytest.mark.no_database
def test_not_a_database_refused_and_untouched(resoc, private_db):
    private_db.parent.mkdir(parents=True)
    private_db.write_bytes(b"this is a letter, not a database\n" * 100)
    before = private_db.read_bytes()
    r = resoc("client", "list")
    assert r.exit_code == 5 and r.stderr.startswith("resoc: error: ")
    assert r.stderr.count("\n") == 1
    assert private_db.read_bytes() == before


@pytest.mark.no_database
def test_foreign_sqlite_file_refused(resoc, private_db):
    private_db.parent.mkdir(parents=True)
    raw = sqlite3.connect(private_db)
    raw.execute("CREATE TABLE recipes (name TEXT)")
    raw.commit()
    raw.close()
    r = resoc("client", "list")
    assert r.exit_code == 5 and "not a resoc database" in r.stderr


def test_migrations_are_numbered_from_schema_sql():
    versions = [v for v, _, _ in dbmod.migrations()]
    assert versions == list(range(1, len(versions) + 1))


def test_cli_module_imports_no_heavy_modules():
    code = (
        "import sys, resoc_cli.cli; "
        "print(' '.join(m for m in ('sqlite_utils', 'pydantic', 'rich.table', 'rich.console')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_installed_entry_point_runs(tmp_path):
    """The console script installed with the package, run as a real process."""
    exe = os.path.join(os.path.dirname(sys.executable), "resoc")
    env = {**os.environ, "RESOC_DB": str(tmp_path / "e.db")}
    add = subprocess.run(
        [exe, "client", "add", "Ferda Mravenec", "--born", "1.2.1990", "--sex", "m"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert add.returncode == 0, add.stderr
    assert add.stdout.strip() == "K0001"
    bad = subprocess.run([exe, "hours", "K0001"], capture_output=True, text=True, env=env)
    assert bad.returncode == 3
    assert bad.stderr.strip() == (
        "resoc: error: enrolment: K0001 has never been enrolled (resoc enrol K0001 PROGRAMME)"
    )
    assert "Traceback" not in bad.stderr


@pytest.mark.no_database
def test_the_built_in_programmes_carry_their_czech_names_unless_renamed(
    ok, private_db, monkeypatch
):
    """Migration 5 renames the seeded programmes to seed 001's Czech names, but never a name
    the curator gave them."""
    real = dbmod.migrations()
    with monkeypatch.context() as m:
        m.setattr(dbmod, "migrations", lambda: real[:4])
        m.setattr(dbmod.Connection, "worker", None)  # that resoc named no worker (schema 9)
        ok("init")
    raw = sqlite3.connect(private_db)
    raw.execute("UPDATE programmes SET name = 'Náš kurz' WHERE code = 'juvenile'")
    raw.commit()
    raw.close()
    names = {p["code"]: p["name"] for p in json.loads(ok("programme", "list", "--json"))}
    assert names == {"adult": "Resocializační program pro dospělé", "juvenile": "Náš kurz"}


def test_a_folder_made_by_another_process_meanwhile_still_gets_the_file(tmp_path, monkeypatch):
    """Two first uses at once: the other process makes the folder between this one's look and
    its mkdir. The file must still be created (it was not, and the command failed with "No
    such file or directory": seen in test_first_use_of_a_new_file_by_several_processes)."""
    from pathlib import Path

    from resoc_cli.storage import db

    folder = tmp_path / "new"
    folder.mkdir()
    real, looked = Path.exists, []

    def exists(self):
        if self == folder and not looked:  # it did not exist yet when this process looked
            looked.append(self)
            return False
        return real(self)

    monkeypatch.setattr(Path, "exists", exists)
    db._create_file(folder / "resoc.db")
    assert looked and real(folder / "resoc.db")
