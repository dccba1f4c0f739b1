"""What a hostile attempt on resoc print and resoc config found, each reproduced: an output
that would replace the database, the settings or a device; a false period; a certificate for
a client who left early; settings that crash or leak into the paper."""

import os
import stat
from datetime import date

import pytest
from paperkit import nothing_written, printed, text_of


def unchanged(path, before: bytes) -> bool:
    return path.read_bytes() == before


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
@pytest.mark.sqlite_only("the SQLite file and its journals as the output")
def test_no_paper_replaces_the_database_or_its_journals(resoc, ferda, private_db, suffix):
    target = private_db.parent / f"{private_db.name}{suffix}"
    existed = target.exists()
    before = target.read_bytes() if existed else None
    run = resoc("print", "certificate", "K0001", "-o", str(target))
    assert run.exit_code == 2 and run.exception is None
    assert "is resoc's database" in run.stderr and len(run.stderr.splitlines()) == 1
    assert target.exists() == existed and (not existed or unchanged(target, before))
    assert resoc("hours", "K0001").exit_code == 0  # the database still opens


@pytest.mark.sqlite_only("the SQLite file's path as the output")
def test_nor_the_database_spelt_another_way_nor_through_a_link(resoc, ferda, private_db):
    other_spelling = private_db.parent / ".." / private_db.parent.name / private_db.name
    link = private_db.parent / "link.pdf"
    link.symlink_to(private_db)
    for target in (other_spelling, link):
        run = resoc("print", "plan", "K0001", "-o", str(target))
        assert run.exit_code == 2 and "is resoc's database" in run.stderr
    assert link.is_symlink()


@pytest.mark.sqlite_only("the database file that -o must not replace (a server has none)")
def test_an_export_does_not_replace_the_database_either(resoc, ferda, private_db):
    run = resoc("export", "sessions", "-o", str(private_db))
    assert run.exit_code == 2 and "database" in run.stderr
    assert resoc("hours", "K0001").exit_code == 0


def test_no_paper_replaces_the_settings_file(resoc, ok, ferda, tmp_path):
    ok("config", "set", "organisation.name", "Spolek Mraveniště, z. s.")
    settings = tmp_path / "config" / "config.toml"
    before = settings.read_bytes()
    run = resoc("print", "plan", "K0001", "-o", str(settings))
    assert run.exit_code == 2 and "is resoc's settings file" in run.stderr
    assert unchanged(settings, before)


