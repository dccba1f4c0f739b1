"""The JSON vocabulary: every key of every --json document and exported JSON row, what it
means, its type, where it appears and its CSV column twin. docs/reference.md shows it as one
table (reference.py); a test runs every command and fails on a key without a row here.

A date is ISO ``YYYY-MM-DD``; a date field's name ends in ``_date`` (older names such as
``due`` or ``agreed`` stay, each beside its ``_date`` twin); a few dates are named for what they
are: ``born``, ``last_session``, ``last_contact``, ``last_meeting``, ``first_day``,
``last_day``, ``closed_before``. Durations are whole minutes (``*_minutes``, ``minutes``).
A client is named by ``client`` (its code) everywhere; ``code`` stays where it was.

Dates and their CSV twins: the clients file's ``release`` and ``contract`` are
``release_date`` and ``contract_date`` in JSON; the clients export writes both names (and
``client`` beside ``code``), an import reads either name or both when they agree, and
``client add``/``client edit`` take ``--release-date``/``--contract-date`` as well as
``--release``/``--contract``. Lists are lists: ``hours --by`` gives ``months`` or
``activities`` beside its object ``by``; ``check CLIENT`` gives ``clients``, the list of its
one document, the shape of ``check`` for all.
"""

#: Objects keyed by data (a month, a code, a table, a field): their keys are values, not
#: vocabulary. ``(key of the object)``: its meaning is in the row of that key.
MAPS = frozenset(
    {"by", "counts", "changes", "fields", "by_age_band", "by_referral", "by_sex", "by_status",
     "family_contacts_by_kind", "goals_achieved_by_area", "goals_set_by_area",
     "minutes_by_activity", "sessions_by_activity", "outcomes"}
)  # fmt: skip

S = "export sessions"
C = "export clients"

