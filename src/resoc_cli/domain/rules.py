"""The programme rules (seed 001), as pure functions over plain facts.

Completion: attended minutes >= the programme's minimum AND, when the programme requires it,
an individual plan that is agreed, has at least one goal and has a goal for every recorded need.
Late counts as attended; excused and no-show count nothing. Fewer sessions than the programme's
count, sessions shorter than its per-session minimum and phases not covered are warnings only.
"""

from collections import namedtuple
from datetime import date

from resoc_cli.domain.codes import Audience
from resoc_cli.domain.codes import label as code
from resoc_cli.domain.errors import InvalidInput
from resoc_cli.domain.parse import age_on
from resoc_cli.domain.plan import plan_state_of
from resoc_cli.i18n import _, day, hours, ngettext, programme_of

ADULT_AGE = 18


# Plain named tuples, not dataclasses: ``dataclasses`` imports ``inspect``, which alone costs
# ``resoc check`` a third of its time.

#: A programme's completion rules (seed 001 for the built-in two).
ProgrammeRules = namedtuple(
    "ProgrammeRules",
    "code min_minutes sessions session_minutes phases audience plan_required",
    defaults=(None, None, None, Audience.any.value, True),
)

#: What an enrolment's counting (attended or late) sessions add up to.
Progress = namedtuple(
    "Progress",
    "attended_minutes attended_sessions short_sessions phases_covered",
    defaults=(0, 0, 0, frozenset()),
)

#: What the individual plan holds: agreed, the areas with a goal, the areas of needs.
PlanFacts = namedtuple(
    "PlanFacts", "agreed goal_areas need_areas", defaults=(False, frozenset(), frozenset())
)

#: The check's verdict, with every unmet item and every warning.
CheckResult = namedtuple("CheckResult", "complete unmet warnings")


def check_completion(programme: ProgrammeRules, progress: Progress, plan: PlanFacts) -> CheckResult:
    unmet: list[str] = []
    short = programme.min_minutes - progress.attended_minutes
    if short > 0:
        unmet.append(
            _("hours: {short} short of {minimum} ({done} attended)").format(
                short=hours(short), minimum=hours(programme.min_minutes),
                done=hours(progress.attended_minutes),
            )
        )  # fmt: skip
    if programme.plan_required:
        unmet.extend(plan_gaps(plan))
    return CheckResult(
        complete=not unmet, unmet=unmet, warnings=progress_warnings(programme, progress)
    )


def plan_gaps(plan: PlanFacts) -> list[str]:
    """What keeps an individual plan from counting as made."""
    gaps = []
    if not plan.agreed:
        gaps.append(_("plan: not agreed with the client"))
    if not plan.goal_areas:
        gaps.append(_("plan: no goal set"))
    missing = sorted(plan.need_areas - plan.goal_areas)
    if missing:
        gaps.append(
            ngettext(
                "plan: the need {areas} has no goal",
                "plan: the needs {areas} have no goal",
                len(missing),
            ).format(areas=", ".join(code(area) for area in missing))
        )
    return gaps


def plan_state(plan: PlanFacts) -> str:
    """A one-word state for tables: none, draft (not agreed or incomplete), agreed."""
    return plan_state_of(plan.agreed, plan.goal_areas, plan.need_areas)


def progress_warnings(programme: ProgrammeRules, progress: Progress) -> list[str]:
    warnings = []
    if programme.sessions and progress.attended_sessions < programme.sessions:
        warnings.append(
            _("sessions: {done} of {count} attended").format(
                done=progress.attended_sessions, count=programme.sessions
            )
        )
    if programme.session_minutes and progress.short_sessions:
        warnings.append(
            ngettext(
                "sessions: {n} shorter than {length}",
                "sessions: {n} shorter than {length}",
                progress.short_sessions,
            ).format(n=progress.short_sessions, length=hours(programme.session_minutes))
        )
    if programme.phases:
        missing = [p for p in range(1, programme.phases + 1) if p not in progress.phases_covered]
        if missing:
            warnings.append(
                _("phases: {phases} not covered").format(phases=", ".join(map(str, missing)))
            )
    return warnings


def is_juvenile(born: date, on: date) -> bool:
    return age_on(born, on) < ADULT_AGE


def audience_warning(audience: str, born: date, on: date) -> str | None:
    """A warning when the programme's audience does not fit the client's age on ``on``."""
    age = age_on(born, on)
    if audience == Audience.juvenile and age >= ADULT_AGE:
        text = ngettext(
            "audience: the programme is for juveniles and the client is {age} on {day}",
            "audience: the programme is for juveniles and the client is {age} on {day}",
            age,
        )
    elif audience == Audience.adult and age < ADULT_AGE:
        text = ngettext(
            "audience: the programme is for adults and the client is {age} on {day}",
            "audience: the programme is for adults and the client is {age} on {day}",
            age,
        )
    else:
        return None
    return text.format(age=age, day=day(on))


def counted_enrolment(enrolment, on: date, phase: int | None) -> tuple[int | None, list[str]]:
    """Which enrolment a session on ``on`` counts toward, and the warnings to give.

    ``enrolment``: the client's active enrolment (a mapping with ``id``, ``programme``,
    ``start_date`` and ``phases``) or None. A session before the enrolment began, or with no
    active enrolment, is kept but counts toward none. A phase beyond the programme's phases
    is refused (a typo)."""
    if enrolment is None:
        return None, [_("enrolment: the client has no active enrolment; not counted toward one")]
    if on.isoformat() < enrolment["start_date"]:
        warning = _(
            "date: before the enrolment in {programme} began ({start}); not counted toward it"
        ).format(programme=programme_of(enrolment), start=day(enrolment["start_date"]))
        return None, [warning]
    phases = enrolment["phases"]
    if phase and phases and phase > phases:
        raise InvalidInput(
            ngettext(
                "phase: {programme} has {n} phases, not {phase}",
                "phase: {programme} has {n} phases, not {phase}",
                phases,
            ).format(programme=programme_of(enrolment), n=phases, phase=phase)
        )
    return enrolment["id"], []
