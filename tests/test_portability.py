"""What differs on Windows and macOS, simulated here: permission bits that mean nothing
(Windows reports 0o666 and 0o777 whoever may open a file), consoles that are not UTF-8, the
NO_COLOR convention, the packaging facts a user sees."""

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only("the SQLite file's permissions and encodings on each platform")

ROOT = Path(__file__).resolve().parent.parent


def doctor(resoc) -> tuple[int, dict]:
    r = resoc("doctor", "--json")
    return r.exit_code, {c["check"]: c for c in json.loads(r.stdout)["checks"]}


@pytest.fixture
def windows(monkeypatch):
    """The permission check believes it runs on Windows (os.name itself stays: pathlib reads it)."""
    from resoc_cli.storage import maintenance

    monkeypatch.setattr(maintenance, "windows_like", lambda os_name=None: True)


def test_windows_style_bits_are_no_failure_inside_the_profile(
    resoc, ok, private_db, windows, monkeypatch
):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    os.chmod(private_db, 0o666)  # what Windows reports for every file
    os.chmod(private_db.parent, 0o777)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: private_db.parent.parent))
    code, found = doctor(resoc)
    assert found["permissions"]["status"] == "ok", found["permissions"]
    assert "chmod" not in (found["permissions"]["fix"] or "")
    assert "profile" in found["permissions"]["detail"]
    assert code == 0


def test_windows_file_outside_the_profile_is_a_warning_not_a_chmod(
    resoc, ok, private_db, windows, monkeypatch, tmp_path_factory
):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    os.chmod(private_db, 0o666)
    elsewhere = tmp_path_factory.mktemp("another-home")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: elsewhere))
    code, found = doctor(resoc)
    assert found["permissions"]["status"] == "warn"
    assert "outside your user profile" in found["permissions"]["detail"]
    assert "chmod" not in found["permissions"]["fix"]
    assert code == 0  # a warning does not fail doctor


def test_on_posix_the_same_bits_still_fail(resoc, ok, private_db):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    os.chmod(private_db, 0o666)
    code, found = doctor(resoc)
    assert code == 1 and found["permissions"]["status"] == "fail"


def test_the_windows_decision_follows_os_name():
    from resoc_cli.storage import maintenance

    assert maintenance.windows_like("nt") and not maintenance.windows_like("posix")
    assert maintenance.permissions(Path("/nonexistent/x.db"), os_name="nt") == []


def test_the_profile_test_sees_inside_and_outside(tmp_path):
    from resoc_cli.storage.maintenance import outside_profile

    inside = tmp_path / "AppData" / "resoc.db"
    assert not outside_profile(inside, home=tmp_path)
    assert outside_profile(Path("/srv/share/resoc.db"), home=tmp_path)


# --- packaging -------------------------------------------------------------------------------


def test_the_licence_the_project_names_is_shipped():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["license"] == "MIT" and text.startswith("MIT License")
    assert "WITHOUT WARRANTY OF ANY KIND" in text


def test_the_project_names_where_it_lives():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert {"Homepage", "Source", "Issues"} <= set(meta["urls"])
    assert all(url.startswith("https://") for url in meta["urls"].values())


# --- NO_COLOR ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "bold"), [(None, True), ("", True), ("1", False)])
def test_no_color_turns_colour_off_only_when_set_to_something(monkeypatch, value, bold):
    from resoc_cli import render

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    if value is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", value)
    assert render._terminal()[1] is bold


# --- consoles that are not UTF-8 ---------------------------------------------------------------


def _run(db: Path, encoding: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "RESOC_DB": str(db), "PYTHONIOENCODING": encoding, "COLUMNS": "100"}
    env.pop("PYTHONUTF8", None)
    return subprocess.run(
        [sys.executable, "-m", "resoc_cli", *args], env=env, capture_output=True, timeout=60
    )


@pytest.fixture
def foreign_names(tmp_path):
    db = tmp_path / "resoc.db"
    for name, born in (("Jørgen Łukasz", "1990-02-03"), ("Čeněk Řeřicha", "1985-06-07")):
        r = _run(db, "utf-8", "client", "add", name, "--born", born, "--sex", "m")
        assert r.returncode == 0, r.stderr
    return db


@pytest.mark.parametrize("encoding", ["cp1250", "cp1252"])
def test_json_is_utf8_whatever_the_console(foreign_names, encoding):
    r = _run(foreign_names, encoding, "caseload", "--json")
    assert r.returncode == 0, r.stderr
    names = {c["name"] for c in json.loads(r.stdout.decode("utf-8"))}
    assert names == {"Jørgen Łukasz", "Čeněk Řeřicha"}


@pytest.mark.parametrize("encoding", ["cp1250", "cp1252"])
def test_a_table_replaces_what_the_console_cannot_show(foreign_names, encoding):
    r = _run(foreign_names, encoding, "client", "list")
    assert r.returncode == 0, r.stderr
    shown = r.stdout.decode(encoding)
    assert "┃" not in shown and shown.splitlines()[0].startswith("+")  # an ASCII box
    if encoding == "cp1250":  # Czech and Polish letters exist in cp1250 and stay themselves
        assert "Čeněk Řeřicha" in shown and "J?rgen Łukasz" in shown
    else:  # cp1252 has ø but neither Č nor Ł
        assert "Jørgen ?ukasz" in shown and "?en?k" in shown


def test_a_message_the_console_cannot_show_is_replaced_not_a_crash(foreign_names):
    r = _run(
        foreign_names,
        "cp1252",
        "client",
        "add",
        "Čeněk Řeřicha",
        "--born",
        "1985-06-07",
        "--sex",
        "m",
    )
    assert r.returncode != 70 and b"internal error" not in r.stderr
    assert r.stderr.count(b"\n") == 1  # one line, whatever it says


def test_a_utf8_console_keeps_the_box_drawing(foreign_names):
    r = _run(foreign_names, "utf-8", "client", "list")
    assert r.returncode == 0 and "┏" in r.stdout.decode("utf-8")


# --- a target another program holds open (Excel on Windows) ------------------------------------


def _held(winerror: int):
    def refuse(src, dst):
        exc = PermissionError(13, "Access is denied")
        exc.winerror = winerror  # what Windows sets; Linux never does
        raise exc

    return refuse


@pytest.mark.parametrize("winerror", [5, 32, 33])
def test_a_locked_target_gets_a_hint_and_leaves_nothing(
    resoc, ok, private_db, tmp_path, monkeypatch, winerror
):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    target = tmp_path / "out" / "klienti.csv"
    target.parent.mkdir()
    target.write_text("the old export\n", encoding="utf-8")
    monkeypatch.setattr(os, "replace", _held(winerror))
    r = resoc("export", "clients", "-o", str(target))
    assert r.exit_code != 0
    assert "another program has it open" in r.stderr and r.stderr.count("\n") == 1
    assert target.read_text(encoding="utf-8") == "the old export\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["klienti.csv"]


def test_a_plain_permission_error_keeps_the_systems_reason(
    resoc, ok, private_db, tmp_path, monkeypatch
):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    target = tmp_path / "klienti.csv"

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    r = resoc("export", "clients", "-o", str(target))
    assert r.exit_code != 0 and "Permission denied" in r.stderr
    assert "another program" not in r.stderr
