"""The daily agenda: what needs the curator's attention today. Pure rules over plain facts.

Each rule gives items ``{kind, client, name, due, reason, command}``; ``due`` is the day by
which to act (in the past: overdue), and the agenda is sorted by it, most urgent first.

- ``release-without-housing``: the client's release date lies 0..``release_days`` days ahead
  and the plan has no housing goal. Due: the release date.
- ``plan-review``: an agreed plan whose last review (else its agreement) was ``review_days`` or
  more days ago. Due: last review + ``review_days``.
- ``no-session``: an active enrolment with no attended (or late) session for ``session_days``
  or more days (counted from its start when it has none). Due: last session + ``session_days``.
- ``family-contact``: a client in prison with a minor child in the family (under 18 today, or
  no birth date recorded) and no family contact for ``family_days`` or more days (or never).
  Due: last contact + ``family_days``, today when there was none.
- ``ready-to-complete``: an active enrolment that passes the completion check. Due: today.
- ``behind-pace``: an active enrolment below its minimum that, at its pace so far, will not
  reach the minimum by its expected end (start + ``programme_weeks``). Due: the expected end;
  the reason gives the forecast date at that pace. With no attended session yet there is no
  pace to forecast: ``no-session`` covers it.
"""

from collections import namedtuple
from datetime import date, timedelta

from resoc_cli.i18n import _, day, hours, ngettext

ADULT = 18


#: How far ahead or back each rule looks (the ``[agenda]`` section of the config file).
#: A named tuple: ``dataclasses`` would import ``inspect`` on every agenda.
Thresholds = namedtuple(
    "Thresholds",
    "release_days review_days session_days family_days programme_weeks",
    defaults=(60, 90, 30, 90, 26),
)


def _later(day: date, delta: timedelta) -> date:
    """``day + delta``, or the last day of the calendar: a row written before dates were
    checked (an enrolment from 9999-12-31) must not stop the whole agenda."""
    try:
        return day + delta
    except OverflowError:
        return date.max


def _item(kind, client, name, due, reason, command) -> dict:
    return {
        "kind": kind,
        "client": client,
        "name": name,
        "due": due.isoformat(),
        "reason": reason,
        "command": command,
        "due_date": due.isoformat(),
    }


def release_items(rows, today: date, t: Thresholds) -> list[dict]:
    """rows: (code, name, release date ISO, has a housing goal)."""
    out = []
    for code, name, release, has_housing in rows:
        days = (date.fromisoformat(release) - today).days
        if 0 <= days <= t.release_days and not has_housing:
            out.append(
                _item(
                    "release-without-housing",
                    code,
                    name,
                    date.fromisoformat(release),
                    ngettext(
                        "released in {n} day on {day}, no housing goal in the plan",
                        "released in {n} days on {day}, no housing goal in the plan",
                        days,
                    ).format(n=days, day=day(release)),
                    f'resoc plan goal {code} housing "..."',
                )
            )
    return out


def review_items(rows, today: date, t: Thresholds) -> list[dict]:
    """rows: (code, name, agreed ISO, last review ISO or None)."""
    out = []
    for code, name, agreed, reviewed in rows:
        last = date.fromisoformat(reviewed or agreed)
        days = (today - last).days
        if days >= t.review_days:
            text = (
                ngettext(
                    "plan reviewed {n} day ago ({day})", "plan reviewed {n} days ago ({day})", days
                )
                if reviewed
                else ngettext(
                    "plan agreed {n} day ago ({day}) and never reviewed",
                    "plan agreed {n} days ago ({day}) and never reviewed",
                    days,
                )
            )
            out.append(
                _item(
                    "plan-review",
                    code,
                    name,
                    _later(last, timedelta(days=t.review_days)),
                    text.format(n=days, day=day(last)),
                    f'resoc plan review {code} --note "..."',
                )
            )
    return out


