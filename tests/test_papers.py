"""resoc print: each paper's text, read back from the PDF (pypdf), states its facts; a refused
certificate leaves no file; every PDF is mode 0600; Czech unless --lang en."""

import os
import stat
import sys
from datetime import date

import pytest
from paperkit import czech_day, nothing_written, printed, text_of

from resoc_cli import i18n
from resoc_cli.domain import papers


def test_the_certificate_states_the_facts_in_czech(resoc, ferda, tmp_path):
    run, out = printed(resoc, tmp_path, "certificate", "K0001")
    assert run.exit_code == 0, run.stderr
    assert run.stdout == f"{out}\n"
    text = text_of(out)
    assert "Potvrzení o absolvování resocializačního programu" in text
    assert "Ferda Mravenec" in text and "12. 4. 1988" in text
    assert "Resocializační program pro dospělé" in text
    assert "31,5 h" in text and "16" in text  # hours with the decimal comma; sessions
    assert "od 5. 1. 2026 do 28. 4. 2026" in text
    assert "Podmínkou absolvování programu je nejméně 30 h programu a dohodnutý" in text
    assert "fází" not in text  # the programme's shape is a warning in check, not claimed
    assert "Tyto podmínky jsou splněny." in text
    assert czech_day(date.today()) in text  # the date of issue
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_czech_even_when_the_terminal_speaks_english_and_english_when_asked(
    resoc, ferda, tmp_path, monkeypatch
):
    monkeypatch.setenv("RESOC_LANG", "en")
    run, out = printed(resoc, tmp_path, "certificate", "K0001")
    assert run.exit_code == 0 and "Potvrzení o absolvování" in text_of(out)
    run, out = printed(resoc, tmp_path, "certificate", "K0001", "--lang", "en", name="en.pdf")
    text = text_of(out)
    assert run.exit_code == 0
    assert "Certificate of completion of a resocialisation programme" in text
    assert "31.5 h" in text and "12 April 1988" in text and "Potvrzení" not in text


def test_a_refused_certificate_names_what_is_missing_and_leaves_no_file(resoc, ok, tmp_path):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("enrol", "K0001", "adult", "--date", "2026-01-05")
    ok("session", "add", "K0001", "--date", "2026-01-06", "--hours", "2.5")
    run, _ = printed(resoc, tmp_path, "certificate", "K0001")
    assert run.exit_code == 1 and run.exception is None
    assert len(run.stderr.splitlines()) == 1
    assert "K0001 has not completed the programme" in run.stderr
    assert "27.5 h short of 30 h" in run.stderr and "plan: not agreed" in run.stderr
    assert "--participation" in run.stderr
    assert run.stdout == "" and nothing_written(tmp_path)


def test_one_hour_short_is_still_refused(resoc, ferda, ok, tmp_path):
    """The boundary: 30 h is enough, 29.5 h is not."""
    ok("session", "edit", "16", "--hours", "0.5")  # 30.5 h -> still over
    assert printed(resoc, tmp_path, "certificate", "K0001")[0].exit_code == 0
    ok("session", "edit", "16", "--attendance", "no-show")  # 30 h exactly
    assert printed(resoc, tmp_path, "certificate", "K0001", name="b.pdf")[0].exit_code == 0
    ok("session", "edit", "15", "--hours", "1.5")  # 29.5 h
    run, _ = printed(resoc, tmp_path, "certificate", "K0001", name="c.pdf")
    assert run.exit_code == 1 and "0.5 h short of 30 h" in run.stderr
    assert not (tmp_path / "c.pdf").exists()


def test_participation_so_far_claims_no_completion(resoc, ok, tmp_path):
    ok("client", "add", "Manka Loupežnická", "--born", "1990-02-03", "--sex", "f")
    ok("enrol", "K0001", "adult", "--date", "2026-02-02")
    ok("session", "add", "K0001", "--date", "2026-02-03", "--hours", "2.5")
    run, out = printed(resoc, tmp_path, "certificate", "K0001", "--participation")
    assert run.exit_code == 0, run.stderr
    text = text_of(out)
    assert "Potvrzení o účasti v resocializačním programu" in text
    assert "se od 2. 2. 2026 účastní" in text and "2,5 h" in text
    assert "neosvědčuje, že program byl absolvován" in text
    assert "Tyto podmínky jsou splněny" not in text


