"""Build a realistic synthetic resoc database for the benchmarks.

    python benchmarks/generate.py --clients 100000 --sessions 5000000 --db /tmp/big.db --seed 1

The file is created by resoc's own code (``storage.db.connect``: schema.sql and its
migrations), then filled in one transaction with plain ``executemany``. The sessions indexes
are dropped during the load and re-created afterwards from their own definitions, then
``ANALYZE`` runs. Everything is fictional; the same seed gives the same file.

Shapes (roughly what a regional organisation sees over five years, 2021-11 .. 2026-10):
- clients: 80 % men, 18 % women, 2 % x; ~8 % juveniles; referral and situation mixes below;
- enrolments: 1-3 per client (about 2 on average), one after another, 3-8 months each; about
  10 % of clients have an active enrolment now, the rest completed (60 %) or dropped (40 %);
- sessions: spread over the enrolments in proportion to their length, about weekly, on
  weekdays; 82 % attended, 6 % late, 7 % excused, 5 % no-show; mostly 120-minute social
  training, then consultations and the other activities;
- families: 40 % of clients have 1-3 members and a few contacts; 60 % have an agreed plan.
"""

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from resoc_cli.storage.db import connect  # noqa: E402

FIRST = [
    "Ferda",
    "Manka",
    "Rumcajs",
    "Cipísek",
    "Křemílek",
    "Vochomůrka",
    "Pat",
    "Mat",
    "Bob",
    "Bobek",
    "Šnek",
    "Beruška",
]
LAST = [
    "Mravenec",
    "Loupežník",
    "Lesní",
    "Pařezový",
    "Pomalý",
    "Kutil",
    "Brumla",
    "Kvákal",
    "Májový",
    "Hajný",
]
REFERRALS = (
    ["pms"] * 30
    + ["prison"] * 25
    + ["court"] * 10
    + ["curator"] * 15
    + ["self"] * 10
    + ["family"] * 7
    + ["victim-counsellor"] * 1
    + ["other"] * 2
)
STATUSES = (
    ["released"] * 40
    + ["in-prison"] * 25
    + ["alternative-sentence"] * 20
    + ["at-risk"] * 10
    + ["entering"] * 5
)
ACTIVITIES = (
    ["social-training"] * 60
    + ["consultation"] * 20
    + ["legal-counselling"] * 5
    + ["therapy-individual"] * 5
    + ["therapy-family"] * 3
    + ["accompaniment"] * 3
    + ["crisis-intervention"] * 2
    + ["case-conference"] * 2
)
MINUTES = {
    "social-training": 120,
    "consultation": 60,
    "legal-counselling": 60,
    "therapy-individual": 60,
    "therapy-family": 90,
    "accompaniment": 180,
    "crisis-intervention": 90,
    "case-conference": 60,
}
ATTENDANCE = ["attended"] * 82 + ["late"] * 6 + ["excused"] * 7 + ["no-show"] * 5
AREAS = ["housing", "work", "debts", "family", "health", "education", "addiction"]
START, TODAY = date(2021, 11, 1), date(2026, 10, 31)
DAYS = (TODAY - START).days