def session_items(rows, today: date, t: Thresholds) -> list[dict]:
    """rows: (code, name, programme, enrolment start ISO, last held session ISO or None)."""
    out = []
    for code, name, programme, start, last_session in rows:
        last = date.fromisoformat(last_session or start)
        days = (today - last).days
        if days >= t.session_days:
            since = (
                _("last on {day}").format(day=day(last_session))
                if last_session
                else _("none since the start on {day}").format(day=day(start))
            )
            out.append(
                _item(
                    "no-session",
                    code,
                    name,
                    _later(last, timedelta(days=t.session_days)),
                    ngettext(
                        "no attended session in {programme} for {n} day ({since})",
                        "no attended session in {programme} for {n} days ({since})",
                        days,
                    ).format(programme=programme, n=days, since=since),
                    f"resoc session add {code} --date DATE --hours H",
                )
            )
    return out


def is_minor(born: str | None, today: date) -> bool:
    if born is None:
        return True  # no birth date recorded: better asked about than missed
    b = date.fromisoformat(born)
    age = today.year - b.year - ((today.month, today.day) < (b.month, b.day))
    return age < ADULT


def family_items(rows, today: date, t: Thresholds) -> list[dict]:
    """rows: (code, name, [child birth dates ISO or None], last family contact ISO or None);
    only clients in prison."""
    out = []
    for code, name, children, last_contact in rows:
        if not any(is_minor(b, today) for b in children):
            continue
        if last_contact is None:
            due = today
            reason = _("a minor child in the family and no family contact recorded")
        else:
            days = (today - date.fromisoformat(last_contact)).days
            if days < t.family_days:
                continue
            due = _later(date.fromisoformat(last_contact), timedelta(days=t.family_days))
            reason = ngettext(
                "a minor child in the family, last family contact {n} day ago",
                "a minor child in the family, last family contact {n} days ago",
                days,
            ).format(n=days)
        out.append(
            _item(
                "family-contact",
                code,
                name,
                due,
                reason + " " + _("(client in prison)"),
                f"resoc contact add {code} --member ID --kind prison-visit",
            )
        )
    return out


def progress_items(rows, today: date, t: Thresholds) -> list[dict]:
    """rows: (code, name, programme, start ISO, attended minutes, minimum minutes, complete)."""
    out = []
    for code, name, programme, start, done, minimum, complete in rows:
        if complete:
            out.append(
                _item(
                    "ready-to-complete",
                    code,
                    name,
                    today,
                    _("{programme}: minimum hours reached and the plan is made").format(
                        programme=programme
                    ),
                    f"resoc complete {code}",
                )
            )
            continue
        if done >= minimum:
            continue  # hours are there; the plan is missing (resoc check says what)
        began = date.fromisoformat(start)
        expected_end = _later(began, timedelta(weeks=t.programme_weeks))
        elapsed = max(1, (today - began).days)
        if done <= 0:
            continue  # no pace to forecast yet; the no-session rule speaks for it
        days_needed = (minimum - done) * elapsed / done
        forecast = _later(today, timedelta(days=min(int(days_needed + 0.999), 10**6)))
        pace = _("at this pace the minimum is reached on {day}").format(day=day(forecast))
        if forecast > expected_end:
            out.append(
                _item(
                    "behind-pace",
                    code,
                    name,
                    expected_end,
                    _("{programme}: {done} of {minimum}, expected end {end}; {pace}").format(
                        programme=programme,
                        done=hours(done),
                        minimum=hours(minimum),
                        end=day(expected_end),
                        pace=pace,
                    ),
                    f"resoc hours {code} --by month",
                )
            )
    return out


KIND_ORDER = (
    "release-without-housing",
    "family-contact",
    "no-session",
    "behind-pace",
    "plan-review",
    "ready-to-complete",
)


def agenda(items: list[dict]) -> list[dict]:
    """Most urgent first: by due day, then by kind (the order above), then by client."""
    rank = {k: i for i, k in enumerate(KIND_ORDER)}
    return sorted(items, key=lambda i: (i["due"], rank[i["kind"]], i["client"]))