def test_a_device_or_a_pipe_is_not_replaced(resoc, ferda, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    run = resoc("print", "plan", "K0001", "-o", str(fifo))
    assert run.exit_code == 2 and "not a regular file" in run.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and nothing_written(tmp_path)


def test_a_link_to_a_paper_is_followed_and_stays_a_link(resoc, ferda, tmp_path):
    real = tmp_path / "real.pdf"
    real.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(real)
    run = resoc("print", "plan", "K0001", "-o", str(link))
    assert run.exit_code == 0, run.stderr
    assert link.is_symlink() and real.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_output_name_is_refused(resoc, ferda, tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    run = resoc("print", "plan", "K0001", "-o", name)
    assert run.exit_code == 2 and "file name is empty" in run.stderr
    assert nothing_written(tmp_path)


def test_a_name_ending_in_a_slash_is_a_folder(resoc, ferda, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = resoc("print", "plan", "K0001", "-o", "trailing/")
    assert run.exit_code == 2 and "is a folder" in run.stderr
    assert not (tmp_path / "trailing").exists()


def test_a_long_but_legal_name_is_written(resoc, ferda, tmp_path):
    out = tmp_path / ("p" * 246 + ".pdf")  # 250 characters: legal, and with no room to spare
    run = resoc("print", "plan", "K0001", "-o", str(out))
    assert run.exit_code == 0, run.stderr
    assert out.is_file() and [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []


# --- the client attendance period ------------------------------------------------------------


def test_to_alone_ends_the_period(resoc, ferda, tmp_path):
    run, out = printed(resoc, tmp_path, "attendance", "--client", "K0001", "--to", "2026-01-20")
    assert run.exit_code == 0, run.stderr
    text = text_of(out)
    assert "od 6. 1. 2026 do 20. 1. 2026" in text
    assert "13. 1. 2026" in text and "27. 1. 2026" not in text  # only the sessions up to it


def test_from_alone_starts_the_period(resoc, ferda, tmp_path):
    run, out = printed(resoc, tmp_path, "attendance", "--client", "K0001", "--from", "2026-04-14")
    assert run.exit_code == 0 and run.exception is None, run.stderr
    text = text_of(out)
    assert "od 14. 4. 2026 do 28. 4. 2026" in text
    assert "14. 4. 2026" in text and "7. 4. 2026" not in text


# --- what the certificate claims -------------------------------------------------------------


def test_a_client_who_left_early_gets_no_certificate_of_completion(resoc, ok, ferda, tmp_path):
    ok("drop", "K0001", "--date", "2026-05-04")
    assert resoc("check", "K0001").exit_code == 0  # the minimum was reached before leaving
    run, _ = printed(resoc, tmp_path, "certificate", "K0001")
    assert run.exit_code == 1 and "left the programme early (2026-05-04)" in run.stderr
    assert "--participation" in run.stderr and nothing_written(tmp_path)
    run, out = printed(resoc, tmp_path, "certificate", "K0001", "--participation")
    assert run.exit_code == 0, run.stderr
    text = text_of(out)
    assert "se účastnil resocializačního programu" in text  # the past: it has ended
    assert "od 5. 1. 2026 do 4. 5. 2026" in text and "účastní" not in text
    assert "absolvoval " not in text and "Tyto podmínky jsou splněny" not in text


def test_a_certificate_claims_only_the_rule_check_applies(resoc, ok, tmp_path):
    """10 sessions of 3 h and an agreed plan complete the programme (fewer than 15 sessions
    and no phases are warnings): the paper must not claim 15 sessions in 3 phases."""
    ok("client", "add", "Rychlík Zkušební", "--born", "1990-01-01", "--sex", "m")
    ok("enrol", "K0001", "adult", "--date", "2026-01-05")
    ok("plan", "need", "K0001", "housing", "--date", "2026-01-05")
    ok("plan", "goal", "K0001", "housing", "Najít bydlení", "--date", "2026-01-05")
    ok("plan", "agree", "K0001", "--date", "2026-01-06")
    for week in range(10):
        day = date.fromordinal(date(2026, 1, 6).toordinal() + 7 * week).isoformat()
        ok("session", "add", "K0001", "--date", day, "--hours", "3")
    run, out = printed(resoc, tmp_path, "certificate", "K0001")
    assert run.exit_code == 0, run.stderr
    text = text_of(out)
    assert "15 setkání" not in text and "fází" not in text
    assert "nejméně 30 h programu a dohodnutý individuální plán" in text


# --- the settings ----------------------------------------------------------------------------


def settings_file(tmp_path):
    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir(exist_ok=True)
    return path


def test_settings_that_are_not_utf8_are_one_line_not_a_crash(resoc, ferda, tmp_path):
    settings_file(tmp_path).write_bytes(b'[organisation]\nname = "\xe9"\n')
    for args in (["config", "show"], ["print", "plan", "K0001", "-o", str(tmp_path / "p.pdf")]):
        run = resoc(*args)
        assert run.exit_code == 2 and run.exception is None, args
        assert "not UTF-8" in run.stderr and len(run.stderr.splitlines()) == 1
    assert not (tmp_path / "p.pdf").exists()


def test_settings_saved_with_a_byte_order_mark_are_read(resoc, ok, ferda, tmp_path):
    settings_file(tmp_path).write_bytes('\ufeff[organisation]\nname = "Spolek Ň"\n'.encode())
    assert "Spolek Ň" in ok("config", "show")
    ok("config", "set", "organisation.place", "Mraveniště")
    run, out = printed(resoc, tmp_path, "plan", "K0001")
    assert run.exit_code == 0 and "Spolek Ň" in text_of(out)


def test_a_settings_error_speaks_the_terminals_language(resoc, ferda, tmp_path):
    settings_file(tmp_path).write_text("[organisation]\nname = 5\n", encoding="utf-8")
    run = resoc("print", "plan", "K0001", "-o", str(tmp_path / "p.pdf"))
    assert run.exit_code == 2
    assert "organisation.name must be text in quotes" in run.stderr  # English, as RESOC_LANG


@pytest.mark.parametrize("value", ["x\x1b[31my", "a\nb", "z\x00z", "a\x7fb"])
def test_config_set_refuses_control_characters(resoc, ok, tmp_path, value):
    run = resoc("config", "set", "organisation.name", value)
    assert run.exit_code == 2 and "control characters" in run.stderr
    assert not (tmp_path / "config" / "config.toml").exists()


def test_config_set_makes_a_private_folder_and_echoes_toml(resoc, tmp_path):
    run = resoc("config", "set", "organisation.address", r"C:\x 1")
    assert run.exit_code == 0, run.stderr
    folder = tmp_path / "config"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert run.stdout.startswith('organisation.address = "C:\\\\x 1" in ')
    assert resoc("config", "set", "agenda.review_days", "60").stdout.startswith(
        "agenda.review_days = 60 in "
    )


def test_config_set_through_a_link_changes_the_file_it_points_to(resoc, tmp_path, monkeypatch):
    real = tmp_path / "real.toml"
    real.write_text('# mine\n[organisation]\nname = "Stará"\n', encoding="utf-8")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    monkeypatch.setenv("RESOC_CONFIG", str(link))
    assert resoc("config", "set", "organisation.name", "Nová").exit_code == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == '# mine\n[organisation]\nname = "Nová"\n'
