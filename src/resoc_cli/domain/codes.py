"""The fixed vocabularies of the domain, as kebab-case codes.

Stdlib only: the CLI imports these at start-up to build its option choices.
"""

from enum import StrEnum
from functools import cache

from resoc_cli.i18n import language


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
    """How a goal was closed: the generic three for any area (as the Ministry of Justice's
    services score goals), the specific ones of seed 001, and those of seed 000's family work
    and of housing. ``OUTCOMES_BY_AREA`` says which belong to which area."""

    # generic
    achieved = "achieved"
    partly_achieved = "partly-achieved"
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
    # family (seed 000: the sub-goals of the work with families)
    family_ties_restored = "family-ties-restored"
    placement_prevented = "placement-prevented"
    parenting_strengthened = "parenting-strengthened"
    family_crisis_resolved = "family-crisis-resolved"
    # housing
    housing_found = "housing-found"
    housing_kept = "housing-kept"


#: The outcomes any goal may close with, whatever its area.
GENERIC_OUTCOMES = (Outcome.achieved, Outcome.partly_achieved, Outcome.not_achieved)

_DEBT_OUTCOMES = (
    Outcome.payment_schedule_kept,
    Outcome.debt_relief_approved,
    Outcome.debt_reduced,
    Outcome.debt_growth_stopped,
    Outcome.executions_merged,
    Outcome.enforcement_costs_reduced,
    Outcome.unlawful_execution_stopped,
    Outcome.arbitration_clause_cancelled,
)
_WORK_OUTCOMES = (
    Outcome.job_found,
    Outcome.job_kept,
    Outcome.temporary_job,
    Outcome.requalification,
    Outcome.community_service_done,
    Outcome.education_continued,
)

#: The specific outcomes of each life area (seed 001: debts and finances, work and education,
#: the sentence; seed 000: family; housing). Community service is both a way back to work
#: (seed 001 lists it there) and an alternative sentence, so the criminal-law area has it too.
#: An area not listed takes the generic outcomes only.
OUTCOMES_BY_AREA: dict[Area, tuple[Outcome, ...]] = {
    Area.debts: _DEBT_OUTCOMES,
    Area.finances: _DEBT_OUTCOMES,
    Area.work: _WORK_OUTCOMES,
    Area.education: _WORK_OUTCOMES,
    Area.criminal_law: (Outcome.alternative_sentence_completed, Outcome.community_service_done),
    Area.family: (
        Outcome.family_ties_restored,
        Outcome.placement_prevented,
        Outcome.parenting_strengthened,
        Outcome.family_crisis_resolved,
    ),
    Area.housing: (Outcome.housing_found, Outcome.housing_kept),
}


def outcomes_for(area: str) -> tuple[Outcome, ...]:
    """Every outcome a goal in ``area`` may close with: the generic three, then its own."""
    return GENERIC_OUTCOMES + OUTCOMES_BY_AREA.get(area, ())


#: Outcomes that do not count as a goal achieved.
NOT_ACHIEVED_OUTCOMES = frozenset({Outcome.not_achieved.value})


class EnrolmentState(StrEnum):
    active = "active"
    completed = "completed"
    dropped = "dropped"


def values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]


