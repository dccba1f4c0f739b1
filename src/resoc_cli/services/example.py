"""The bundled example caseload: nine wholly fictional clients (fairy-tale names), each built
through the same use cases a curator's commands call. It is the caseload of the worked shell
example ``examples/load.py``, step for step and in the same order, so that every code and id
comes out the same; that script types ~130 commands, this loads them in one transaction.

What it shows (see the script's header): each built-in programme with a complete and an
incomplete client, a released client with family work who is not enrolled yet, and three
clients early in the adult programme. On the day it is loaded ``resoc agenda`` lists every kind
of item; Čmelák's release is always 40 days ahead of that day.
"""

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from resoc_cli.domain.errors import Conflict
from resoc_cli.i18n import _
from resoc_cli.services import clients, family, plans, programmes, sessions

#: The year whose days the weekly runs of sessions count (``sessions`` in load.py).
YEAR = 2026


def day_of_year(n: int) -> date:
    """Day ``n`` of ``YEAR`` (1 is 1 January)."""
    return date(YEAR, 1, 1) + timedelta(days=n - 1)


@dataclass(frozen=True)
class Weekly:
    """``count`` weekly sessions of ``hours`` from day ``first_day`` of the year; with
    ``phases``, the run is split evenly into phases 1 .. ``phases``."""

    first_day: int
    count: int
    hours: str
    phases: int = 0

    def runs(self) -> list[tuple[date, int | None]]:
        """Each session's date and phase (``None`` without phases)."""
        return [
            (
                day_of_year(self.first_day + 7 * i),
                i * self.phases // self.count + 1 if self.phases else None,
            )
            for i in range(self.count)
        ]


@dataclass(frozen=True)
class Session:
    """A session outside the weekly run; ``members`` by name, from the client's family."""

    date: str
    hours: str
    phase: int | None = None
    activity: str = "social-training"
    attendance: str = "attended"
    members: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Goal:
    area: str
    text: str
    #: ``(outcome, date)`` when the goal was reached, after the plan was agreed
    done: tuple[str, str] | None = None


@dataclass(frozen=True)
class Plan:
    """Needs and goals all noted on ``noted``; ``agreed`` when the client signed it."""

    noted: str
    needs: tuple[str, ...]
    goals: tuple[Goal, ...]
    agreed: str | None = None


@dataclass(frozen=True)
class Member:
    name: str
    relation: str
    born: str


@dataclass(frozen=True)
class Contact:
    member: str  # the member's name
    date: str
    kind: str
    minutes: int


@dataclass(frozen=True)
class Client:
    """One client: the details as ``client add`` takes them, then the casework."""

    name: str
    born: str
    sex: str
    referral: str
    status: str
    contract: str | None = None
    release: str | None = None
    release_in_days: int | None = None  # a release this many days after the day of loading
    programme: str | None = None
    start: str | None = None
    weekly: Weekly | None = None
    sessions: tuple[Session, ...] = ()  # after the weekly run
    plan: Plan | None = None
    family: tuple[Member, ...] = ()
    contacts: tuple[Contact, ...] = ()


