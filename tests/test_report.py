"""CLI contract: resoc report year | month and resoc hours --by, on a small two-year caseload."""

import json
import sqlite3
from datetime import date

import pytest
from typer.testing import CliRunner

from resoc_cli.cli import app
from resoc_cli.domain.report import AGE_BANDS, age_band, plural


def as_json(ok, *args):
    return json.loads(ok(*args, "--json"))


def refused(run, field):
    assert run.exit_code == 2, run.stderr
    assert run.exception is None, run.exception
    assert len(run.stderr.splitlines()) == 1, run.stderr
    assert run.stderr.startswith(f"resoc: error: {field}:")
    assert run.stdout == ""


def add_client(ok, name, born, sex, *extra):
    return ok("client", "add", name, "--born", born, "--sex", sex, *extra)


def session(ok, code, day, minutes, *extra):
    return int(ok("session", "add", code, "--date", day, "--minutes", str(minutes), *extra))


def contact(ok, code, member, day, kind):
    ok("contact", "add", code, "--member", member, "--date", day, "--kind", kind)


def goal(ok, _monkeypatch, code, area, text, set_on):
    """A goal set on ``set_on``."""
    return ok("plan", "goal", code, area, text, "--date", set_on.isoformat())


def build_caseload(ok, mp) -> dict[str, str]:
    """Seven clients across 2024-2026; the numbers each test expects are derived in comments."""
    ok("programme", "add", "kratky", "--name", "Krátký kurz", "--min-hours", "4", "--no-plan")
    c = {}
    # Ferda: new in 2025, completes on 2026-01-01 (served in 2026 too); one no-show in 2025.
    c["ferda"] = add_client(
        ok, "Ferda Mravenec", "1988-03-14", "m", "--referral", "pms", "--status", "released"
    )
    ok("enrol", c["ferda"], "kratky", "--date", "2025-03-03")
    session(ok, c["ferda"], "2025-03-04", 120)
    session(ok, c["ferda"], "2025-04-01", 150, "--activity", "legal-counselling",
            "--attendance", "late")  # fmt: skip
    session(ok, c["ferda"], "2025-05-06", 120, "--attendance", "no-show")
    work = goal(ok, mp, c["ferda"], "work", "Najít práci v mraveništi", date(2025, 3, 3))
    ok("plan", "done", c["ferda"], work, "--outcome", "job-found", "--date", "2025-10-01")
    ok("complete", c["ferda"], "--date", "2026-01-01")
    # Rumcajs: 64 on 2025-01-01, drops out on 2025-12-31 (not served in 2026).
    c["rumcajs"] = add_client(
        ok, "Rumcajs Loupežník", "1960-06-01", "m", "--referral", "court", "--status", "in-prison"
    )
    ok("enrol", c["rumcajs"], "adult", "--date", "2025-02-01")
    session(ok, c["rumcajs"], "2025-02-04", 120, "--activity", "consultation")
    ok("drop", c["rumcajs"], "--date", "2025-12-31")
    # Manka: 18 on 2026-01-01 exactly; new in 2026; a letter to her father in 2025.
    c["manka"] = add_client(ok, "Manka Loupežnická", "2008-01-01", "f", "--referral", "family")
    father = ok("family", "add", c["manka"], "Lotrando Loupežník", "--relation", "parent")
    contact(ok, c["manka"], father, "2025-12-20", "letter")
    school = goal(ok, mp, c["manka"], "education", "Dokončit učiliště", date(2025, 12, 15))
    ok("enrol", c["manka"], "juvenile", "--date", "2026-02-02")
    family = goal(ok, mp, c["manka"], "family", "Usmířit se s tátou", date(2026, 2, 2))
    session(ok, c["manka"], "2026-02-03", 150)
    session(ok, c["manka"], "2026-03-03", 150)
    session(ok, c["manka"], "2026-03-10", 150, "--attendance", "excused")
    ok("plan", "done", c["manka"], school, "--outcome", "education-continued",
       "--date", "2026-03-01")  # fmt: skip
    ok("plan", "done", c["manka"], family, "--outcome", "not-achieved", "--date", "2026-06-01")
    # Cipísek: 18 only on 2026-01-02, so under 18 at the start of 2026; no enrolment, one session.
    c["cipisek"] = add_client(ok, "Cipísek Lesní", "2008-01-02", "m", "--status", "at-risk")
    session(ok, c["cipisek"], "2026-04-07", 60, "--activity", "crisis-intervention")
    # Křemílek: 26 on 2026-01-01; first enrolment in 2024, so not new when he returns in 2026.
    c["kremilek"] = add_client(
        ok, "Křemílek Pařezový", "1999-01-02", "m",
        "--referral", "self", "--status", "alternative-sentence",
    )  # fmt: skip
    ok("enrol", c["kremilek"], "adult", "--date", "2024-10-01")
    ok("drop", c["kremilek"], "--date", "2024-12-31")
    ok("enrol", c["kremilek"], "adult", "--date", "2026-06-01")
    son = ok("family", "add", c["kremilek"], "Pařízek Pařezový", "--relation", "child")
    session(ok, c["kremilek"], "2026-06-02", 120, "--with", son)
    contact(ok, c["kremilek"], son, "2026-07-01", "meeting")
    contact(ok, c["kremilek"], son, "2026-08-01", "phone")
    debts = goal(ok, mp, c["kremilek"], "debts", "Splátkový kalendář", date(2026, 6, 1))
    goal(ok, mp, c["kremilek"], "work", "Brigáda na pile", date(2026, 6, 1))
    ok("plan", "done", c["kremilek"], debts, "--outcome", "payment-schedule-kept",
       "--date", "2026-09-01")  # fmt: skip
    # Vochomůrka: 26 on 2025-01-01, 27 on 2026-01-01; enrolled since 2025-11-03, no 2026 session.
    c["vochomurka"] = add_client(
        ok, "Vochomůrka Pařezový", "1999-01-01", "x", "--referral", "pms", "--status", "released"
    )
    ok("enrol", c["vochomurka"], "adult", "--date", "2025-11-03")
    granny = ok("family", "add", c["vochomurka"], "Bábinka Pařezová", "--relation", "parent")
    session(ok, c["vochomurka"], "2025-11-04", 120, "--activity", "therapy-family",
            "--with", granny)  # fmt: skip
    contact(ok, c["vochomurka"], granny, "2026-02-10", "phone")
    # Šnek: only a no-show (with his daughter) in 2026: never served, his daughter not involved.
    c["snek"] = add_client(ok, "Šnek Pomalý", "1970-05-05", "m", "--referral", "curator")
    daughter = ok("family", "add", c["snek"], "Šnečka Pomalá", "--relation", "child")
    session(ok, c["snek"], "2026-05-05", 120, "--attendance", "no-show", "--with", daughter)
    return c


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The caseload is built once; each test gets its own copy of the database."""
    path = tmp_path_factory.mktemp("caseload") / "resoc.db"
    runner = CliRunner()

    def ok(*args: str) -> str:
        result = runner.invoke(app, ["--db", str(path), *args])
        assert result.exit_code == 0, (args, result.stderr, result.exception)
        return result.stdout.strip()

    with pytest.MonkeyPatch.context() as mp:
        codes = build_caseload(ok, mp)
    return path, codes


@pytest.fixture
def caseload(built, private_db, engine, ok):
    """The caseload in this test's database: a copy of the one built once, or, on a server,
    built there through the command line (the same commands, so the same codes)."""
    source_path, codes = built
    if engine == "postgresql":
        with pytest.MonkeyPatch.context() as mp:
            assert build_caseload(lambda *args: ok(*args), mp) == codes
        return codes
    private_db.parent.mkdir(parents=True, exist_ok=True)
    source, target = sqlite3.connect(source_path), sqlite3.connect(private_db)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return codes


# --- report year -----------------------------------------------------------------------------


def test_year_2025_every_key(ok, caseload):
    assert as_json(ok, "report", "year", "2025") == {
        "year": 2025,
        "clients_total": 3,  # Ferda, Rumcajs, Vochomůrka
        "by_sex": {"f": 0, "m": 2, "x": 1},
        "by_age_band": {"<18": 0, "18-26": 1, "27-40": 1, "41-60": 0, ">60": 1},
        "by_referral": {"pms": 2, "court": 1},
        "by_status": {"released": 2, "in-prison": 1},
        "new_clients": 3,
        "completed": 0,  # Ferda completed on 2026-01-01
        "dropped_out": 1,  # Rumcajs; Křemílek's 2024 drop is not counted
        "sessions": 4,
        "sessions_missed": 1,
        "minutes_total": 510,
        "sessions_by_activity": {
            "legal-counselling": 1,
            "social-training": 1,
            "consultation": 1,
            "therapy-family": 1,
        },
        "minutes_by_activity": {
            "legal-counselling": 150,
            "social-training": 120,
            "consultation": 120,
            "therapy-family": 120,
        },
        "meetings": 0,
        "attendances": 0,
        "family_members_involved": 2,  # Bábinka in a session, Lotrando by letter
        "family_contacts_by_kind": {"letter": 1},
        "goals_set_by_area": {"education": 1, "work": 1},
        "goals_achieved_by_area": {"work": 1},
        "outcomes": {"job-found": 1},
    }


def test_year_2026_every_key(ok, caseload):
    doc = as_json(ok, "report", "year", "2026")
    assert doc == {
        "year": 2026,
        "clients_total": 5,  # Ferda, Manka, Cipísek, Křemílek, Vochomůrka
        "by_sex": {"f": 1, "m": 3, "x": 1},
        "by_age_band": {"<18": 1, "18-26": 2, "27-40": 2, "41-60": 0, ">60": 0},
        "by_referral": {"pms": 2, "family": 1, "self": 1, "unknown": 1},
        "by_status": {"released": 2, "alternative-sentence": 1, "at-risk": 1, "unknown": 1},
        "new_clients": 1,  # Manka only: Křemílek began in 2024, Cipísek was never enrolled
        "completed": 1,
        "dropped_out": 0,
        "sessions": 4,
        "sessions_missed": 2,  # Manka excused, Šnek no-show
        "minutes_total": 480,
        "sessions_by_activity": {"social-training": 3, "crisis-intervention": 1},
        "minutes_by_activity": {"social-training": 420, "crisis-intervention": 60},
        "meetings": 0,
        "attendances": 0,
        "family_members_involved": 2,  # Pařízek and Bábinka; not Šnečka (a no-show)
        "family_contacts_by_kind": {"phone": 2, "meeting": 1},
        "goals_set_by_area": {"debts": 1, "family": 1, "work": 1},
        "goals_achieved_by_area": {"debts": 1, "education": 1},
        "outcomes": {"education-continued": 1, "not-achieved": 1, "payment-schedule-kept": 1},
    }
    counts = [doc["clients_total"], doc["new_clients"], doc["sessions"], doc["completed"]]
    breakdowns = [doc[k] for k in doc if k.startswith(("by_", "minutes_by", "goals", "outcomes"))]
    assert all(type(n) is int for n in counts)
    assert all(type(n) is int for b in breakdowns for n in b.values())


def test_year_human_output_tables_and_paragraph(ok, caseload):
    out = ok("report", "year", "2026")
    assert "Clients served" in out and "Sessions held by activity" in out
    assert "Goals by area" in out and "Family contacts" in out and "Goal outcomes" in out
    assert "crisis-intervention" in out and "7 h" in out  # 420 minutes of social training
    assert out.splitlines()[-1] == (
        "In 2026 we worked with 5 clients in the programme (3 men, 1 woman, 1 of another sex)."
        " At the start of the year 1 was under 18, 2 aged 18–26 and 2 aged 27–40."
        " 1 client started the programme for the first time; 1 enrolment was completed"
        " and none ended in a dropout."
        " 4 sessions were held (8 hours); 2 more were missed (excused or no-show)."
        " 2 family members were involved and 3 contacts with families were recorded."
        " 3 goals were set in individual plans and 2 were achieved."
    )
    for name in ("Ferda", "Manka", "Cipísek", "Křemílek", "Vochomůrka", "Pařízek"):
        assert name not in out  # the funder's report names nobody


def test_year_paragraph_singulars(ok, caseload):
    out = ok("report", "year", "2025").splitlines()[-1]
    assert out.startswith(
        "In 2025 we worked with 3 clients in the programme (2 men, 1 of another sex)."
        " At the start of the year 1 was aged 18–26, 1 aged 27–40 and 1 over 60."
        " 3 clients started the programme for the first time; no enrolment was completed"
        " and 1 ended in a dropout. 4 sessions were held (8.5 hours); 1 more was missed"
    )
    assert out.endswith("2 goals were set in individual plans and 1 was achieved.")


def test_served_boundaries(ok):
    ended_jan_1 = add_client(ok, "Ferda Mravenec", "1988-03-14", "m", "--referral", "court")
    ok("enrol", ended_jan_1, "adult", "--date", "2025-06-02")
    ok("drop", ended_jan_1, "--date", "2026-01-01")
    ended_dec_31 = add_client(ok, "Rumcajs Loupežník", "1980-01-01", "m", "--referral", "prison")
    ok("enrol", ended_dec_31, "adult", "--date", "2025-06-02")
    ok("drop", ended_dec_31, "--date", "2025-12-31")
    session_only = add_client(ok, "Manka Loupežnická", "1982-02-02", "f", "--referral", "self")
    session(ok, session_only, "2026-03-03", 90)
    no_show = add_client(ok, "Šnek Pomalý", "1970-05-05", "m", "--referral", "family")
    session(ok, no_show, "2026-03-03", 90, "--attendance", "no-show")
    later = add_client(ok, "Cipísek Lesní", "1990-01-01", "m", "--referral", "pms")
    ok("enrol", later, "adult", "--date", "2026-01-01")
    y2026 = as_json(ok, "report", "year", "2026")
    assert y2026["by_referral"] == {"court": 1, "self": 1, "pms": 1}
    assert y2026["clients_total"] == 3
    assert (y2026["dropped_out"], y2026["new_clients"]) == (1, 1)
    y2025 = as_json(ok, "report", "year", "2025")
    assert y2025["by_referral"] == {"court": 1, "prison": 1}
    assert (y2025["dropped_out"], y2025["new_clients"]) == (1, 2)
    assert as_json(ok, "report", "year", "2024")["clients_total"] == 0


def test_age_bands_at_the_start_of_the_year(ok):
    born = ["2008-01-02", "2008-01-01", "1999-01-02", "1999-01-01",
            "1985-01-02", "1985-01-01", "1965-01-02", "1965-01-01"]  # fmt: skip
    for i, day in enumerate(born):
        code = add_client(ok, f"Skřítek Lesní {i}", day, "m")
        session(ok, code, "2026-02-02", 60)
    doc = as_json(ok, "report", "year", "2026")
    assert doc["by_age_band"] == {"<18": 1, "18-26": 2, "27-40": 2, "41-60": 2, ">60": 1}
    assert doc["by_referral"] == {"unknown": 8} and doc["by_status"] == {"unknown": 8}


def test_age_band_edges():
    assert [age_band(a) for a in (-1, 0, 17, 18, 26, 27, 40, 41, 60, 61, 99)] == [
        "<18", "<18", "<18", "18-26", "18-26", "27-40", "27-40", "41-60", "41-60", ">60", ">60",
    ]  # fmt: skip
    assert AGE_BANDS == ("<18", "18-26", "27-40", "41-60", ">60")
    assert [plural(n, "man", "men") for n in (0, 1, 2)] == ["0 men", "1 man", "2 men"]


def test_empty_year_has_every_fixed_key_at_zero(ok):
    doc = as_json(ok, "report", "year", "1999")
    assert doc["by_sex"] == {"f": 0, "m": 0, "x": 0}
    assert doc["by_age_band"] == dict.fromkeys(AGE_BANDS, 0)
    assert doc["clients_total"] == doc["sessions"] == doc["family_members_involved"] == 0
    for key in ("by_referral", "by_status", "minutes_by_activity", "family_contacts_by_kind",
                "goals_set_by_area", "goals_achieved_by_area", "outcomes"):  # fmt: skip
        assert doc[key] == {}
    paragraph = ok("report", "year", "1999").splitlines()[-1]
    assert paragraph.startswith(
        "In 1999 we worked with no client in the programme. No client started the programme for"
        " the first time; no enrolment was completed and none ended in a dropout. No session was"
        " held. No family member was involved and no contact with families was recorded. No goal"
        " was set in individual plans."
    )


@pytest.mark.parametrize("value", ["20x6", "26", "02026", "1899", "2201", "２０２６", ""])
def test_bad_year_is_one_line_naming_the_field(resoc, value):
    refused(resoc("report", "year", value), "year")
    refused(resoc("report", "year", value, "--json"), "year")


@pytest.mark.parametrize("value", ["2026-13", "2026", "10/2026", "2201-01", "1899-12"])
def test_bad_month_is_one_line_naming_the_field(resoc, value):
    refused(resoc("report", "month", value, "--json"), "month")


# --- report month ----------------------------------------------------------------------------


def test_month_sessions_per_client_and_activity_and_who_had_none(ok, caseload):
    doc = as_json(ok, "report", "month", "2026-03")
    manka, vochomurka = caseload["manka"], caseload["vochomurka"]
    assert doc == {
        "month": "2026-03",
        "first_day": "2026-03-01",
        "last_day": "2026-03-31",
        "sessions": 1,
        "sessions_missed": 1,
        "minutes": 150,
        "clients_with_sessions": 1,
        "meetings": 0,
        "attendances": 0,
        "by_client": [
            {
                "client": manka,
                "name": "Manka Loupežnická",
                "sessions": 1,
                "minutes": 150,
                "sessions_missed": 1,
            },
        ],  # fmt: skip
        "by_activity": [
            {"activity": "social-training", "sessions": 1, "minutes": 150, "sessions_missed": 1},
        ],
        "clients_without_session": [
            {
                "client": vochomurka,
                "name": "Vochomůrka Pařezový",
                "programme": "adult",
                "start_date": "2025-11-03",
                "state": "active",
                "last_session": "2025-11-04",
            },
        ],  # fmt: skip
        "completed": [],
        "dropped_out": [],
    }


def test_month_of_a_completion(ok, caseload):
    doc = as_json(ok, "report", "month", "2026-01")
    assert doc["sessions"] == doc["minutes"] == doc["sessions_missed"] == 0
    assert doc["by_client"] == [] and doc["by_activity"] == []
    assert doc["completed"] == [
        {"client": caseload["ferda"], "name": "Ferda Mravenec", "programme": "kratky",
         "start_date": "2025-03-03", "end_date": "2026-01-01", "attended_minutes": 270},
    ]  # fmt: skip
    assert doc["dropped_out"] == []
    # Ferda's enrolment was active on 1 January; Vochomůrka's all month; Manka's not yet.
    without = [r["client"] for r in doc["clients_without_session"]]
    assert without == [caseload["ferda"], caseload["vochomurka"]]
    dropped = as_json(ok, "report", "month", "2025-12")["dropped_out"]
    assert [(r["client"], r["end_date"]) for r in dropped] == [(caseload["rumcajs"], "2025-12-31")]


def test_month_session_only_client_and_no_show(ok, caseload):
    april = as_json(ok, "report", "month", "2026-04")
    assert [(r["client"], r["minutes"]) for r in april["by_client"]] == [(caseload["cipisek"], 60)]
    may = as_json(ok, "report", "month", "2026-05")
    assert may["by_client"] == [
        {"client": caseload["snek"], "name": "Šnek Pomalý", "sessions": 0, "minutes": 0,
         "sessions_missed": 1},
    ]  # fmt: skip
    assert (may["sessions"], may["sessions_missed"], may["clients_with_sessions"]) == (0, 1, 0)


def test_month_human_output(ok, caseload):
    out = ok("report", "month", "2026-03")
    assert out.splitlines()[0] == "March 2026: 1 session held (2.5 h) with 1 client, 1 missed"
    assert "Manka Loupežnická" in out and "Vochomůrka Pařezový" in out
    assert "no enrolment completed this month" in out
    assert "Ferda Mravenec" in ok("report", "month", "2026-01")


# --- hours --by ------------------------------------------------------------------------------

HOURS_KEYS = {
    "client", "programme", "programme_name", "state", "start_date", "attended_minutes",
    "required_minutes", "remaining_minutes", "sessions",
}  # fmt: skip


def test_hours_by_activity_and_month(ok, caseload):
    ferda = caseload["ferda"]
    plain = as_json(ok, "hours", ferda)
    assert set(plain) == HOURS_KEYS
    by_activity = as_json(ok, "hours", ferda, "--by", "activity")
    assert by_activity == {
        **plain,
        "by": {"legal-counselling": 150, "social-training": 120},
        "activities": [  # the same as a list (docs/reference.md, JSON vocabulary)
            {"activity": "legal-counselling", "sessions": 1, "minutes": 150, "hours": 2.5},
            {"activity": "social-training", "sessions": 1, "minutes": 120, "hours": 2},
        ],
    }
    by_month = as_json(ok, "hours", ferda, "--by", "month")
    assert by_month == {
        **plain,
        "by": {"2025-03": 120, "2025-04": 150},  # no-show in May
        "months": [
            {"month": "2025-03", "sessions": 1, "minutes": 120, "hours": 2},
            {"month": "2025-04", "sessions": 1, "minutes": 150, "hours": 2.5},
        ],
    }
    assert plain["attended_minutes"] == 270 and plain["state"] == "completed"


def test_hours_by_human_table(ok, caseload):
    out = ok("hours", caseload["manka"], "--by", "month")
    first, *rest = out.splitlines()
    assert first.startswith(f"{caseload['manka']} juvenile: 5 h of 35 h in 2 sessions")
    table = "\n".join(rest)
    assert "2026-02" in table and "2026-03" in table and "2.5 h" in table
    assert ok("hours", caseload["manka"]) == first


def test_hours_by_refuses_other_groupings(resoc, ok, caseload):
    run = resoc("hours", caseload["ferda"], "--by", "week")
    assert run.exit_code == 2 and len(run.stderr.splitlines()) == 1 and "--by" in run.stderr


def test_an_empty_year_in_czech_says_zero_in_words(ok):
    import re

    paragraph = ok("--lang", "cs", "report", "year", "1999").splitlines()[-1]
    assert not re.search(r"\b0\b", paragraph), paragraph
    assert paragraph.startswith("V roce 1999 jsme v programu nepracovali s žádným klientem.")
    assert "žádné zařazení nebylo dokončeno a žádné neskončilo předčasně" in paragraph
    assert paragraph.endswith("V individuálních plánech jsme nestanovili žádný cíl.")