#: Czech names of the codes, shown in human output when resoc speaks Czech. Their ASCII
#: kebab-case forms (``socialni-vycvik``) are accepted as input in both languages (see aliases).
CZECH: dict[type[StrEnum], dict[str, str]] = {
    Sex: {"f": "žena", "m": "muž", "x": "jiné"},
    Referral: {
        "pms": "PMS",
        "court": "soud",
        "curator": "kurátor",
        "victim-counsellor": "poradce pro oběti",
        "prison": "věznice",
        "self": "z vlastní iniciativy",
        "family": "rodina",
        "other": "jiné",
    },
    Status: {
        "at-risk": "hrozí výkon trestu",
        "entering": "nástup do výkonu trestu",
        "in-prison": "ve výkonu trestu",
        "released": "po propuštění",
        "alternative-sentence": "alternativní trest",
    },
    Audience: {"adult": "dospělí", "juvenile": "mladiství", "any": "všichni"},
    Activity: {
        "social-training": "sociální výcvik",
        "consultation": "sociálně-právní konzultace",
        "legal-counselling": "právní poradenství",
        "therapy-individual": "individuální terapie",
        "therapy-couple": "párová terapie",
        "therapy-family": "rodinná terapie",
        "assisted-meeting": "asistované setkání",
        "accompaniment": "doprovod",
        "parole-application": "žádost o podmíněné propuštění",
        "crisis-intervention": "krizová intervence",
        "case-conference": "případová konference",
        "other": "jiné",
    },
    Attendance: {
        "attended": "účast",
        "late": "pozdní příchod",
        "excused": "omluvená neúčast",
        "no-show": "neomluvená neúčast",
    },
    Relation: {
        "child": "dítě",
        "partner": "partner",
        "spouse": "manžel/ka",
        "parent": "rodič",
        "sibling": "sourozenec",
        "relative": "příbuzný",
        "foster-parent": "pěstoun",
        "other": "jiné",
    },
    ContactKind: {
        "assisted-meeting": "asistované setkání",
        "prison-visit": "návštěva ve věznici",
        "phone": "telefon",
        "letter": "dopis",
        "video-call": "videohovor",
        "meeting": "schůzka",
        "other": "jiné",
    },
    Area: {
        "debts": "dluhy",
        "finances": "finance",
        "work": "práce",
        "housing": "bydlení",
        "criminal-law": "trestněprávní situace",
        "mental-health": "psychický stav",
        "family": "rodina",
        "addiction": "závislost",
        "education": "vzdělání",
        "other": "jiné",
    },
    Outcome: {
        "achieved": "splněno",
        "partly-achieved": "částečně splněno",
        "not-achieved": "nesplněno",
        "payment-schedule-kept": "splátkový kalendář dodržen",
        "debt-relief-approved": "oddlužení schváleno",
        "debt-reduced": "dluh snížen",
        "debt-growth-stopped": "růst dluhu zastaven",
        "executions-merged": "exekuce sloučeny",
        "enforcement-costs-reduced": "náklady exekuce sníženy",
        "unlawful-execution-stopped": "nezákonná exekuce zastavena",
        "arbitration-clause-cancelled": "rozhodčí doložka zrušena",
        "job-found": "práce nalezena",
        "job-kept": "práce udržena",
        "temporary-job": "brigáda",
        "requalification": "rekvalifikace",
        "community-service-done": "obecně prospěšné práce vykonány",
        "education-continued": "pokračování ve vzdělávání",
        "alternative-sentence-completed": "alternativní trest úspěšně vykonán",
        "family-ties-restored": "rodinné vazby obnoveny",
        "placement-prevented": "umístění dítěte mimo rodinu odvráceno",
        "parenting-strengthened": "rodičovské kompetence posíleny",
        "family-crisis-resolved": "krizová situace v rodině vyřešena",
        "housing-found": "bydlení nalezeno",
        "housing-kept": "bydlení udrženo",
    },
    EnrolmentState: {
        "active": "probíhá",
        "completed": "dokončeno",
        "dropped": "ukončeno předčasně",
    },
}


def ascii_kebab(text: str) -> str:
    """``sociální výcvik`` -> ``socialni-vycvik``: the Czech name as one typeable word."""
    import unicodedata

    bare = unicodedata.normalize("NFKD", text.lower())
    bare = "".join(c for c in bare if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in bare).split()
    return "-".join(words)


def aliases(enum: type[StrEnum]) -> dict[str, str]:
    """Every accepted spelling of the codes of ``enum`` -> its code: the code itself and the
    Czech name as one ASCII word (``socialni-vycvik``); ``code_of`` folds whatever is typed to
    that form first. A spelling that two codes would share is left out (it would be
    ambiguous)."""
    accepted: dict[str, str] = {m.value: m.value for m in enum}
    clashes: set[str] = set()
    for code, name in CZECH.get(enum, {}).items():
        spelling = ascii_kebab(name)
        if accepted.get(spelling, code) != code:
            clashes.add(spelling)
        accepted.setdefault(spelling, code)
    for spelling in clashes - {m.value for m in enum}:
        del accepted[spelling]
    for spelling, code in OTHER_WORDS.get(enum.__name__, {}).items():
        accepted.setdefault(spelling, code)
    return accepted