#: K0001-K0006, each loaded whole before the next.
ONE_BY_ONE = (
    Client(
        "Ferda Mravenec", "1988-04-12", "m", "pms", "released", contract="2026-02-02",
        programme="adult", start="2026-02-02", weekly=Weekly(33, 15, "2", phases=3),
        plan=Plan(
            "2026-02-09",
            needs=("debts", "work"),
            goals=(
                Goal("debts", "Dodržovat splátkový kalendář",
                     done=("payment-schedule-kept", "2026-05-04")),
                Goal("work", "Najít stálou práci"),
            ),
            agreed="2026-02-16",
        ),
    ),
    Client(
        "Rumcajs Loupežník", "1979-09-30", "m", "court", "alternative-sentence",
        contract="2026-03-02", programme="adult", start="2026-03-02",
        weekly=Weekly(61, 14, "2", phases=3),
        sessions=(
            Session("2026-06-15", "1.5", phase=3, note="Odešel dříve"),
            Session("2026-06-22", "2", attendance="no-show"),
        ),
        plan=Plan(
            "2026-03-09",
            needs=("housing",),
            goals=(Goal("housing", "Získat nájemní byt"),),
            agreed="2026-03-16",
        ),
    ),
    Client(
        "Manka Loupežnická", "1983-01-17", "f", "self", "released", contract="2026-03-09",
        programme="adult", start="2026-03-09", weekly=Weekly(68, 15, "2", phases=3),
        plan=Plan(
            "2026-03-16",
            needs=("family",),
            goals=(Goal("family", "Obnovit kontakt s dcerou"),),
        ),
    ),
    Client(
        "Cipísek Lesní", "2009-06-01", "m", "pms", "alternative-sentence",
        contract="2026-01-12", programme="juvenile", start="2026-01-12",
        weekly=Weekly(12, 14, "2.5"),
        plan=Plan(
            "2026-01-19",
            needs=("education",),
            goals=(
                Goal("education", "Dokončit učební obor",
                     done=("education-continued", "2026-06-30")),
            ),
            agreed="2026-01-26",
        ),
    ),
    Client(
        "Křemílek Pařezový", "2010-02-20", "m", "family", "at-risk", contract="2026-02-09",
        programme="juvenile", start="2026-02-09", weekly=Weekly(40, 15, "2"),
        plan=Plan(
            "2026-02-16",
            needs=("addiction",),
            goals=(Goal("addiction", "Kontaktovat adiktologickou ambulanci"),),
            agreed="2026-02-23",
        ),
    ),
    # Released from prison, family work, not enrolled yet: the sessions are kept, not counted.
    Client(
        "Šnek Pomalý", "1975-11-03", "m", "prison", "released", release="2026-10-15",
        family=(
            Member("Šnečice Pomalá", "spouse", "1978-05-05"),
            Member("Šneček Pomalý", "child", "2015-08-19"),
        ),
        contacts=(
            Contact("Šnečice Pomalá", "2026-09-01", "prison-visit", 60),
            Contact("Šneček Pomalý", "2026-09-20", "assisted-meeting", 90),
        ),
        sessions=(
            Session("2026-09-20", "1.5", activity="assisted-meeting", members=("Šneček Pomalý",)),
            Session("2026-10-20", "1", activity="consultation"),
        ),
    ),
)  # fmt: skip

#: K0007-K0009, early in the adult programme (their names show the Czech order: Č, Ch, Ž),
#: arrive together: all three are added, then enrolled, then their sessions, then family.
#: Chroustík is in prison with a young son and no family contact yet (an agenda item).
TOGETHER = (
    Client(
        "Žabák Kvákal", "1995-07-07", "m", "curator", "entering",
        programme="adult", start="2026-10-05", weekly=Weekly(278, 6, "2", phases=3),
    ),
    Client(
        "Chroustík Májový", "2001-05-01", "x", "pms", "in-prison", release="2027-03-31",
        programme="adult", start="2026-10-05", weekly=Weekly(278, 4, "2"),
        family=(Member("Chroustíček Májový", "child", "2018-06-01"),),
    ),
    Client(
        "Čmelák Brumla", "1969-12-24", "f", "victim-counsellor", "in-prison",
        release_in_days=40, programme="adult", start="2026-10-05", weekly=Weekly(285, 3, "2.5"),
    ),
)  # fmt: skip