def test_the_feminine_verb_for_a_woman(resoc, ferda, ok, tmp_path):
    ok("client", "edit", "K0001", "--sex", "f")
    run, out = printed(resoc, tmp_path, "certificate", "K0001")
    assert run.exit_code == 0 and ", absolvovala resocializační program" in text_of(out)


def test_the_plan_lists_every_goal_need_and_the_agreement(resoc, ferda, ok, tmp_path):
    ok("plan", "review", "K0001", "--date", "2026-03-02", "--note", "Byt zatím nenalezen")
    ok("plan", "done", "K0001", "2", "--outcome", "job-found", "--date", "2026-03-16")
    run, out = printed(resoc, tmp_path, "plan", "K0001")
    assert run.exit_code == 0, run.stderr
    text = text_of(out)
    for fact in ("Individuální plán", "Ferda Mravenec", "Najít podnájem v mraveništi",
                 "Nastoupit do práce u Berušky", "30. 6. 2026", "bydlení", "práce",
                 "Byt zatím nenalezen", "uzavřen 16. 3. 2026",
                 "Individuální plán byl dohodnut dne 19. 1. 2026"):  # fmt: skip
        assert fact in text, fact


def test_text_that_looks_like_typst_markup_is_printed_as_it_is(resoc, ferda, ok, tmp_path):
    tricky = 'Splatit #panic("x") $dluh$ [*hned*] // ne \\ "tak"'
    ok("plan", "goal", "K0001", "debts", tricky)
    run, out = printed(resoc, tmp_path, "plan", "K0001")
    assert run.exit_code == 0, run.stderr
    assert '#panic("x")' in text_of(out) and "$dluh$" in text_of(out)


def test_the_attendance_sheet_has_every_participant(resoc, ok, tmp_path):
    names = ["Ferda Mravenec", "Pytlík Brouk", "Beruška Tečkovaná"]
    for name in names:
        ok("client", "add", name, "--born", "1990-01-01", "--sex", "m")
    ok("group", "add", "SV", "--name", "Sociální výcvik jaro")
    ok("group", "join", "SV", "K0001", "K0002", "K0003", "--date", "2026-03-02")
    ok("meeting", "add", "SV", "--date", "2026-03-10", "--hours", "2.5", "--excused", "K0002")
    run, out = printed(resoc, tmp_path, "attendance", "1")
    assert run.exit_code == 0, run.stderr
    text = text_of(out)
    assert "Prezenční listina" in text and "10. 3. 2026" in text and "2,5 h" in text
    assert "Sociální výcvik jaro (SV)" in text
    for name in names:
        assert name in text
    assert "omluvená neúčast" in text


def test_one_clients_attendance_within_dates(resoc, ferda, tmp_path):
    run, out = printed(resoc, tmp_path, "attendance", "--client", "K0001",
                       "--from", "2026-01-01", "--to", "2026-01-31")  # fmt: skip
    assert run.exit_code == 0, run.stderr
    text = text_of(out)
    assert "od 1. 1. 2026 do 31. 1. 2026" in text
    assert text.count("sociální výcvik") == 4  # 6, 13, 20, 27 January
    assert "8 h" in text and "10. 2. 2026" not in text


def test_the_yearly_report_as_a_document(resoc, ferda, tmp_path):
    run, out = printed(resoc, tmp_path, "report", "2026")
    assert run.exit_code == 0, run.stderr
    text = text_of(out)
    assert "Zpráva o činnosti za rok 2026" in text
    assert "Proběhlo 16 setkání (31,5 hodiny)" in text  # the paragraph of report year
    assert "věk ve věku 27–40 let 1" in text  # a band in words, with an en dash
    assert "27-40" not in text  # not the data's key


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["attendance", "9"], 3, "no meeting with id 9"),
        (["attendance"], 2, "give a MEETING_ID or --client CLIENT"),
        (["attendance", "x1"], 2, "is not a meeting id"),
        (["attendance", "1", "--from", "2026-01-01"], 2, "--from and --to go with --client"),
        (["certificate", "K0009"], 3, "client"),
        (["plan", "K0001", "--lang", "de"], 2, "lang: 'de' is not one of: cs, en"),
        (["report", "20x6"], 2, "year"),
    ],
)
def test_bad_requests_are_one_line_and_write_nothing(resoc, ferda, tmp_path, args, code, message):
    run, _ = printed(resoc, tmp_path, *args)
    assert (run.exit_code, run.exception) == (code, None), run.stderr
    assert len(run.stderr.splitlines()) == 1 and message in run.stderr
    assert nothing_written(tmp_path)


