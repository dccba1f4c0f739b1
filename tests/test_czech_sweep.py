"""A curator with Czech set sees the whole tool in Czech: every command, run in Czech through
success and its usual mistakes, prints no English sentence (JSON and CSV aside)."""

import re

import pytest

from resoc_cli.completion_spec import SPEC
from resoc_cli.i18n import CZECH_FIELDS

#: Words that only an English sentence would bring. Codes, option names and commands stay
#: English by design (``--date``, ``resoc client list``, ``adult``), so they are removed first.
ENGLISH = {
    "the", "is", "not", "no", "with", "from", "and", "of", "in", "for", "was",
    "were", "has", "have", "be", "or", "at", "an", "use", "give", "add", "missing",
    "client", "clients", "session", "sessions", "enrolled", "recorded", "closed", "changed",
    "deleted", "written", "hours", "none", "error", "warning", "usage", "options", "invalid",
    "see", "member", "members", "plan", "goal", "yes", "already", "nothing", "database",
    "backup", "restored", "imported", "exported", "consent", "erased", "reviewed", "agreed",
    "completed", "dropped", "show", "this", "message", "exit", "try", "must", "before", "after",
    "days", "day", "found", "you", "mean", "valid", "range", "int", "file", "line", "would",
    "count", "counts",
}  # fmt: skip

#: Fictional data, codes, commands and options the sweep types: they are not the tool speaking.
_NOT_SPEECH = re.compile(
    r"resoc( [a-z-]+)*( --?[a-z-]+)*|--?[a-z][a-z-]*|\bK\d{4}\b|Ferda Mravenec|Manka Loupežnická"
    r"|Cipísek|[\w.-]+\.(db|csv|json|xlsx)\b"
    r"|\b(adult|juvenile)\b|\bsqlite\b|/[\w./-]+"
    r"|\b[a-z]+(_[a-z]+)+\b|\b[A-Z]{2,}\b"  # table and column names, metavars (CLIENT)
    r"|'[\w-]*'"  # a value or command quoted back to the user ('clien', 'client')
)


def english_words(text: str) -> set[str]:
    spoken = _NOT_SPEECH.sub(" ", text)
    return {w for w in re.findall(r"\w+", spoken) if w.lower() in ENGLISH}


