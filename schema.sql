-- resoc database schema: the single source of truth.
--
-- The file is a list of ordered migrations. Each starts with a line
--     -- migration N: what it does
-- and runs in one transaction together with `PRAGMA user_version = N`.
-- A new database runs all of them; an older file runs the ones above its
-- user_version. Never edit a migration that has been released: add a new one.
--
-- Conventions: dates are ISO text YYYY-MM-DD, durations integer minutes,
-- codes are lower-case kebab-case words (see src/resoc_cli/domain/codes.py).

-- migration 1: initial schema
CREATE TABLE programmes (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name            TEXT NOT NULL,
    min_minutes     INTEGER NOT NULL CHECK (min_minutes > 0),
    sessions        INTEGER CHECK (sessions IS NULL OR sessions > 0),
    session_minutes INTEGER CHECK (session_minutes IS NULL OR session_minutes > 0),
    phases          INTEGER CHECK (phases IS NULL OR phases > 0),
    audience        TEXT NOT NULL DEFAULT 'any' CHECK (audience IN ('adult', 'juvenile', 'any')),
    plan_required   INTEGER NOT NULL DEFAULT 1 CHECK (plan_required IN (0, 1)),
    builtin         INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
);

-- Seed 001: adults 15 meetings of at least 2 h in 3 phases, at least 30 h;
-- juveniles 14 meetings of at least 2.5 h, at least 35 h. Both need an individual plan.
INSERT INTO programmes (code, name, min_minutes, sessions, session_minutes, phases, audience, plan_required, builtin)
VALUES ('adult', 'Resocialisation programme for adults', 1800, 15, 120, 3, 'adult', 1, 1),
       ('juvenile', 'Resocialisation programme for juveniles', 2100, 14, 150, NULL, 'juvenile', 1, 1);

CREATE TABLE clients (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT NOT NULL,
    born          TEXT NOT NULL,
    sex           TEXT NOT NULL CHECK (sex IN ('f', 'm', 'x')),
    referral      TEXT,
    status        TEXT,
    release_date  TEXT,
    contract_date TEXT,
    note          TEXT,
    created       TEXT NOT NULL,
    closed_date   TEXT,
    close_reason  TEXT
);

CREATE TABLE enrolments (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients (id),
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    start_date   TEXT NOT NULL,
    end_date     TEXT,
    state        TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'completed', 'dropped')),
    end_reason   TEXT
);
-- One active enrolment per client, enforced by the database itself.
CREATE UNIQUE INDEX enrolments_one_active ON enrolments (client_id) WHERE state = 'active';
CREATE INDEX enrolments_client ON enrolments (client_id, start_date);

CREATE TABLE family_members (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    name      TEXT NOT NULL,
    relation  TEXT NOT NULL,
    born      TEXT,
    note      TEXT
);
CREATE INDEX family_members_client ON family_members (client_id);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients (id),
    enrolment_id INTEGER REFERENCES enrolments (id),
    date         TEXT NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 720),
    activity     TEXT NOT NULL,
    phase        INTEGER CHECK (phase IS NULL OR phase > 0),
    attendance   TEXT NOT NULL CHECK (attendance IN ('attended', 'late', 'excused', 'no-show')),
    note         TEXT
);
-- Covering index for the hours lookup and the caseload.
CREATE INDEX sessions_enrolment ON sessions (enrolment_id, attendance, date, minutes);
CREATE INDEX sessions_client_date ON sessions (client_id, date);
CREATE INDEX sessions_date ON sessions (date);

CREATE TABLE session_members (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES family_members (id),
    PRIMARY KEY (session_id, member_id)
) WITHOUT ROWID;
CREATE INDEX session_members_member ON session_members (member_id);

CREATE TABLE contacts (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    member_id INTEGER NOT NULL REFERENCES family_members (id),
    date      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    minutes   INTEGER CHECK (minutes IS NULL OR (minutes > 0 AND minutes <= 720)),
    note      TEXT
);
CREATE INDEX contacts_client_date ON contacts (client_id, date);
CREATE INDEX contacts_member ON contacts (member_id);

-- The individual plan: one per client, built from needs (key problems found
-- at intake), goals in life areas, an agreement date and reviews.
CREATE TABLE plans (
    client_id   INTEGER PRIMARY KEY REFERENCES clients (id),
    agreed_date TEXT
);

CREATE TABLE plan_needs (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    area      TEXT NOT NULL,
    noted     TEXT NOT NULL,
    UNIQUE (client_id, area)
);

CREATE TABLE plan_goals (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    area      TEXT NOT NULL,
    text      TEXT NOT NULL,
    set_date  TEXT NOT NULL,
    due       TEXT,
    done_date TEXT,
    outcome   TEXT
);
CREATE INDEX plan_goals_client ON plan_goals (client_id);

CREATE TABLE plan_reviews (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    date      TEXT NOT NULL,
    note      TEXT
);
CREATE INDEX plan_reviews_client ON plan_reviews (client_id, date);

-- migration 2: settings (the per-database pseudonym key)
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- migration 3: audit trail (append-only, hash-chained), consents, erasure marker
-- One row per change. The row hash covers the previous row's hash and per-value digests
-- (sha256 of a random salt and the value), never the values themselves, so erasure can
-- blank a value and its salt while the chain still verifies.
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    command   TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    record    TEXT NOT NULL,
    client_id INTEGER,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_client ON audit (client_id, id);

CREATE TABLE audit_values (
    audit_id   INTEGER NOT NULL REFERENCES audit (id),
    field      TEXT NOT NULL,
    salt       BLOB,
    old_value  TEXT,
    new_value  TEXT,
    old_digest TEXT NOT NULL,
    new_digest TEXT NOT NULL,
    PRIMARY KEY (audit_id, field)
) WITHOUT ROWID;

CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_values_no_delete BEFORE DELETE ON audit_values
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
-- The one change allowed: erasure blanks a value pair and its salt, keeping the digests.
CREATE TRIGGER audit_values_redact_only BEFORE UPDATE ON audit_values
WHEN NEW.audit_id IS NOT OLD.audit_id OR NEW.field IS NOT OLD.field
  OR NEW.old_digest IS NOT OLD.old_digest OR NEW.new_digest IS NOT OLD.new_digest
  OR NEW.salt IS NOT NULL OR NEW.old_value IS NOT NULL OR NEW.new_value IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

-- Consent to share the client's data with a named party (pms, court, prison, ...).
CREATE TABLE consents (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    party     TEXT NOT NULL COLLATE NOCASE,
    given     TEXT,
    withdrawn TEXT,
    UNIQUE (client_id, party)
);

ALTER TABLE clients ADD COLUMN erased_date TEXT;

-- migration 4: covering index for the period reports (report year/month, family involvement)
-- Sessions of a period are read from the index alone: by attendance, activity and minutes.
DROP INDEX sessions_date;
CREATE INDEX sessions_date ON sessions (date, attendance, activity, minutes, client_id);

-- migration 5: the built-in programmes by their Czech names (seed 001 names them in Czech)
-- Only where the name is still the one resoc seeded: a name the curator changed is kept.
UPDATE programmes SET name = 'Resocializační program pro dospělé'
WHERE code = 'adult' AND name = 'Resocialisation programme for adults';
UPDATE programmes SET name = 'Resocializační program pro mladistvé'
WHERE code = 'juvenile' AND name = 'Resocialisation programme for juveniles';
