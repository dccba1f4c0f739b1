"""Loads a small, wholly fictional caseload (fairy-tale names) into a new database, one
``resoc`` command at a time: a worked example of the command line. Runs the same on Windows
(PowerShell), macOS and Linux, with nothing but Python and resoc:

    python examples/load.py [DB]        (default: example.db in the current folder)

It shows each built-in programme with one complete and one incomplete client:
  K0001 Ferda Mravenec      adult     complete (15 x 2 h = 30 h, plan agreed)
  K0002 Rumcajs Loupežník   adult     incomplete (29.5 h: half an hour short)
  K0003 Manka Loupežnická   adult     incomplete (30 h, but the plan is not agreed)
  K0004 Cipísek Lesní       juvenile  complete (14 x 2.5 h = 35 h, plan agreed)
  K0005 Křemílek Pařezový   juvenile  incomplete (15 x 2 h = 30 h: juveniles need 35 h)
  K0006 Šnek Pomalý         not enrolled yet (released from prison, family contacts)
  K0007 Žabák Kvákal, K0008 Chroustík Májový, K0009 Čmelák Brumla: early in the adult programme
On the day it is loaded, `resoc agenda` shows every kind of item: plans to review, clients
without a session for weeks, enrolments behind pace or ready to complete, Čmelák's release
in 40 days with no housing goal, Chroustík's son with no family contact.
`resoc --db DB example` loads the very same caseload in one process (a test compares them).
"""

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

DB = Path(sys.argv[1] if len(sys.argv) > 1 else "example.db")