#: Words a Czech curator writes for a code besides its Czech name (the feminine, the person
#: rather than the relation), by vocabulary.
OTHER_WORDS = {
    "Relation": {
        "partnerka": "partner", "druh": "partner", "druzka": "partner",
        "manzel": "spouse", "manzelka": "spouse", "syn": "child", "dcera": "child",
        "matka": "parent", "otec": "parent", "bratr": "sibling", "sestra": "sibling",
        "pestounka": "foster-parent", "pribuzna": "relative",
    },
    "Sex": {"muz": "m", "zena": "f", "jine": "x"},
}  # fmt: skip


@cache
def _spellings(enum: type[StrEnum]) -> dict[str, str]:
    return aliases(enum)


def code_of(enum: type[StrEnum], value: str) -> str:
    """The code of ``enum`` that ``value`` spells: the code, or its Czech name typed any way
    (``Sociální výcvik``, ``socialni vycvik``, ``SOCIALNI-VYCVIK``), or the beginning of
    exactly one of them (``omluv`` -> excused, ``konz`` -> consultation); otherwise ``value``
    as it is, for the validation to refuse (``meanings`` says what an ambiguous one could
    mean)."""
    spellings = _spellings(enum)
    found = spellings.get(value)
    if found is None:
        found = spellings.get(ascii_kebab(value))
    if found is None:
        possible = meanings(enum, value)
        found = possible[0] if len(possible) == 1 else None
    return value if found is None else found


#: The fewest letters that may stand for a code by its beginning.
SHORTEST_BEGINNING = 2


def meanings(enum: type[StrEnum], value: str) -> list[str]:
    """The codes of ``enum`` whose code, Czech name, or a word of the Czech name begins with
    ``value`` (accents, case, spaces and hyphens aside: ``noshow`` begins ``no-show``,
    ``konz`` the last word of ``sociálně-právní konzultace``), in the vocabulary's order."""
    typed = ascii_kebab(value).replace("-", "")
    if len(typed) < SHORTEST_BEGINNING:
        return []
    whole, words = _beginnings(enum)
    found = {code for spelling, code in whole if spelling.startswith(typed)}
    if not found:  # the beginning of no name: of a later word (konz, ter)
        found = {code for spelling, code in words if spelling.startswith(typed)}
    return [m.value for m in enum if m.value in found]


@cache
def _beginnings(enum: type[StrEnum]) -> tuple[tuple, tuple]:
    """Pairs (spelling without hyphens, code): the codes and the names as they begin, and the
    Czech names from each later word on (``sociálně-právní`` is one word; a one-letter word
    such as ``o`` starts nothing). A beginning of a name wins over one of a later word: ``pr``
    means právní poradenství or případová konference, not žádost o podmíněné propuštění."""
    whole = tuple((spelling.replace("-", ""), code) for spelling, code in _spellings(enum).items())
    words = tuple(
        (ascii_kebab(" ".join(parts[i:])).replace("-", ""), code)
        for code, name in CZECH.get(enum, {}).items()
        for parts in [name.split(" ")]
        for i in range(1, len(parts))
        if len(parts[i]) > 1
    )
    return whole, words


def czech_name(value: str) -> str:
    """The Czech name of any code (the same code means the same in every vocabulary)."""
    for names in CZECH.values():
        if value in names:
            return names[value]
    return value


def label(value: str | None) -> str:
    """A code for people: its Czech name in Czech (``social-training`` -> ``sociální výcvik``),
    the code itself in English. Unknown values (programme codes, user data) pass unchanged."""
    if value is None:
        return ""
    return czech_name(str(value)) if language() == "cs" else str(value)
