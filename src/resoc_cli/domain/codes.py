"""The fixed vocabularies of the domain, as kebab-case codes.

Stdlib only: the CLI imports these at start-up to build its option choices.
"""

from enum import StrEnum


class Sex(StrEnum):
    f = "f"
    m = "m"
    x = "x"


class Referral(StrEnum):
    """Who referred the client (seed 003)."""

    pms = "pms"
    court = "court"
    curator = "curator"
    victim_counsellor = "victim-counsellor"
    prison = "prison"
    self = "self"
    family = "family"
    other = "other"


class Status(StrEnum):
    """The client's situation towards a prison sentence (VTOS)."""

    at_risk = "at-risk"
    entering = "entering"
    in_prison = "in-prison"
    released = "released"
    alternative_sentence = "alternative-sentence"


class Audience(StrEnum):
    adult = "adult"
    juvenile = "juvenile"
    any = "any"


class Activity(StrEnum):
    social_training = "social-training"
    consultation = "consultation"
    legal_counselling = "legal-counselling"
    therapy_individual = "therapy-individual"
    therapy_couple = "therapy-couple"
    therapy_family = "therapy-family"
    assisted_meeting = "assisted-meeting"
    accompaniment = "accompaniment"
    parole_application = "parole-application"
    crisis_intervention = "crisis-intervention"
    case_conference = "case-conference"
    other = "other"


class Attendance(StrEnum):
    attended = "attended"
    late = "late"
    excused = "excused"
    no_show = "no-show"


#: Attendance values whose minutes count toward the programme (late counts as attended).
COUNTING_ATTENDANCE = (Attendance.attended.value, Attendance.late.value)


class Relation(StrEnum):
    child = "child"
    partner = "partner"
    spouse = "spouse"
    parent = "parent"
    sibling = "sibling"
    relative = "relative"
    foster_parent = "foster-parent"
    other = "other"


class ContactKind(StrEnum):
    assisted_meeting = "assisted-meeting"
    prison_visit = "prison-visit"
    phone = "phone"
    letter = "letter"
    video_call = "video-call"
    meeting = "meeting"
    other = "other"


class Area(StrEnum):
    """Life areas of the individual plan (seed 001)."""

    debts = "debts"
    finances = "finances"
    work = "work"
    housing = "housing"
    criminal_law = "criminal-law"
    mental_health = "mental-health"
    family = "family"
    addiction = "addiction"
    education = "education"
    other = "other"


class Outcome(StrEnum):
    """How a goal was closed. The specific ones are named in seed 001."""

    # generic
    achieved = "achieved"
    not_achieved = "not-achieved"
    # debts
    payment_schedule_kept = "payment-schedule-kept"
    debt_relief_approved = "debt-relief-approved"
    debt_reduced = "debt-reduced"
    debt_growth_stopped = "debt-growth-stopped"
    executions_merged = "executions-merged"
    enforcement_costs_reduced = "enforcement-costs-reduced"
    unlawful_execution_stopped = "unlawful-execution-stopped"
    arbitration_clause_cancelled = "arbitration-clause-cancelled"
    # work
    job_found = "job-found"
    job_kept = "job-kept"
    temporary_job = "temporary-job"
    requalification = "requalification"
    community_service_done = "community-service-done"
    education_continued = "education-continued"
    # sentence
    alternative_sentence_completed = "alternative-sentence-completed"


#: Outcomes that do not count as a goal achieved.
NOT_ACHIEVED_OUTCOMES = frozenset({Outcome.not_achieved.value})


class EnrolmentState(StrEnum):
    active = "active"
    completed = "completed"
    dropped = "dropped"


def values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]