SWEEP = [
    # (command, expected exit code); K0001 and its family and plan are made along the way
    (["init"], 0),
    (["undo", "--yes"], 1),
    (["client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "muz",
      "--status", "po-propusteni", "--release", "2026-01-02", "--referral", "pms"], 0),
    (["client", "add", "Manka Loupežnická", "--born", "1983-01-17", "--sex", "f"], 0),
    (["example"], 4),
    (["--db", "{tmp}/priklad.db", "example"], 0),
    (["client", "add", "Ferda Mravenec", "--born", "2999-01-01", "--sex", "m"], 2),
    (["client", "add", "X", "--born", "1988-04-12", "--sex", "q"], 2),
    (["client", "list"], 0),
    (["client", "show", "K0001"], 0),
    (["client", "show", "K0404"], 3),
    (["client", "edit", "K0001", "--note", "Přestěhoval se"], 0),
    (["client", "edit", "K0001"], 2),
    (["programme", "list"], 0),
    (["programme", "add", "otcove", "--name", "Otcové", "--min-hours", "10",
      "--sessions", "5", "--session-hours", "2"], 0),
    (["programme", "add", "otcove", "--name", "Otcové", "--min-hours", "10",
      "--sessions", "5", "--session-hours", "2"], 4),
    (["enrol", "K0001", "adult", "--date", "2026-01-05"], 0),
    (["enrol", "K0001", "adult", "--date", "2026-01-05"], 4),
    (["enrol", "K0002", "nic"], 3),
    (["session", "add", "K0001", "--date", "2026-01-06", "--hours", "2.5",
      "--activity", "socialni-vycvik"], 0),
    (["session", "add", "K0001", "--date", "2026-01-13", "--hours", "2", "--minutes", "5"], 2),
    (["session", "add", "K0001", "--date", "2025-12-01", "--hours", "2"], 0),
    (["session", "add", "K0001", "--date", "2026-02-30", "--hours", "2"], 2),
    (["session", "list", "K0001"], 0),
    (["session", "delete", "2"], 2),
    (["session", "delete", "2", "--yes"], 0),
    (["session", "delete", "99", "--yes"], 3),
    (["family", "add", "K0001", "Cipísek", "--relation", "dite", "--born", "2018-03-03"], 0),
    (["family", "list", "K0001"], 0),
    (["contact", "add", "K0001", "--member", "1", "--date", "2026-01-20", "--kind", "telefon"], 0),
    (["contact", "add", "K0001", "--member", "7", "--date", "2026-01-20", "--kind", "phone"], 3),
    (["contact", "list", "K0001"], 0),
    (["session", "edit", "1", "--hours", "3", "--note", "Oprava"], 0),
    (["session", "edit", "99", "--hours", "3"], 3),
    (["session", "edit", "1", "--with", "7"], 3),
    (["group", "add", "SV", "--name", "Sociální výcvik", "--programme", "adult"], 0),
    (["group", "add", "sv", "--name", "Znovu"], 4),
    (["group", "join", "SV", "K0001", "K0002", "--date", "2026-01-05"], 0),
    (["group", "join", "SV", "K0001", "--date", "2026-01-06"], 4),
    (["group", "list"], 0),
    (["group", "show", "XX"], 3),
    (["meeting", "add", "SV", "--date", "2026-01-12", "--hours", "2", "--late", "K0002"], 0),
    (["meeting", "add", "SV", "--date", "2026-01-12", "--hours", "2", "--absent", "K0009"], 3),
    (["meeting", "add", "SV", "--date", "2026-01-12", "--hours", "2", "--absent", "K0002",
      "--late", "K0002"], 2),
    (["meeting", "add", "--date", "2026-01-12", "--hours", "2"], 2),
    (["meeting", "add", "SV", "--date", "2026-01-01", "--hours", "2"], 2),
    (["meeting", "add", "--client", "K0001", "--date", "2026-01-13", "--hours", "1",
      "--activity", "case-conference"], 0),
    (["meeting", "list"], 0),
    (["meeting", "show", "1"], 0),
    (["meeting", "show", "9"], 3),
    (["meeting", "edit", "1", "--hours", "2.5"], 0),
    (["meeting", "edit", "1"], 2),
    (["meeting", "mark", "1", "K0002", "--attendance", "excused"], 0),
    (["meeting", "mark", "2", "K0002", "--attendance", "excused"], 4),
    (["meeting", "join", "1", "K0002"], 4),
    (["meeting", "join", "2", "K0002"], 0),
    (["group", "show", "SV"], 0),
    (["print", "attendance", "1", "-o", "{tmp}/listina.pdf"], 0),
    (["print", "attendance", "--client", "K0001", "-o", "{tmp}/ucast.pdf"], 0),
    (["print", "attendance", "1", "--client", "K0001"], 2),
    (["print", "certificate", "K0001", "-o", "{tmp}/potvrzeni.pdf"], 1),
    (["print", "certificate", "K0001", "--participation", "-o", "{tmp}/ucast2.pdf"], 0),
    (["print", "plan", "K0001", "-o", "{tmp}/plan.pdf"], 0),
    (["print", "report", "2026", "--lang", "de"], 2),
    (["config", "path"], 0),
    (["config", "set", "organisation.name", "Spolek Testovací"], 0),
    (["config", "set", "agenda.review_days", "x"], 2),
    (["config", "show"], 0),
    (["print", "report", "2026", "-o", "{tmp}/zprava.pdf"], 0),
    (["group", "leave", "SV", "K0002", "--date", "2026-01-20"], 0),
    (["group", "leave", "SV", "K0002", "--date", "2026-01-21"], 4),
    (["meeting", "delete", "2", "--yes"], 0),
    (["meeting", "delete", "1", "--yes"], 0),
    (["meeting", "delete", "1", "--yes"], 3),
    (["enrolment", "edit", "K0001", "--date", "2026-01-07"], 0),
    (["enrolment", "edit", "K0001", "--date", "2026-01-05"], 0),
    (["enrolment", "edit", "K0001"], 2),
    (["contact", "edit", "1", "--minutes", "30"], 0),
    (["contact", "edit", "1", "--member", "7"], 3),
    (["family", "delete", "1", "--yes"], 4),
    (["family", "edit", "1", "--note", "Syn"], 0),
    (["contact", "add", "K0001", "--member", "1", "--date", "2026-01-21", "--kind", "dopis"], 0),
    (["contact", "delete", "2", "--yes"], 0),
    (["family", "add", "K0001", "Manka Loupežnická", "--relation", "partner"], 0),
    (["family", "delete", "2", "--yes"], 0),
    (["client", "edit", "K0001", "--clear", "release"], 0),
    (["client", "edit", "K0001", "--clear", "name"], 2),
    (["plan", "need", "K0001", "bydleni"], 0),
    (["plan", "need", "K0001", "bydleni"], 0),
    (["plan", "goal", "K0001", "bydlení", "Najít podnájem", "--date", "2026-01-08"], 0),
    (["plan", "goal", "K0001", "práce", "Brigáda", "--due", "2026-01-01",
      "--date", "2026-01-08"], 2),
    (["plan", "done", "K0001", "1", "--date", "2026-01-07"], 2),
    (["plan", "agree", "K0001", "--date", "2026-01-08"], 0),
    (["plan", "review", "K0001", "--date", "2026-02-08"], 0),
    (["plan", "done", "K0001", "1", "--outcome", "splneno", "--date", "2026-02-10"], 0),
    (["plan", "done", "K0001", "1", "--date", "2026-02-10"], 4),
    (["plan", "reopen", "K0001", "1"], 0),
    (["plan", "reopen", "K0001", "1"], 4),
    (["plan", "edit", "K0001", "1", "--text", "Najít byt"], 0),
    (["plan", "edit", "K0001", "1", "--date", "2026-03-01", "--due", "2026-02-01"], 2),
    (["plan", "done", "K0001", "1", "--outcome", "splneno", "--date", "2026-02-10"], 0),
    (["plan", "goal", "K0001", "práce", "Brigáda", "--date", "2026-01-08"], 0),
    (["plan", "delete", "K0001", "2", "--yes"], 0),
    (["plan", "delete", "K0001", "2", "--yes"], 3),
    (["plan", "need", "K0001", "prace"], 0),
    (["plan", "need", "K0001", "prace", "--remove"], 0),
    (["plan", "need", "K0001", "prace", "--remove"], 3),
    (["plan", "show", "K0001"], 0),
    (["hours", "K0001"], 0),
    (["hours", "Mravenec"], 0),
    (["check", "K0001"], 1),
    (["complete", "K0001"], 1),
    (["caseload"], 0),
    (["agenda"], 0),
    (["dnes"], 0),
    (["report", "month", "2026-01"], 0),
    (["report", "month", "2026-13"], 2),
    (["report", "year", "2026"], 0),
    (["export", "sessions", "--month", "2026-01", "--output", "{tmp}/leden.csv"], 0),
    (["export", "clients", "--month", "2026-01", "--format", "xlsx"], 2),
    (["export", "sessions", "--month", "2026-01", "--for", "soud"], 0),
    (["import", "sessions", "{tmp}/leden.csv", "--dry-run"], 0),
    (["import", "clients", "{tmp}/nic.csv"], 2),
    (["drop", "K0001", "--date", "2026-03-01"], 0),
    (["drop", "K0001", "--date", "2026-03-01"], 4),
    (["client", "consent", "K0001", "soud", "--given", "2026-01-05"], 0),
    (["client", "consent", "K0001", "soud"], 2),
    (["client", "assign", "K0002", "novakova"], 0),
    (["client", "share", "K0002", "dvorak"], 0),
    (["client", "share", "K0002", "novakova"], 4),
    (["client", "share", "K0002", "dvorak", "--stop"], 0),
    (["client", "assign", "K0002", "no body"], 2),
    (["team", "init"], 2),
    (["team", "add", "novakova", "--lead"], 2),
    (["team", "list"], 2),
    (["client", "close", "K0001", "--date", "2026-03-02"], 0),
    (["client", "close", "K0001", "--date", "2026-03-02"], 4),
    (["client", "erase", "K0001", "--dry-run"], 0),
    (["client", "erase", "K0001"], 2),
    (["client", "erase", "K0001", "--yes"], 0),
    (["client", "erase", "K0001", "--yes"], 4),
    (["client", "erase", "K0002", "--yes"], 4),
    (["retention"], 0),
    (["log"], 0),
    (["db"], 0),
    (["db", "copy", "--to", "{tmp}/kopie.db"], 0),
    (["db", "copy", "--to", "{tmp}/kopie.db"], 4),
    (["db", "copy", "--to", "{tmp}/kopie.db", "--prefix", "-x"], 2),
    (["backup", "{tmp}/zaloha.db"], 0),
    (["backup", "{tmp}/zaloha.db"], 2),
    (["doctor"], 0),
    (["restore", "{tmp}/zaloha.db"], 2),
    (["restore", "{tmp}/zaloha.db", "--yes"], 0),
    (["restore", "{tmp}/nic.db", "--yes"], 2),
    (["backup", "--recipient", "age1neplatny"], 2),
    (["backup", "--encrypt"], 2),
    (["restore", "{tmp}/zaloha.db", "--yes", "--identity", "{tmp}/nic.txt"], 0),
    (["completion", "bash"], 0),
    (["client", "show"], 2),
    (["client", "list", "--bogus"], 2),
    (["hours", "K0002", "navíc"], 2),
    (["clien", "list"], 2),
    (["backup", "--keep", "-1"], 2),
    (["session", "add", "K0002", "--date", "2026-01-06", "--hours", "1", "--phase", "x"], 2),
    (["session", "add", "K0002", "--date", "2026-01-06", "--minutes", "1.5"], 2),
]  # fmt: skip