def r(*args: str) -> None:
    """One resoc command on the example database; its output is not needed, its failure is."""
    done = subprocess.run(
        [sys.executable, "-m", "resoc_cli", "--db", str(DB), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if done.returncode != 0:
        sys.exit(f"load.py: resoc {' '.join(args)} failed: {done.stderr.strip()}")


def sessions(client: str, start: int, count: int, hours: str, phases: int = 0) -> None:
    """COUNT weekly sessions from day START of 2026 (1 = 1 January)."""
    for i in range(count):
        day = date(2026, 1, 1) + timedelta(days=start - 1 + 7 * i)
        phase = ["--phase", str(i * phases // count + 1)] if phases else []
        r("session", "add", client, "--date", day.isoformat(), "--hours", hours, *phase)


def main() -> None:
    if DB.exists():
        sys.exit(f"load.py: {DB} already exists; give another path or remove it first")
    r("init")

    # --- adults ------------------------------------------------------------------------------
    r(
        "client",
        "add",
        "Ferda Mravenec",
        "--born",
        "1988-04-12",
        "--sex",
        "m",
        "--referral",
        "pms",
        "--status",
        "released",
        "--contract",
        "2026-02-02",
    )
    r("enrol", "K0001", "adult", "--date", "2026-02-02")
    sessions("K0001", 33, 15, "2", 3)
    r("plan", "need", "K0001", "debts", "--date", "2026-02-09")
    r("plan", "need", "K0001", "work", "--date", "2026-02-09")
    r("plan", "goal", "K0001", "debts", "Dodržovat splátkový kalendář", "--date", "2026-02-09")
    r("plan", "goal", "K0001", "work", "Najít stálou práci", "--date", "2026-02-09")
    r("plan", "agree", "K0001", "--date", "2026-02-16")
    r("plan", "done", "K0001", "1", "--outcome", "payment-schedule-kept", "--date", "2026-05-04")

    r(
        "client",
        "add",
        "Rumcajs Loupežník",
        "--born",
        "1979-09-30",
        "--sex",
        "m",
        "--referral",
        "court",
        "--status",
        "alternative-sentence",
        "--contract",
        "2026-03-02",
    )
    r("enrol", "K0002", "adult", "--date", "2026-03-02")
    sessions("K0002", 61, 14, "2", 3)
    r(
        "session",
        "add",
        "K0002",
        "--date",
        "2026-06-15",
        "--hours",
        "1.5",
        "--phase",
        "3",
        "--note",
        "Odešel dříve",
    )
    r("session", "add", "K0002", "--date", "2026-06-22", "--hours", "2", "--attendance", "no-show")
    r("plan", "need", "K0002", "housing", "--date", "2026-03-09")
    r("plan", "goal", "K0002", "housing", "Získat nájemní byt", "--date", "2026-03-09")
    r("plan", "agree", "K0002", "--date", "2026-03-16")

    r(
        "client",
        "add",
        "Manka Loupežnická",
        "--born",
        "1983-01-17",
        "--sex",
        "f",
        "--referral",
        "self",
        "--status",
        "released",
        "--contract",
        "2026-03-09",
    )
    r("enrol", "K0003", "adult", "--date", "2026-03-09")
    sessions("K0003", 68, 15, "2", 3)
    r("plan", "need", "K0003", "family", "--date", "2026-03-16")
    r("plan", "goal", "K0003", "family", "Obnovit kontakt s dcerou", "--date", "2026-03-16")

    # --- juveniles ---------------------------------------------------------------------------
    r(
        "client",
        "add",
        "Cipísek Lesní",
        "--born",
        "2009-06-01",
        "--sex",
        "m",
        "--referral",
        "pms",
        "--status",
        "alternative-sentence",
        "--contract",
        "2026-01-12",
    )
    r("enrol", "K0004", "juvenile", "--date", "2026-01-12")
    sessions("K0004", 12, 14, "2.5")
    r("plan", "need", "K0004", "education", "--date", "2026-01-19")
    r("plan", "goal", "K0004", "education", "Dokončit učební obor", "--date", "2026-01-19")
    r("plan", "agree", "K0004", "--date", "2026-01-26")
    r("plan", "done", "K0004", "5", "--outcome", "education-continued", "--date", "2026-06-30")

    r(
        "client",
        "add",
        "Křemílek Pařezový",
        "--born",
        "2010-02-20",
        "--sex",
        "m",
        "--referral",
        "family",
        "--status",
        "at-risk",
        "--contract",
        "2026-02-09",
    )
    r("enrol", "K0005", "juvenile", "--date", "2026-02-09")
    sessions("K0005", 40, 15, "2")
    r("plan", "need", "K0005", "addiction", "--date", "2026-02-16")
    r(
        "plan",
        "goal",
        "K0005",
        "addiction",
        "Kontaktovat adiktologickou ambulanci",
        "--date",
        "2026-02-16",
    )
    r("plan", "agree", "K0005", "--date", "2026-02-23")

    # --- a released client with family work, not yet enrolled ---------------------------------
    r(
        "client",
        "add",
        "Šnek Pomalý",
        "--born",
        "1975-11-03",
        "--sex",
        "m",
        "--referral",
        "prison",
        "--status",
        "released",
        "--release",
        "2026-10-15",
    )
    r("family", "add", "K0006", "Šnečice Pomalá", "--relation", "spouse", "--born", "1978-05-05")
    r("family", "add", "K0006", "Šneček Pomalý", "--relation", "child", "--born", "2015-08-19")
    r(
        "contact",
        "add",
        "K0006",
        "--member",
        "1",
        "--date",
        "2026-09-01",
        "--kind",
        "prison-visit",
        "--minutes",
        "60",
    )
    r(
        "contact",
        "add",
        "K0006",
        "--member",
        "2",
        "--date",
        "2026-09-20",
        "--kind",
        "assisted-meeting",
        "--minutes",
        "90",
    )
    r(
        "session",
        "add",
        "K0006",
        "--date",
        "2026-09-20",
        "--hours",
        "1.5",
        "--activity",
        "assisted-meeting",
        "--with",
        "2",
    )
    r(
        "session",
        "add",
        "K0006",
        "--date",
        "2026-10-20",
        "--hours",
        "1",
        "--activity",
        "consultation",
    )

    # --- early in the adult programme (shows Czech name order: Č, Ch, Ž) -----------------------
    r(
        "client",
        "add",
        "Žabák Kvákal",
        "--born",
        "1995-07-07",
        "--sex",
        "m",
        "--referral",
        "curator",
        "--status",
        "entering",
    )
    r(
        "client",
        "add",
        "Chroustík Májový",
        "--born",
        "2001-05-01",
        "--sex",
        "x",
        "--referral",
        "pms",
        "--status",
        "in-prison",
        "--release",
        "2027-03-31",
    )
    # Čmelák's release is always 40 days after the day the example is loaded, so the agenda
    # shows a release coming with no housing goal in the plan.
    release = (date.today() + timedelta(days=40)).isoformat()
    r(
        "client",
        "add",
        "Čmelák Brumla",
        "--born",
        "1969-12-24",
        "--sex",
        "f",
        "--referral",
        "victim-counsellor",
        "--status",
        "in-prison",
        "--release",
        release,
    )
    for client in ("K0007", "K0008", "K0009"):
        r("enrol", client, "adult", "--date", "2026-10-05")
    sessions("K0007", 278, 6, "2", 3)
    sessions("K0008", 278, 4, "2")
    sessions("K0009", 285, 3, "2.5")
    # Chroustík is in prison and has a young son, but no family contact is recorded yet.
    r("family", "add", "K0008", "Chroustíček Májový", "--relation", "child", "--born", "2018-06-01")
    print(f"loaded the example caseload into {DB}", file=sys.stderr)


if __name__ == "__main__":
    main()