def test_an_output_folder_that_does_not_exist(resoc, ferda, tmp_path):
    run = resoc("print", "plan", "K0001", "-o", str(tmp_path / "missing" / "plan.pdf"))
    assert run.exit_code == 2 and "does not exist" in run.stderr
    assert len(run.stderr.splitlines()) == 1


def test_the_default_name_is_in_the_current_folder(resoc, ferda, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resoc("print", "certificate", "K0001").stdout == "potvrzeni-K0001.pdf\n"
    assert resoc("print", "plan", "K0001").stdout == "plan-K0001.pdf\n"
    assert resoc("print", "report", "2026").stdout == "vyrocni-zprava-2026.pdf\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == [
        "plan-K0001.pdf", "potvrzeni-K0001.pdf", "vyrocni-zprava-2026.pdf",
    ]  # fmt: skip


def test_the_letterhead_comes_from_the_organisation_settings(resoc, ok, ferda, tmp_path):
    run, out = printed(resoc, tmp_path, "certificate", "K0001")
    assert "no [organisation] in the config file" in run.stderr  # said once
    assert len(run.stderr.splitlines()) == 1
    ok("config", "set", "organisation.name", "Spolek Mraveniště, z. s.")
    ok("config", "set", "organisation.ico", "12345678")
    ok("config", "set", "organisation.worker", "Mgr. Fiktivní Pracovnice")
    ok("config", "set", "organisation.place", "Mraveniště")
    run, out = printed(resoc, tmp_path, "certificate", "K0001", name="b.pdf")
    assert run.stderr == ""
    text = text_of(out)
    assert "Spolek Mraveniště, z. s." in text and "IČO: 12345678" in text
    assert "Mgr. Fiktivní Pracovnice" in text
    assert f"Mraveniště dne {czech_day(date.today())}" in text


# --- the typography (pure) --------------------------------------------------------------


@pytest.fixture
def czech():
    with i18n.speaking("cs"):
        yield


def test_one_letter_words_are_tied_to_the_next(czech):
    assert papers.tie("s klientem a rodinou v Praze") == (
        "s\u00a0klientem a\u00a0rodinou v\u00a0Praze"
    )
    assert papers.tie("K soudu, i k PMS") == "K\u00a0soudu, i\u00a0k\u00a0PMS"
    assert papers.tie("kus a-b ok, Ferda-a je") == "kus a-b ok, Ferda-a je"


def test_english_text_is_left_alone():
    with i18n.speaking("en"):
        assert papers.tie("a client in Prague") == "a client in Prague"
        assert papers.long_day("2026-03-05") == "5\u00a0March 2026"
        assert papers.duration(150) == "2.5\u00a0h"


def test_czech_dates_hours_and_counts(czech):
    assert papers.long_day("2026-03-05") == "5.\u00a03.\u00a02026"
    assert papers.duration(150) == "2,5\u00a0h"
    assert papers.duration(1800) == "30\u00a0h"
    assert papers.count(12345) == "12\u00a0345"


def test_speaking_puts_the_language_back():
    before = i18n.language()
    with i18n.speaking("cs"):
        assert i18n.language() == "cs"
    assert i18n.language() == before


# --- the typesetter is loaded by resoc print alone ----------------------------------------


def test_only_print_imports_the_typesetter(tmp_path, ok, ferda, private_db):
    import subprocess

    code = (
        "import sys\n"
        "from resoc_cli import main\n"
        "commands = [['hours', 'K0001'], ['check', 'K0001'], ['report', 'year', '2026'],\n"
        "            ['plan', 'show', 'K0001'], ['export', 'sessions'], ['--help']]\n"
        "for args in commands:\n"
        "    try:\n"
        "        main.run(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('before', 'typst' in sys.modules, file=sys.stderr)\n"
        "main.run(['print', 'plan', 'K0001', '-o', sys.argv[1]])\n"
        "print('after', 'typst' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "RESOC_DB": str(private_db)}
    r = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "p.pdf")],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    lines = [line for line in r.stderr.splitlines() if line.startswith(("before", "after"))]
    assert lines == ["before False", "after True"], r.stderr