def test_the_sweep_covers_every_command():
    swept = {tuple(w for w in args[:2] if not w.startswith("-")) for args, _ in SWEEP}
    swept |= {(args[0],) for args, _ in SWEEP}
    assert set(SPEC) - swept == set()


@pytest.fixture
def czech(monkeypatch):
    """The curator of the issue: nothing but a Czech locale."""
    for name in ("RESOC_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "cs_CZ.UTF-8")


@pytest.mark.sqlite_only(
    "its script backs up and restores the file (a server's Czech: test_postgres_port)"
)
def test_the_whole_tool_speaks_czech(czech, resoc, tmp_path):
    heard = []
    for args, expected in SWEEP:
        args = [a.replace("{tmp}", str(tmp_path)) for a in args]
        r = resoc(*args)
        assert r.exception is None, (args, r.exception)
        assert r.exit_code == expected, (args, r.exit_code, r.stderr)
        if args[0] == "completion":
            continue  # a shell script, not speech
        if args[0] == "log":  # the trail records each command as typed and the fields it set
            r.stdout = re.sub(r"│ [a-z]+ [a-z]+ +│|\b\w+[=:]", " ", r.stdout)
        speech = (r.stderr,) if args[0] == "export" else (r.stdout, r.stderr)  # CSV is data
        for text in speech:
            for line in text.splitlines():
                field = re.search(r"(?:chyba|upozornění): ([a-z][a-z-]*): ", line)
                if field and field.group(1) in CZECH_FIELDS:  # an English field name
                    heard.append(f"{' '.join(args[:2])}: {line.strip()}  <- {field.group(1)}")
                found = english_words(line)
                if found:
                    heard.append(f"{' '.join(args[:2])}: {line.strip()}  <- {sorted(found)}")
    assert heard == [], "\n".join(heard)


def test_the_sweep_would_hear_english(resoc, tmp_path):
    """The same sweep in English finds English words: the check above is not blind."""
    english = resoc("client", "show", "K0404")
    assert english_words(english.stderr)
    assert not english_words("resoc: chyba: klient K0404 neexistuje (viz: resoc client list)")