def plan_enrolments(rng: random.Random, clients: int):
    """[(client_id, programme_id, start, end or None, state, length in days)]"""
    out = []
    active = set(rng.sample(range(1, clients + 1), clients // 10))
    for cid in range(1, clients + 1):
        count = rng.choice((1, 1, 2, 2, 2, 3, 3))
        juvenile = rng.random() < 0.08
        programme = 2 if juvenile else 1
        length = [rng.randint(90, 240) for _ in range(count)]
        gaps = [rng.randint(30, 300) for _ in range(count)]
        total = sum(length) + sum(gaps[1:])
        first = START + timedelta(days=rng.randint(0, max(0, DAYS - total)))
        if cid in active:  # the last enrolment runs now
            first = TODAY - timedelta(days=total - length[-1] + rng.randint(10, length[-1]))
        day = first
        for k in range(count):
            end = day + timedelta(days=length[k])
            last = k == count - 1
            if last and cid in active:
                out.append((cid, programme, day, None, "active", (TODAY - day).days))
            else:
                state = "completed" if rng.random() < 0.6 else "dropped"
                out.append((cid, programme, day, min(end, TODAY), state, length[k]))
            if not last:
                day = end + timedelta(days=gaps[k + 1])
    return out, juvenile_ids(out)


def juvenile_ids(enrolments) -> set[int]:
    return {e[0] for e in enrolments if e[1] == 2}


def clients_rows(rng: random.Random, n: int, juveniles: set[int], ends: dict[int, date | None]):
    for cid in range(1, n + 1):
        young = cid in juveniles
        born = date(
            rng.randint(2008, 2011) if young else rng.randint(1950, 2004),
            rng.randint(1, 12),
            rng.randint(1, 28),
        )
        sex = rng.choices("mfx", weights=(80, 18, 2))[0]
        end = ends.get(cid)
        closed = end + timedelta(days=30) if end and end + timedelta(days=30) < TODAY else None
        yield (
            cid,
            f"K{cid:04d}",
            f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            born.isoformat(),
            sex,
            rng.choice(REFERRALS),
            rng.choice(STATUSES),
            None,
            START.isoformat(),
            None,
            START.isoformat(),
            closed.isoformat() if closed else None,
        )


def sessions_rows(rng: random.Random, enrolments, total: int):
    """About ``total`` sessions, spread over the enrolments by length, weekly-ish."""
    days = sum(max(1, e[5]) for e in enrolments)
    per_day = total / days
    made = 0
    for eid, (cid, programme, start, _end, _state, length) in enumerate(enrolments, start=1):
        want = per_day * max(1, length)
        count = int(want) + (rng.random() < want - int(want))
        if made + count > total:
            count = total - made
        step = max(1, length // max(1, count))
        for k in range(count):
            day = start + timedelta(days=min(length, k * step + rng.randint(0, max(0, step - 1))))
            activity = rng.choice(ACTIVITIES)
            phase = (1 + 3 * k // max(1, count)) if programme == 1 else None
            yield (
                cid,
                eid,
                day.isoformat(),
                MINUTES[activity],
                activity,
                phase,
                rng.choice(ATTENDANCE),
                None,
            )
        made += count


def family_rows(rng: random.Random, clients: int):
    members, contacts = [], []
    mid = 0
    for cid in range(1, clients + 1):
        if rng.random() >= 0.4:
            continue
        for _ in range(rng.randint(1, 3)):
            mid += 1
            relation = rng.choice(["child", "partner", "parent", "sibling", "spouse"])
            members.append((mid, cid, f"{rng.choice(FIRST)} {rng.choice(LAST)}", relation))
            for _ in range(rng.randint(0, 4)):
                day = START + timedelta(days=rng.randint(0, DAYS))
                kind = rng.choice(["phone", "letter", "meeting", "prison-visit", "video-call"])
                contacts.append((cid, mid, day.isoformat(), kind))
    return members, contacts


def plan_rows(rng: random.Random, clients: int):
    plans, needs, goals = [], [], []
    for cid in range(1, clients + 1):
        if rng.random() >= 0.6:
            continue
        agreed = START + timedelta(days=rng.randint(0, DAYS))
        plans.append((cid, agreed.isoformat()))
        areas = rng.sample(AREAS, rng.randint(1, 3))
        for area in areas:
            needs.append((cid, area, agreed.isoformat()))
            done = rng.random() < 0.5
            goals.append(
                (
                    cid,
                    area,
                    "Smyšlený cíl",
                    agreed.isoformat(),
                    (agreed + timedelta(days=120)).isoformat() if done else None,
                    "achieved" if done else None,
                )
            )
    return plans, needs, goals


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=100_000)
    ap.add_argument("--sessions", type=int, default=5_000_000)
    ap.add_argument("--db", type=Path, default=Path("/tmp/resoc-bench.db"))
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.db.exists():
        sys.exit(f"generate: {args.db} exists; remove it first")
    started = time.perf_counter()
    rng = random.Random(args.seed)
    conn = connect(args.db)  # resoc's schema and migrations
    enrolments, juveniles = plan_enrolments(rng, args.clients)
    last_end: dict[int, date | None] = {}
    for cid, _p, _s, end, state, _len in enrolments:
        last_end[cid] = None if state == "active" else end
    session_indexes = conn.execute(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'sessions'"
        " AND sql IS NOT NULL"
    ).fetchall()
    conn.execute("BEGIN IMMEDIATE")
    for name, _sql in session_indexes:
        conn.execute(f'DROP INDEX "{name}"')
    conn.executemany(
        """INSERT INTO clients (id, code, name, born, sex, referral, status, release_date,
                                contract_date, note, created, closed_date)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        clients_rows(rng, args.clients, juveniles, last_end),
    )
    conn.executemany(
        """INSERT INTO enrolments (client_id, programme_id, start_date, end_date, state)
           VALUES (?, ?, ?, ?, ?)""",
        (
            (c, p, s.isoformat(), e.isoformat() if e else None, st)
            for c, p, s, e, st, _ in enrolments
        ),
    )
    conn.executemany(
        """INSERT INTO sessions (client_id, enrolment_id, date, minutes, activity, phase,
                                 attendance, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        sessions_rows(rng, enrolments, args.sessions),
    )
    members, contacts = family_rows(rng, args.clients)
    conn.executemany(
        "INSERT INTO family_members (id, client_id, name, relation) VALUES (?, ?, ?, ?)", members
    )
    conn.executemany(
        "INSERT INTO contacts (client_id, member_id, date, kind) VALUES (?, ?, ?, ?)", contacts
    )
    plans, needs, goals = plan_rows(rng, args.clients)
    conn.executemany("INSERT INTO plans (client_id, agreed_date) VALUES (?, ?)", plans)
    conn.executemany("INSERT INTO plan_needs (client_id, area, noted) VALUES (?, ?, ?)", needs)
    conn.executemany(
        """INSERT INTO plan_goals (client_id, area, text, set_date, done_date, outcome)
           VALUES (?, ?, ?, ?, ?, ?)""",
        goals,
    )
    for _name, sql in session_indexes:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("clients", "enrolments", "sessions", "family_members", "contacts")
    }
    active = conn.execute("SELECT count(*) FROM enrolments WHERE state = 'active'").fetchone()[0]
    conn.close()
    size = args.db.stat().st_size / 1e6
    took = time.perf_counter() - started
    print(f"generated {args.db}: {counts}, {active} active enrolments, {size:.0f} MB, {took:.0f} s")


if __name__ == "__main__":
    main()