#: ``(key, type, meaning, where, csv)``; ``where``: the commands (as in ``resoc ...``).
VOCABULARY: tuple[tuple[str, str, str, str, str], ...] = (
    ("action", "text", "what a change did: add, change, remove (log, undo)", "log, undo", ""),
    (
        "activities",
        "list",
        "hours --by activity as a list: activity, sessions, minutes, hours",
        "hours",
        "",
    ),
    (
        "activity",
        "code",
        "kind of session (social-training, consultation, ...)",
        f"{S}, hours, meeting add|list|show, report month, session list",
        "activity (sessions)",
    ),
    ("agreed", "date", "day the plan was agreed (older name of agreed_date)", "plan show", ""),
    ("agreed_date", "date", "day the plan was agreed", "plan show", ""),
    ("area", "code", "area of a need or goal (debts, housing, ...)", "plan show", ""),
    ("at", "timestamp", "when a change was made (UTC, ISO 8601)", "log, undo", ""),
    (
        "attendance",
        "code",
        "attended, late, excused, no-show",
        f"{S}, meeting add|show, session list",
        "attendance (sessions)",
    ),
    (
        "attendances",
        "integer",
        "participants who attended meetings (one per participant)",
        "report month|year",
        "",
    ),
    ("attended", "integer", "participants who attended a meeting", "group show, meeting list", ""),
    (
        "attended_minutes",
        "minutes",
        "attended minutes counted toward the enrolment",
        f"caseload, client show, {C}, group show, hours, meeting add|show",
        "attended_minutes (clients)",
    ),
    ("audience", "code", "adult, juvenile or any", "programme list", ""),
    ("born", "date", "date of birth", f"client list|show, {C}, family list", "born (clients)"),
    ("builtin", "boolean", "a programme of seed 001", "programme list", ""),
    ("by", "object", "hours --by: minutes keyed by month or activity", "hours", ""),
    ("by_activity", "list", "sessions and minutes per activity", "report month", ""),
    ("by_age_band", "object", "clients per age band", "report year", ""),
    ("by_client", "list", "sessions and minutes per client", "report month", ""),
    ("by_referral", "object", "clients per referral", "report year", ""),
    ("by_sex", "object", "clients per sex", "report year", ""),
    ("by_status", "object", "clients per status", "report year", ""),
    ("change", "integer", "the change that undo takes back", "undo", ""),
    ("changed", "list", "fields changed", "enrolment edit, meeting edit, session edit", ""),
    ("changes", "object", "field: {old, new} of one change", "log", ""),
    ("check", "text", "name of a doctor check", "doctor", ""),
    ("checks", "list", "doctor's checks", "doctor", ""),
    (
        "client",
        "code",
        "the client's code",
        f"agenda, caseload, check, client assign|list|share|show, dnes, enrol, enrolment edit,"
        f" {C}, {S}, "
        "group show, hours, meeting add|show, plan show, report month, session edit|list, undo",
        "client (sessions, clients)",
    ),
    (
        "clients",
        "list",
        "clients: check CLIENT's one document; retention's clients to erase",
        "check, retention",
        "",
    ),
    ("clients_total", "integer", "clients served in the year", "report year", ""),
    ("clients_with_sessions", "integer", "clients with a session in the month", "report month", ""),
    (
        "clients_without_session",
        "list",
        "active clients without a session in the month",
        "report month",
        "",
    ),
    ("close_reason", "text", "why the case was closed", "client show", ""),
    ("closed_before", "date", "cases closed before this day are past retention", "retention", ""),
    ("closed_date", "date", "day the case was closed", "client list|show", ""),
    (
        "code",
        "code",
        "a client's code (also client), a programme's or a group's code",
        f"caseload, client list|show, {C}, group list|show, programme list",
        "code (clients)",
    ),
    (
        "command",
        "text",
        "the command to run (agenda), the command that made a change",
        "agenda, dnes, log, undo",
        "",
    ),
    (
        "complete",
        "boolean",
        "the programme's completion rules are met",
        f"check, {C}",
        "complete (clients)",
    ),
    ("completed", "integer", "enrolments completed in the period", "report month|year", ""),
    ("consents", "list", "consents to share data", "client show", ""),
    ("contacts", "integer", "contacts with a family member", "family list", ""),
    ("contract", "date", "contract signed (older name of contract_date)", C, "contract (clients)"),
    (
        "contract_date",
        "date",
        "day the contract was signed",
        f"client show, {C}",
        "contract_date, contract (clients)",
    ),
    ("counts", "object", "rows per table", "db", ""),
    (
        "created",
        "date",
        "day the client was recorded (older name of created_date)",
        "client show",
        "",
    ),
    ("created_date", "date", "day the client was recorded", "client show", ""),
    (
        "database",
        "text",
        "the database: its file's path, or a server database's name (never its URL)",
        "db, doctor",
        "",
    ),
    (
        "date",
        "date",
        "day of a session, meeting or contact",
        f"contact list, {S}, group show, meeting add|list|show, session list",
        "date (sessions)",
    ),
    ("days_since_family_contact", "integer", "days since the last family contact", "caseload", ""),
    ("detail", "text", "what a doctor check found", "doctor", ""),
    (
        "differs",
        "boolean",
        "the participant's session differs from its meeting",
        "meeting add|show",
        "",
    ),
    (
        "differs_from_meeting",
        "boolean",
        "the session now differs from its meeting",
        "session edit",
        "",
    ),
    ("done", "boolean", "undo was carried out (not --dry-run)", "undo", ""),
    ("done_date", "date", "day a goal was closed", "plan show", ""),
    ("dropped_out", "integer", "enrolments ended by dropping out", "report month|year", ""),
    ("due", "date", "due day (older name of due_date)", "agenda, dnes, plan show", ""),
    ("due_date", "date", "day an agenda item or a goal is due", "agenda, dnes, plan show", ""),
    (
        "end_date",
        "date",
        "day the enrolment ended",
        f"client show, enrolment edit, {C}",
        "end_date (clients)",
    ),
    ("end_reason", "text", "why the enrolment ended", "client show", ""),
    ("enrolment_id", "integer", "id of the enrolment", "enrolment edit, session edit", ""),
    ("enrolment_state", "code", "state of the current enrolment", C, "enrolment_state (clients)"),
    ("enrolments", "list", "the client's enrolments", "client show", ""),
    ("engine", "code", "sqlite (a file) or postgresql (a server)", "db", ""),
    ("entity", "text", "table a change touched", "log", ""),
    ("erased_date", "date", "day the personal data were erased", "client show", ""),
    ("family_contacts_by_kind", "object", "family contacts per kind", "report year", ""),
    ("family_members", "integer", "family members recorded", "client show", ""),
    ("family_members_involved", "integer", "family members with a contact", "report year", ""),
    ("fields", "object", "field: [now, after undo]", "undo", ""),
    ("first_day", "date", "first day of the period", "report month", ""),
    ("fix", "text", "what to do about a doctor check", "doctor", ""),
    ("gaps", "list", "what the plan lacks", "plan show", ""),
    ("goals", "list", "the plan's goals", "plan show", ""),
    ("goals_achieved_by_area", "object", "goals achieved per area", "report year", ""),
    ("goals_set_by_area", "object", "goals set per area", "report year", ""),
    ("group", "code", "the meeting's group (null: no standing group)", "meeting add|list|show", ""),
    ("hours", "number", "minutes / 60 (hours --by lists)", "hours", ""),
    (
        "id",
        "integer",
        "id of the record (a session's is session_id in exports)",
        "client show, contact list, family list, group show, log, meeting add|edit|list|show, "
        "plan show, session edit|list",
        "session_id (sessions)",
    ),
    ("joined", "date", "day the member joined (older name of joined_date)", "group show", ""),
    ("joined_date", "date", "day the member joined the group", "group show", ""),
    ("juvenile", "boolean", "under 18 today", "client show", ""),
    ("kept", "list", "sessions left as corrected on their own", "meeting edit", ""),
    ("key", "text", "a setting's name", "config show", ""),
    ("kind", "code", "kind of agenda item or family contact", "agenda, contact list, dnes", ""),
    ("last_contact", "date", "day of the last contact with the member", "family list", ""),
    ("last_day", "date", "last day of the period", "report month", ""),
    ("last_meeting", "date", "day of the group's last meeting", "group list", ""),
    ("last_session", "date", "day of the last attended session", "caseload, report month", ""),
    ("left", "date", "day the member left (older name of left_date)", "group show", ""),
    ("left_date", "date", "day the member left the group", "group show", ""),
    (
        "meeting_id",
        "integer",
        "the meeting a session belongs to",
        f"{S}, session edit|list",
        "meeting_id (sessions)",
    ),
    (
        "meetings",
        "integer or list",
        "meetings held (a count; group show: the list)",
        "group list|show, report month|year",
        "",
    ),
    ("meetings_attended", "integer", "group meetings the member attended", "group show", ""),
    ("meetings_held", "integer", "meetings held by the group", "group show", ""),
    ("member", "text", "the family member's name", "contact list", ""),
    ("member_id", "integer", "id of the family member", "contact list", ""),
    (
        "members",
        "integer or list",
        "members of a group (a count or the list); a session's family members",
        "group list|show, session list",
        "",
    ),
    ("min_minutes", "minutes", "the programme's minimum", "client show, programme list", ""),
    ("minor", "boolean", "under 18", "family list", ""),
    (
        "minutes",
        "minutes",
        "duration",
        f"contact list, {S}, group show, hours, meeting add|list|show, report month, session list",
        "minutes (sessions)",
    ),
    ("minutes_by_activity", "object", "minutes per activity", "report year", ""),
    ("minutes_total", "minutes", "minutes in the year", "report year", ""),
    ("month", "text", "YYYY-MM", "hours, report month", ""),
    ("months", "list", "hours --by month as a list: month, sessions, minutes, hours", "hours", ""),
    (
        "name",
        "text",
        "name of a client, member, programme or group",
        f"agenda, caseload, client list|show, dnes, {C}, family list, group list|show, "
        "meeting add|show, programme list, report month",
        "name (clients)",
    ),
    ("needs", "list", "the plan's needs", "plan show", ""),
    ("new_clients", "integer", "clients first enrolled in the year", "report year", ""),
    (
        "note",
        "text",
        "free-text note",
        f"client show, contact list, {C}, {S}, family list, meeting add|list|show, session list",
        "note (sessions, clients)",
    ),
    ("noted", "date", "day a need was noted (older name of noted_date)", "plan show", ""),
    ("noted_date", "date", "day a need was noted", "plan show", ""),
    ("ok", "boolean", "every doctor check passed", "doctor", ""),
    ("outcome", "code", "outcome of a closed goal", "plan show", ""),
    ("outcomes", "object", "goal outcomes per code", "report year", ""),
    (
        "participants",
        "integer or list",
        "participants of a meeting (a count or the list)",
        "meeting add|list|show",
        "",
    ),
    (
        "path",
        "text",
        "path of the database (null on a server) or the settings file",
        "config show, db",
        "",
    ),
    (
        "phase",
        "integer",
        "programme phase",
        f"{S}, meeting add|list|show, session list",
        "phase (sessions)",
    ),
    ("phases", "integer", "phases of the programme", "programme list", ""),
    ("plan", "code", "none, draft or agreed", f"caseload, {C}", "plan (clients)"),
    ("plan_required", "boolean", "completion needs an agreed plan", "programme list", ""),
    (
        "programme",
        "code",
        "the programme's code",
        f"caseload, check, client list|show, enrol, enrolment edit, {C}, {S}, group list|show, "
        "hours, meeting add|show, report month, session list",
        "programme (sessions, clients)",
    ),
    (
        "programme_name",
        "text",
        "the programme's name",
        "check, client show, enrol, enrolment edit, hours",
        "",
    ),
    ("reason", "text", "why an agenda item is there", "agenda, dnes", ""),
    ("record", "text", "the record a change touched (a code or an id)", "log, undo", ""),
    ("referral", "code", "who referred the client", f"client list|show, {C}", "referral (clients)"),
    (
        "relation",
        "code",
        "the family member's relation to the client (child, spouse, ...)",
        "contact list, family list",
        "",
    ),
    ("release", "date", "expected release (older name of release_date)", C, "release (clients)"),
    (
        "release_date",
        "date",
        "expected release from prison",
        f"client list|show, {C}",
        "release_date, release (clients)",
    ),
    ("remaining_minutes", "minutes", "minutes still needed", "hours", ""),
    (
        "required_minutes",
        "minutes",
        "the programme's minimum",
        f"caseload, {C}, hours",
        "required_minutes (clients)",
    ),
    ("reviews", "list", "the plan's reviews", "plan show", ""),
    ("schema_version", "integer", "the database's schema version", "db", ""),
    ("session_id", "integer", "id of a session", f"{S}, meeting add|show", "session_id (sessions)"),
    ("session_minutes", "minutes", "the programme's minimum per session", "programme list", ""),
    (
        "sessions",
        "integer",
        "sessions (attended, in the period, or the programme's count)",
        "caseload, hours, programme list, report month|year",
        "",
    ),
    ("sessions_by_activity", "object", "sessions per activity", "report year", ""),
    ("sessions_changed", "integer", "participants' sessions changed", "meeting edit", ""),
    (
        "sessions_counted",
        "integer",
        "sessions counted toward the enrolment",
        "enrol, enrolment edit",
        "",
    ),
    ("sessions_missed", "integer", "sessions excused or no-show", "report month|year", ""),
    (
        "sessions_uncounted",
        "integer",
        "sessions not counted toward it",
        "enrol, enrolment edit",
        "",
    ),
    ("set_date", "date", "day a goal was set", "plan show", ""),
    ("settings", "list", "the settings: key, value, source", "config show", ""),
    ("sex", "code", "f, m or x", f"client list|show, {C}", "sex (clients)"),
    ("shared_with", "list", "the logins a client is shared with", "client share|show", ""),
    (
        "size_bytes",
        "integer",
        "size of the database file (on a server: the database's)",
        "db",
        "",
    ),  # fmt: skip
    ("source", "text", "where a setting comes from", "config show", ""),
    (
        "start_date",
        "date",
        "day the enrolment began",
        f"caseload, client show, enrol, enrolment edit, {C}, hours, report month",
        "start_date (clients)",
    ),
    (
        "state",
        "code",
        "state of an enrolment (active, completed, dropped-out) or of the plan",
        "check, client show, enrolment edit, hours, plan show, report month",
        "",
    ),
    (
        "status",
        "code",
        "the client's situation towards prison; a doctor check's result (ok, warn, fail,"
        " info; n/a on a server for what belongs to a file)",
        f"caseload, client list|show, doctor, {C}",
        "status (clients)",
    ),
    ("steps", "list", "what undo puts back", "undo", ""),
    ("table", "text", "table undo changes", "undo", ""),
    ("text", "text", "a goal's text", "plan show", ""),
    ("unmet", "list", "completion rules not met", "check", ""),
    ("value", "any", "a setting's value", "config show", ""),
    (
        "warnings",
        "list",
        "warnings (never failures)",
        "check, enrol, enrolment edit, meeting edit, session edit",
        "",
    ),
    (
        "worker",
        "text",
        "a client's responsible worker (a login; in a file, null unless assigned); in the"
        " trail, who made the change (the login on a server, the OS user on a file)",
        "client assign|show, log",
        "",
    ),
    ("year", "integer", "the year", "report year", ""),
    ("years", "integer", "the retention period in years", "retention", ""),
)


def places(where: str) -> set[str]:
    """``"meeting add|show, hours"`` as the commands it names."""
    out = set()
    for part in where.split(", "):
        first, *rest = part.split("|")
        words = first.split(" ")
        out.add(first)
        out.update(" ".join([*words[:-1], r]) for r in rest)
    return out