def load_example(conn: sqlite3.Connection, today: date) -> dict:
    """Load the example caseload into a database that holds no clients yet (Conflict
    otherwise). How many of each record were made: ``{"clients", "enrolments", "sessions",
    "family_members", "contacts", "needs", "goals"}``."""
    if clients.list_clients(conn, include_closed=True):
        raise Conflict(_("example: the database already holds clients; give another --db"))
    loader = _Loader(conn, today)
    for client in ONE_BY_ONE:
        code = loader.record_client(client)
        loader.record_enrolment(code, client)
        loader.record_family(code, client)
        loader.record_sessions(code, client)
        loader.record_plan(code, client)
    codes = [loader.record_client(client) for client in TOGETHER]
    for step in (loader.record_enrolment, loader.record_sessions, loader.record_family):
        for code, client in zip(codes, TOGETHER, strict=True):
            step(code, client)
    return loader.counts


class _Loader:
    """Each step of one client's casework, through the use cases; counts what it made."""

    def __init__(self, conn: sqlite3.Connection, today: date) -> None:
        self.conn, self.today = conn, today
        self.counts = dict.fromkeys(
            ("clients", "enrolments", "sessions", "family_members", "contacts", "needs", "goals"),
            0,
        )
        self.members: dict[tuple[str, str], int] = {}  # (client code, member name) -> id

    def _made(self, kind: str) -> None:
        self.counts[kind] += 1

    def record_client(self, c: Client) -> str:
        release = c.release
        if c.release_in_days is not None:
            release = (self.today + timedelta(days=c.release_in_days)).isoformat()
        result = clients.add_client(
            self.conn,
            self.today,
            name=c.name,
            born=c.born,
            sex=c.sex,
            referral=c.referral,
            status=c.status,
            release=release,
            contract=c.contract,
        )
        self._made("clients")
        return result["code"]

    def record_enrolment(self, code: str, c: Client) -> None:
        if c.programme is not None:
            programmes.enrol(self.conn, code, c.programme, date.fromisoformat(c.start))
            self._made("enrolments")

    def record_family(self, code: str, c: Client) -> None:
        """The members, then the contacts with them."""
        for m in c.family:
            result = family.add_member(
                self.conn, code, name=m.name, relation=m.relation, born=m.born
            )
            self.members[code, m.name] = result["id"]
            self._made("family_members")
        for contact in c.contacts:
            family.add_contact(
                self.conn,
                code,
                member=self.members[code, contact.member],
                date=date.fromisoformat(contact.date),
                kind=contact.kind,
                minutes=contact.minutes,
            )
            self._made("contacts")

    def record_sessions(self, code: str, c: Client) -> None:
        """The weekly run, then the other sessions. Their warnings (a session that does not
        count, with no enrolment) are not shown, as load.py does not show them."""
        if c.weekly is not None:
            minutes = sessions.duration(c.weekly.hours, None)
            for on, phase in c.weekly.runs():
                sessions.add_session(self.conn, code, date=on, minutes=minutes, phase=phase)
                self._made("sessions")
        for s in c.sessions:
            sessions.add_session(
                self.conn,
                code,
                date=date.fromisoformat(s.date),
                minutes=sessions.duration(s.hours, None),
                activity=s.activity,
                phase=s.phase,
                attendance=s.attendance,
                members=tuple(self.members[code, name] for name in s.members),
                note=s.note,
            )
            self._made("sessions")

    def record_plan(self, code: str, c: Client) -> None:
        """Needs, goals, the agreement, then the goals reached."""
        if c.plan is None:
            return
        noted = date.fromisoformat(c.plan.noted)
        for area in c.plan.needs:
            plans.add_need(self.conn, code, area, noted)
            self._made("needs")
        goal_ids = []
        for goal in c.plan.goals:
            result = plans.add_goal(self.conn, code, area=goal.area, text=goal.text, date=noted)
            goal_ids.append(result["id"])
            self._made("goals")
        if c.plan.agreed is not None:
            plans.agree_plan(self.conn, code, date.fromisoformat(c.plan.agreed))
        for goal, goal_id in zip(c.plan.goals, goal_ids, strict=True):
            if goal.done is not None:
                outcome, on = goal.done
                plans.close_goal(
                    self.conn, code, goal_id, outcome=outcome, date=date.fromisoformat(on)
                )
