"""Property: erasing any closed clients never changes any yearly report (Hypothesis)."""

import itertools
import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from resoc_cli.cli import app
from resoc_cli.domain.codes import Activity, Attendance, Referral, Sex, Status

NAMES = ["Ferda Mravenec", "Manka Loupežnická", "Cipísek Lesní", "Šnek Pomalý", "Pat Kutil"]

session_st = st.fixed_dictionaries(
    {
        "date": st.dates(date(2024, 1, 1), date(2026, 10, 31)),
        "minutes": st.integers(1, 720),
        "activity": st.sampled_from(list(Activity)),
        "attendance": st.sampled_from(list(Attendance)),
    }
)
client_st = st.fixed_dictionaries(
    {
        "born": st.dates(date(1940, 1, 1), date(2012, 12, 31)),
        "sex": st.sampled_from(list(Sex)),
        "referral": st.sampled_from(list(Referral)),
        "status": st.sampled_from(list(Status)),
        "enrol": st.sampled_from([None, "adult", "juvenile"]),
        "sessions": st.lists(session_st, max_size=4),
        "family_contacts": st.integers(0, 2),
        "erase": st.booleans(),
    }
)
counter = itertools.count()


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(clients=st.lists(client_st, min_size=1, max_size=4))
def test_erase_never_changes_a_yearly_report(tmp_path, clients):
    db = tmp_path / f"p{next(counter)}.db"
    runner = CliRunner()

    def ok(*args):
        r = runner.invoke(app, ["--db", str(db), *map(str, args)])
        assert r.exit_code == 0, (args, r.stderr)
        return r.stdout.strip()

    codes = []
    for i, c in enumerate(clients):
        code = ok(
            "client",
            "add",
            NAMES[i % len(NAMES)],
            "--born",
            c["born"],
            "--sex",
            c["sex"],
            "--referral",
            c["referral"],
            "--status",
            c["status"],
            "--note",
            "tajné",
        )
        codes.append(code)
        if c["enrol"]:
            ok("enrol", code, c["enrol"], "--date", "2024-01-01")
        for s in c["sessions"]:
            ok(
                "session",
                "add",
                code,
                "--date",
                s["date"],
                "--minutes",
                s["minutes"],
                "--activity",
                s["activity"],
                "--attendance",
                s["attendance"],
                "--note",
                "x",
            )
        if c["family_contacts"]:
            member = ok("family", "add", code, "Beruška Mravencová", "--relation", "child")
            for n in range(c["family_contacts"]):
                ok(
                    "contact",
                    "add",
                    code,
                    "--member",
                    member,
                    "--date",
                    f"2025-0{n + 1}-15",
                    "--kind",
                    "phone",
                    "--note",
                    "volala",
                )
        if c["enrol"]:
            ok("drop", code, "--date", "2026-11-01", "--reason", "odešel")
        ok("client", "close", code, "--date", "2026-11-02")

    def reports():
        return [json.loads(ok("report", "year", y, "--json")) for y in (2024, 2025, 2026)]

    before = reports()
    for code, c in zip(codes, clients, strict=True):
        if c["erase"]:
            ok("client", "erase", code, "--yes")
    assert reports() == before
