"""Erasure (keeps report totals, leaves no byte of the name), consents, export --for, retention."""

import json

import pytest
from test_report import built, caseload  # noqa: F401  (fixtures: the two-year caseload)

from resoc_cli.domain.privacy import coarsen_birth, retention_cutoff


def reports(ok) -> dict:
    return {y: json.loads(ok("report", "year", str(y), "--json")) for y in (2024, 2025, 2026)}


def raw_bytes(db_path) -> bytes:
    data = db_path.read_bytes()
    wal = db_path.with_name(db_path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_erase_keeps_every_yearly_total(ok, caseload, private_db):  # noqa: F811
    closable = ["rumcajs", "manka", "cipisek", "snek"]
    ok("drop", caseload["manka"], "--date", "2026-06-30")
    for name in closable:
        ok("client", "close", caseload[name], "--date", "2026-07-01")
    before = reports(ok)
    for name in closable:
        ok("client", "erase", caseload[name], "--yes")
    assert reports(ok) == before
    assert json.loads(ok("client", "show", caseload["manka"], "--json"))["name"] == "(erased)"


@pytest.mark.sqlite_only("reads the bytes of the SQLite file and its WAL")
def test_erased_name_is_nowhere_in_the_file_or_wal(ok, private_db):
    code = ok("client", "add", "Rumcajs Loupežník", "--born", "1960-06-01", "--sex", "m",
              "--note", "Řáholecký les")  # fmt: skip
    ok("enrol", code, "adult", "--date", "2025-02-01")
    ok("session", "add", code, "--date", "2025-02-04", "--minutes", "120", "--note",
       "Rumcajs přišel s Mankou")  # fmt: skip
    member = ok("family", "add", code, "Manka Loupežnická", "--relation", "spouse",
                "--note", "Jičín")  # fmt: skip
    ok("contact", "add", code, "--member", member, "--date", "2025-03-01", "--kind", "phone",
       "--note", "Volala Manka")  # fmt: skip
    ok("plan", "goal", code, "housing", "Najít chaloupku u Jičína")
    ok("client", "edit", code, "--name", "Rumcajs Loupežník Jičínský")
    ok("drop", code, "--date", "2025-06-01", "--reason", "Odešel do lesa")
    ok("client", "close", code, "--date", "2025-06-02", "--reason", "Rumcajs zmizel")
    secrets = ["Rumcajs", "Manka", "Jičín", "Řáholecký", "chaloupku", "lesa", "zmizel"]
    encoded = [s.encode() for s in secrets]
    assert all(s in raw_bytes(private_db) for s in encoded)  # the search can find them
    ok("client", "erase", code, "--yes")
    data = raw_bytes(private_db)
    assert [s for s, e in zip(secrets, encoded, strict=True) if e in data] == []
    assert b"1960-06-01" not in data
    # the audit chain still verifies after the values were blanked
    doctor = json.loads(ok("doctor", "--json"))
    audit = next(c for c in doctor["checks"] if c["check"] == "audit trail")
    assert audit["status"] == "ok", audit
    shown = json.loads(ok("client", "show", code, "--json"))
    assert shown["born"] == "1960-12-31" and shown["sex"] == "m" and shown["note"] is None


def test_erase_needs_a_closed_case_and_confirmation(resoc, ok):
    code = ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    r = resoc("client", "erase", code, "--yes")
    assert r.exit_code == 4 and "close the case first" in r.stderr
    ok("client", "close", code)
    r = resoc("client", "erase", code)  # no terminal, no --yes
    assert r.exit_code == 2 and "--yes" in r.stderr
    assert json.loads(ok("client", "show", code, "--json"))["name"] == "Ferda Mravenec"
    dry = ok("client", "erase", code, "--dry-run")
    assert "would erase" in dry and "clients 1" in dry
    assert json.loads(ok("client", "show", code, "--json"))["name"] == "Ferda Mravenec"
    ok("client", "erase", code, "--yes")
    again = resoc("client", "erase", code, "--yes")
    assert again.exit_code == 4 and "already erased" in again.stderr
    edit = resoc("client", "edit", code, "--name", "Ferda Znovu")
    assert edit.exit_code == 4


def test_nothing_personal_can_be_added_to_an_erased_client(resoc, ok):
    """Erasure cannot be repeated, so nothing may be written back to the client afterwards."""
    code = ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    member = ok("family", "add", code, "Beruška Mravenčí", "--relation", "child")
    ok("client", "close", code, "--date", "2026-01-01")
    ok("client", "erase", code, "--yes")

    def everything():
        return [ok(*what, code, "--json") for what in (("client", "show"), ("plan", "show"),
                                                        ("contact", "list"))]  # fmt: skip

    before = everything()
    for args in (
        ("family", "add", code, "Jana Novákova", "--relation", "sibling"),
        ("contact", "add", code, "--member", member, "--date", "2026-02-01", "--kind", "letter"),
        ("plan", "need", code, "housing"),
        ("plan", "goal", code, "housing", "Bydlí u sestry Jany"),
        ("plan", "agree", code),
        ("plan", "review", code, "--note", "Sestra Jana pomáhá"),
        ("client", "consent", code, "pms", "--given", "2026-01-01"),
    ):
        r = resoc(*args)
        assert r.exit_code == 4 and "was erased on" in r.stderr, (args, r.stderr)
        assert "Jan" not in r.stderr and r.stdout == ""
    assert everything() == before


def test_erase_is_in_the_log_without_the_values(ok):
    code = ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("client", "close", code)
    ok("client", "erase", code, "--yes")
    entries = json.loads(ok("log", code, "--json"))
    assert [e["action"] for e in entries] == ["add", "close", "erase"]
    assert entries[0]["changes"]["name"] == {"erased": True}
    assert "Ferda" not in json.dumps(entries, ensure_ascii=False)


@pytest.mark.parametrize(
    ("born", "kept"),
    [("1988-04-12", "1988-12-31"), ("1990-01-01", "1990-01-01"), ("2000-12-31", "2000-12-31")],
)
def test_coarsened_birth_keeps_every_new_year_age(born, kept):
    from datetime import date

    from resoc_cli.domain.parse import age_on

    b = date.fromisoformat(born)
    assert coarsen_birth(b).isoformat() == kept
    for year in range(b.year + 1, b.year + 80):
        jan1 = date(year, 1, 1)
        assert age_on(coarsen_birth(b), jan1) == age_on(b, jan1)


def test_consents_shown_and_export_for_recipient(ok, resoc):
    a = ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    b = ok("client", "add", "Manka Loupežnická", "--born", "1983-01-17", "--sex", "f")
    c = ok("client", "add", "Cipísek Lesní", "--born", "1990-05-05", "--sex", "m")
    for code in (a, b, c):
        ok("session", "add", code, "--date", "2026-10-05", "--hours", "1")
    ok("client", "consent", a, "pms", "--given", "2026-09-01")
    ok("client", "consent", b, "pms", "--given", "2026-09-01")
    ok("client", "consent", b, "pms", "--withdrawn", "2026-10-01")
    ok("client", "consent", c, "court", "--withdrawn", "2026-10-01")
    shown = json.loads(ok("client", "show", b, "--json"))
    assert shown["consents"] == [
        {"party": "pms", "given": "2026-09-01", "withdrawn": "2026-10-01", "basis": None}
    ]
    assert "withdrawn 2026-10-01" in ok("client", "show", b)
    # issue 15: only a recorded consent lets a client's data go; the others are named
    sessions = resoc("export", "sessions", "--for", "pms")
    assert [line.split(",")[2] for line in sessions.stdout.splitlines()[1:]] == [a]
    assert f"2 clients left out, no consent for pms: {b}, {c}" in sessions.stderr
    clients = ok("export", "clients", "--for", "PMS", "--format", "jsonl").splitlines()
    assert [json.loads(line)["code"] for line in clients] == [a]
    court = resoc("export", "clients", "--for", "court", "--format", "jsonl")
    assert court.stdout == "" and f"3 clients left out, no consent for court: {a}, {b}, {c}" in (
        court.stderr
    )
    assert len(ok("export", "clients", "--format", "jsonl").splitlines()) == 3
    ok("client", "consent", b, "pms", "--given", "2026-11-01")  # given again
    again = ok("export", "clients", "--for", "pms", "--format", "jsonl").splitlines()
    assert [json.loads(line)["code"] for line in again] == [a, b]


@pytest.mark.parametrize(
    "args", [["pms"], ["pms", "--given", "2026-01-01", "--withdrawn", "2026-02-01"],
             ["p m s", "--given", "2026-01-01"], ["pms", "--given", "2999-01-01"],
             ["court", "--basis", "usnesení", "--withdrawn", "2026-02-01"],
             ["court", "--basis", "  "], ["court", "--basis", "a\nb"]],
)  # fmt: skip
def test_consent_refuses_bad_input(resoc, ok, args):
    code = ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    r = resoc("client", "consent", code, *args)
    assert r.exit_code == 2 and len(r.stderr.splitlines()) == 1
    assert json.loads(ok("client", "show", code, "--json"))["consents"] == []


def test_retention_lists_closed_clients_past_the_period(ok, monkeypatch, tmp_path):
    old = ok("client", "add", "Ferda Mravenec", "--born", "1960-04-12", "--sex", "m")
    recent = ok("client", "add", "Manka Loupežnická", "--born", "1983-01-17", "--sex", "f")
    ok("client", "add", "Cipísek Lesní", "--born", "1990-05-05", "--sex", "m")  # open
    ok("client", "close", old, "--date", "2015-03-01")
    ok("client", "close", recent, "--date", "2024-03-01")
    listed = json.loads(ok("retention", "--years", "10", "--json"))
    assert [c["code"] for c in listed["clients"]] == [old]
    listed = json.loads(ok("retention", "--years", "2", "--json"))
    assert [c["code"] for c in listed["clients"]] == [old, recent]
    config = tmp_path / "config.toml"
    config.write_text("[privacy]\nretention_years = 1\n")
    monkeypatch.setenv("RESOC_CONFIG", str(config))
    from resoc_cli import config as cfg

    cfg.load.cache_clear()
    try:
        listed = json.loads(ok("retention", "--json"))
        assert listed["years"] == 1 and len(listed["clients"]) == 2
        ok("client", "erase", old, "--yes")
        listed = json.loads(ok("retention", "--json"))
        assert [c["code"] for c in listed["clients"]] == [recent]
    finally:
        cfg.load.cache_clear()


def test_retention_default_is_ten_years(ok):
    from resoc_cli import config as cfg

    cfg.load.cache_clear()
    assert json.loads(ok("retention", "--json"))["years"] == cfg.DEFAULT_RETENTION_YEARS == 10


def test_retention_cutoff_on_a_leap_day():
    from datetime import date

    assert retention_cutoff(date(2028, 2, 29), 10) == date(2018, 2, 28)
    assert retention_cutoff(date(2026, 11, 23), 10) == date(2016, 11, 23)


def test_no_personal_data_in_error_messages(resoc, ok):
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    r = resoc("client", "add", "Ferda Mravenec", "--born", "1988-02-30", "--sex", "m")
    assert r.exit_code == 2 and "Ferda" not in r.stderr


def test_a_legal_basis_lets_data_go_without_a_consent_until_it_ends(ok, resoc):
    """Issue 15: ``--for`` takes the clients with a recorded consent or a recorded legal basis
    (a court's order); the client with neither is named on stderr, not silently left out."""
    a = ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    b = ok("client", "add", "Cipísek Lesní", "--born", "1990-05-05", "--sex", "m")
    for code in (a, b):
        ok("session", "add", code, "--date", "2026-10-05", "--hours", "1")
    said = ok("client", "consent", a, "court", "--basis", "usnesení 12 T 34/2026")
    assert said == f"{a}: legal basis for sharing with court recorded: usnesení 12 T 34/2026"
    shown = json.loads(ok("client", "show", a, "--json"))["consents"]
    assert shown == [
        {"party": "court", "given": None, "withdrawn": None, "basis": "usnesení 12 T 34/2026"}
    ]
    court = resoc("export", "clients", "--for", "court", "--format", "jsonl")
    assert [json.loads(line)["code"] for line in court.stdout.splitlines()] == [a]
    assert f"1 client left out, no consent for court: {b}" in court.stderr
    ok("client", "consent", a, "court", "--withdrawn", "2026-11-01")  # the order ended
    ended = resoc("export", "clients", "--for", "court", "--format", "jsonl")
    assert ended.stdout == "" and f"no consent for court: {a}, {b}" in ended.stderr
    assert json.loads(ok("client", "show", a, "--json"))["consents"][0]["basis"] == (
        "usnesení 12 T 34/2026"  # kept as the record of what there was
    )
    ok("undo", "--yes")  # the withdrawal undone: the basis holds again
    again = resoc("export", "clients", "--for", "court", "--format", "jsonl")
    assert [json.loads(line)["code"] for line in again.stdout.splitlines()] == [a]
