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

-- migration 6: ids are never reused; the change journal behind `resoc undo`
-- Every table with an id is rebuilt with AUTOINCREMENT, so a deleted record's id is never
-- given to another (an audit row or an exported id always means one record).
-- Then a journal: each write command opens one row in `changes` (and names it in the
-- one-row table `change_open` while it runs); triggers note every row it inserts, updates
-- or deletes, with the row as it was before, so `resoc undo` can put it back. Rows written
-- while no change is open (migrations, other tools) are not journalled.
CREATE TABLE programmes_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO programmes_new SELECT * FROM programmes;
DROP TABLE programmes;
ALTER TABLE programmes_new RENAME TO programmes;
CREATE TABLE clients_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
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
    close_reason  TEXT,
    erased_date   TEXT
);
INSERT INTO clients_new SELECT * FROM clients;
DROP TABLE clients;
ALTER TABLE clients_new RENAME TO clients;
CREATE TABLE enrolments_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id    INTEGER NOT NULL REFERENCES clients (id),
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    start_date   TEXT NOT NULL,
    end_date     TEXT,
    state        TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'completed', 'dropped')),
    end_reason   TEXT
);
INSERT INTO enrolments_new SELECT * FROM enrolments;
DROP TABLE enrolments;
ALTER TABLE enrolments_new RENAME TO enrolments;
CREATE TABLE family_members_new (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    name      TEXT NOT NULL,
    relation  TEXT NOT NULL,
    born      TEXT,
    note      TEXT
);
INSERT INTO family_members_new SELECT * FROM family_members;
DROP TABLE family_members;
ALTER TABLE family_members_new RENAME TO family_members;
CREATE TABLE sessions_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id    INTEGER NOT NULL REFERENCES clients (id),
    enrolment_id INTEGER REFERENCES enrolments (id),
    date         TEXT NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 720),
    activity     TEXT NOT NULL,
    phase        INTEGER CHECK (phase IS NULL OR phase > 0),
    attendance   TEXT NOT NULL CHECK (attendance IN ('attended', 'late', 'excused', 'no-show')),
    note         TEXT
);
INSERT INTO sessions_new SELECT * FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE TABLE contacts_new (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    member_id INTEGER NOT NULL REFERENCES family_members (id),
    date      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    minutes   INTEGER CHECK (minutes IS NULL OR (minutes > 0 AND minutes <= 720)),
    note      TEXT
);
INSERT INTO contacts_new SELECT * FROM contacts;
DROP TABLE contacts;
ALTER TABLE contacts_new RENAME TO contacts;
CREATE TABLE plan_needs_new (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    area      TEXT NOT NULL,
    noted     TEXT NOT NULL,
    UNIQUE (client_id, area)
);
INSERT INTO plan_needs_new SELECT * FROM plan_needs;
DROP TABLE plan_needs;
ALTER TABLE plan_needs_new RENAME TO plan_needs;
CREATE TABLE plan_goals_new (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    area      TEXT NOT NULL,
    text      TEXT NOT NULL,
    set_date  TEXT NOT NULL,
    due       TEXT,
    done_date TEXT,
    outcome   TEXT
);
INSERT INTO plan_goals_new SELECT * FROM plan_goals;
DROP TABLE plan_goals;
ALTER TABLE plan_goals_new RENAME TO plan_goals;
CREATE TABLE plan_reviews_new (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    date      TEXT NOT NULL,
    note      TEXT
);
INSERT INTO plan_reviews_new SELECT * FROM plan_reviews;
DROP TABLE plan_reviews;
ALTER TABLE plan_reviews_new RENAME TO plan_reviews;
CREATE TABLE consents_new (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    party     TEXT NOT NULL COLLATE NOCASE,
    given     TEXT,
    withdrawn TEXT,
    UNIQUE (client_id, party)
);
INSERT INTO consents_new SELECT * FROM consents;
DROP TABLE consents;
ALTER TABLE consents_new RENAME TO consents;
CREATE UNIQUE INDEX enrolments_one_active ON enrolments (client_id) WHERE state = 'active';
CREATE INDEX enrolments_client ON enrolments (client_id, start_date);
CREATE INDEX family_members_client ON family_members (client_id);
CREATE INDEX sessions_enrolment ON sessions (enrolment_id, attendance, date, minutes);
CREATE INDEX sessions_client_date ON sessions (client_id, date);
CREATE INDEX sessions_date ON sessions (date, attendance, activity, minutes, client_id);
CREATE INDEX contacts_client_date ON contacts (client_id, date);
CREATE INDEX contacts_member ON contacts (member_id);
CREATE INDEX plan_goals_client ON plan_goals (client_id);
CREATE INDEX plan_reviews_client ON plan_reviews (client_id, date);

CREATE TABLE changes (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    command TEXT NOT NULL,
    kind    TEXT NOT NULL DEFAULT 'change' CHECK (kind IN ('change', 'undo', 'erase', 'restore')),
    undoes  INTEGER UNIQUE REFERENCES changes (id)
);
CREATE TABLE change_open (
    id INTEGER PRIMARY KEY REFERENCES changes (id)
);
CREATE TABLE journal (
    id        INTEGER PRIMARY KEY,
    change_id INTEGER NOT NULL REFERENCES changes (id),
    tbl       TEXT NOT NULL,
    key       TEXT NOT NULL,
    op        TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    client_id INTEGER,
    old       TEXT
);
CREATE INDEX journal_change ON journal (change_id);
CREATE INDEX journal_row ON journal (tbl, key);
CREATE INDEX journal_client ON journal (client_id);

CREATE TRIGGER programmes_journal_insert AFTER INSERT ON programmes
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'programmes', json_array(NEW.id), 'insert', NULL, NULL FROM change_open;
END;
CREATE TRIGGER programmes_journal_update AFTER UPDATE ON programmes
WHEN (OLD.id, OLD.code, OLD.name, OLD.min_minutes, OLD.sessions, OLD.session_minutes, OLD.phases, OLD.audience, OLD.plan_required, OLD.builtin) IS NOT (NEW.id, NEW.code, NEW.name, NEW.min_minutes, NEW.sessions, NEW.session_minutes, NEW.phases, NEW.audience, NEW.plan_required, NEW.builtin)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'programmes', json_array(OLD.id), 'update', NULL, json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name, 'min_minutes', OLD.min_minutes, 'sessions', OLD.sessions, 'session_minutes', OLD.session_minutes, 'phases', OLD.phases, 'audience', OLD.audience, 'plan_required', OLD.plan_required, 'builtin', OLD.builtin) FROM change_open;
END;
CREATE TRIGGER programmes_journal_delete AFTER DELETE ON programmes
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'programmes', json_array(OLD.id), 'delete', NULL, json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name, 'min_minutes', OLD.min_minutes, 'sessions', OLD.sessions, 'session_minutes', OLD.session_minutes, 'phases', OLD.phases, 'audience', OLD.audience, 'plan_required', OLD.plan_required, 'builtin', OLD.builtin) FROM change_open;
END;
CREATE TRIGGER clients_journal_insert AFTER INSERT ON clients
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'clients', json_array(NEW.id), 'insert', NEW.id, NULL FROM change_open;
END;
CREATE TRIGGER clients_journal_update AFTER UPDATE ON clients
WHEN (OLD.id, OLD.code, OLD.name, OLD.born, OLD.sex, OLD.referral, OLD.status, OLD.release_date, OLD.contract_date, OLD.note, OLD.created, OLD.closed_date, OLD.close_reason, OLD.erased_date) IS NOT (NEW.id, NEW.code, NEW.name, NEW.born, NEW.sex, NEW.referral, NEW.status, NEW.release_date, NEW.contract_date, NEW.note, NEW.created, NEW.closed_date, NEW.close_reason, NEW.erased_date)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'clients', json_array(OLD.id), 'update', OLD.id, json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name, 'born', OLD.born, 'sex', OLD.sex, 'referral', OLD.referral, 'status', OLD.status, 'release_date', OLD.release_date, 'contract_date', OLD.contract_date, 'note', OLD.note, 'created', OLD.created, 'closed_date', OLD.closed_date, 'close_reason', OLD.close_reason, 'erased_date', OLD.erased_date) FROM change_open;
END;
CREATE TRIGGER clients_journal_delete AFTER DELETE ON clients
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'clients', json_array(OLD.id), 'delete', OLD.id, json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name, 'born', OLD.born, 'sex', OLD.sex, 'referral', OLD.referral, 'status', OLD.status, 'release_date', OLD.release_date, 'contract_date', OLD.contract_date, 'note', OLD.note, 'created', OLD.created, 'closed_date', OLD.closed_date, 'close_reason', OLD.close_reason, 'erased_date', OLD.erased_date) FROM change_open;
END;
CREATE TRIGGER enrolments_journal_insert AFTER INSERT ON enrolments
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'enrolments', json_array(NEW.id), 'insert', NEW.client_id, NULL FROM change_open;
END;
CREATE TRIGGER enrolments_journal_update AFTER UPDATE ON enrolments
WHEN (OLD.id, OLD.client_id, OLD.programme_id, OLD.start_date, OLD.end_date, OLD.state, OLD.end_reason) IS NOT (NEW.id, NEW.client_id, NEW.programme_id, NEW.start_date, NEW.end_date, NEW.state, NEW.end_reason)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'enrolments', json_array(OLD.id), 'update', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'programme_id', OLD.programme_id, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'state', OLD.state, 'end_reason', OLD.end_reason) FROM change_open;
END;
CREATE TRIGGER enrolments_journal_delete AFTER DELETE ON enrolments
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'enrolments', json_array(OLD.id), 'delete', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'programme_id', OLD.programme_id, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'state', OLD.state, 'end_reason', OLD.end_reason) FROM change_open;
END;
CREATE TRIGGER family_members_journal_insert AFTER INSERT ON family_members
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'family_members', json_array(NEW.id), 'insert', NEW.client_id, NULL FROM change_open;
END;
CREATE TRIGGER family_members_journal_update AFTER UPDATE ON family_members
WHEN (OLD.id, OLD.client_id, OLD.name, OLD.relation, OLD.born, OLD.note) IS NOT (NEW.id, NEW.client_id, NEW.name, NEW.relation, NEW.born, NEW.note)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'family_members', json_array(OLD.id), 'update', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'name', OLD.name, 'relation', OLD.relation, 'born', OLD.born, 'note', OLD.note) FROM change_open;
END;
CREATE TRIGGER family_members_journal_delete AFTER DELETE ON family_members
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'family_members', json_array(OLD.id), 'delete', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'name', OLD.name, 'relation', OLD.relation, 'born', OLD.born, 'note', OLD.note) FROM change_open;
END;
CREATE TRIGGER sessions_journal_insert AFTER INSERT ON sessions
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'sessions', json_array(NEW.id), 'insert', NEW.client_id, NULL FROM change_open;
END;
CREATE TRIGGER sessions_journal_update AFTER UPDATE ON sessions
WHEN (OLD.id, OLD.client_id, OLD.enrolment_id, OLD.date, OLD.minutes, OLD.activity, OLD.phase, OLD.attendance, OLD.note) IS NOT (NEW.id, NEW.client_id, NEW.enrolment_id, NEW.date, NEW.minutes, NEW.activity, NEW.phase, NEW.attendance, NEW.note)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'sessions', json_array(OLD.id), 'update', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'enrolment_id', OLD.enrolment_id, 'date', OLD.date, 'minutes', OLD.minutes, 'activity', OLD.activity, 'phase', OLD.phase, 'attendance', OLD.attendance, 'note', OLD.note) FROM change_open;
END;
CREATE TRIGGER sessions_journal_delete AFTER DELETE ON sessions
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'sessions', json_array(OLD.id), 'delete', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'enrolment_id', OLD.enrolment_id, 'date', OLD.date, 'minutes', OLD.minutes, 'activity', OLD.activity, 'phase', OLD.phase, 'attendance', OLD.attendance, 'note', OLD.note) FROM change_open;
END;
CREATE TRIGGER session_members_journal_insert AFTER INSERT ON session_members
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'session_members', json_array(NEW.session_id, NEW.member_id), 'insert', (SELECT client_id FROM sessions WHERE id = NEW.session_id), NULL FROM change_open;
END;
CREATE TRIGGER session_members_journal_update AFTER UPDATE ON session_members
WHEN (OLD.session_id, OLD.member_id) IS NOT (NEW.session_id, NEW.member_id)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'session_members', json_array(OLD.session_id, OLD.member_id), 'update', (SELECT client_id FROM sessions WHERE id = OLD.session_id), json_object('session_id', OLD.session_id, 'member_id', OLD.member_id) FROM change_open;
END;
CREATE TRIGGER session_members_journal_delete AFTER DELETE ON session_members
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'session_members', json_array(OLD.session_id, OLD.member_id), 'delete', (SELECT client_id FROM sessions WHERE id = OLD.session_id), json_object('session_id', OLD.session_id, 'member_id', OLD.member_id) FROM change_open;
END;
CREATE TRIGGER contacts_journal_insert AFTER INSERT ON contacts
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'contacts', json_array(NEW.id), 'insert', NEW.client_id, NULL FROM change_open;
END;
CREATE TRIGGER contacts_journal_update AFTER UPDATE ON contacts
WHEN (OLD.id, OLD.client_id, OLD.member_id, OLD.date, OLD.kind, OLD.minutes, OLD.note) IS NOT (NEW.id, NEW.client_id, NEW.member_id, NEW.date, NEW.kind, NEW.minutes, NEW.note)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'contacts', json_array(OLD.id), 'update', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'member_id', OLD.member_id, 'date', OLD.date, 'kind', OLD.kind, 'minutes', OLD.minutes, 'note', OLD.note) FROM change_open;
END;
CREATE TRIGGER contacts_journal_delete AFTER DELETE ON contacts
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'contacts', json_array(OLD.id), 'delete', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'member_id', OLD.member_id, 'date', OLD.date, 'kind', OLD.kind, 'minutes', OLD.minutes, 'note', OLD.note) FROM change_open;
END;
CREATE TRIGGER plans_journal_insert AFTER INSERT ON plans
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'plans', json_array(NEW.client_id), 'insert', NEW.client_id, NULL FROM change_open;
END;
CREATE TRIGGER plans_journal_update AFTER UPDATE ON plans
WHEN (OLD.client_id, OLD.agreed_date) IS NOT (NEW.client_id, NEW.agreed_date)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'plans', json_array(OLD.client_id), 'update', OLD.client_id, json_object('client_id', OLD.client_id, 'agreed_date', OLD.agreed_date) FROM change_open;
END;
CREATE TRIGGER plans_journal_delete AFTER DELETE ON plans
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'plans', json_array(OLD.client_id), 'delete', OLD.client_id, json_object('client_id', OLD.client_id, 'agreed_date', OLD.agreed_date) FROM change_open;
END;
CREATE TRIGGER plan_needs_journal_insert AFTER INSERT ON plan_needs
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'plan_needs', json_array(NEW.id), 'insert', NEW.client_id, NULL FROM change_open;
END;
CREATE TRIGGER plan_needs_journal_update AFTER UPDATE ON plan_needs
WHEN (OLD.id, OLD.client_id, OLD.area, OLD.noted) IS NOT (NEW.id, NEW.client_id, NEW.area, NEW.noted)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'plan_needs', json_array(OLD.id), 'update', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'area', OLD.area, 'noted', OLD.noted) FROM change_open;
END;
CREATE TRIGGER plan_needs_journal_delete AFTER DELETE ON plan_needs
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'plan_needs', json_array(OLD.id), 'delete', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'area', OLD.area, 'noted', OLD.noted) FROM change_open;
END;
CREATE TRIGGER plan_goals_journal_insert AFTER INSERT ON plan_goals
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'plan_goals', json_array(NEW.id), 'insert', NEW.client_id, NULL FROM change_open;
END;
CREATE TRIGGER plan_goals_journal_update AFTER UPDATE ON plan_goals
WHEN (OLD.id, OLD.client_id, OLD.area, OLD.text, OLD.set_date, OLD.due, OLD.done_date, OLD.outcome) IS NOT (NEW.id, NEW.client_id, NEW.area, NEW.text, NEW.set_date, NEW.due, NEW.done_date, NEW.outcome)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'plan_goals', json_array(OLD.id), 'update', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'area', OLD.area, 'text', OLD.text, 'set_date', OLD.set_date, 'due', OLD.due, 'done_date', OLD.done_date, 'outcome', OLD.outcome) FROM change_open;
END;
CREATE TRIGGER plan_goals_journal_delete AFTER DELETE ON plan_goals
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'plan_goals', json_array(OLD.id), 'delete', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'area', OLD.area, 'text', OLD.text, 'set_date', OLD.set_date, 'due', OLD.due, 'done_date', OLD.done_date, 'outcome', OLD.outcome) FROM change_open;
END;
CREATE TRIGGER plan_reviews_journal_insert AFTER INSERT ON plan_reviews
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'plan_reviews', json_array(NEW.id), 'insert', NEW.client_id, NULL FROM change_open;
END;
CREATE TRIGGER plan_reviews_journal_update AFTER UPDATE ON plan_reviews
WHEN (OLD.id, OLD.client_id, OLD.date, OLD.note) IS NOT (NEW.id, NEW.client_id, NEW.date, NEW.note)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'plan_reviews', json_array(OLD.id), 'update', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'date', OLD.date, 'note', OLD.note) FROM change_open;
END;
CREATE TRIGGER plan_reviews_journal_delete AFTER DELETE ON plan_reviews
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'plan_reviews', json_array(OLD.id), 'delete', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'date', OLD.date, 'note', OLD.note) FROM change_open;
END;
CREATE TRIGGER consents_journal_insert AFTER INSERT ON consents
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'consents', json_array(NEW.id), 'insert', NEW.client_id, NULL FROM change_open;
END;
CREATE TRIGGER consents_journal_update AFTER UPDATE ON consents
WHEN (OLD.id, OLD.client_id, OLD.party, OLD.given, OLD.withdrawn) IS NOT (NEW.id, NEW.client_id, NEW.party, NEW.given, NEW.withdrawn)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'consents', json_array(OLD.id), 'update', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'party', OLD.party, 'given', OLD.given, 'withdrawn', OLD.withdrawn) FROM change_open;
END;
CREATE TRIGGER consents_journal_delete AFTER DELETE ON consents
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'consents', json_array(OLD.id), 'delete', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'party', OLD.party, 'given', OLD.given, 'withdrawn', OLD.withdrawn) FROM change_open;
END;

-- migration 7: group meetings
-- A group is a cohort that meets together; a client may be in several, and a membership
-- has a start and an end (a client who leaves and comes back has two rows). A meeting is
-- held once, for a group or for clients named ad hoc; each participant has a session of
-- their own (sessions.meeting_id), which counts by the usual rules and may be corrected on
-- its own. The journal (migration 6) covers the new tables; the session triggers are made
-- again to include meeting_id.
CREATE TABLE groups (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    code         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name         TEXT NOT NULL,
    programme_id INTEGER REFERENCES programmes (id)
);
CREATE TABLE group_members (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id   INTEGER NOT NULL REFERENCES groups (id),
    client_id  INTEGER NOT NULL REFERENCES clients (id),
    start_date TEXT NOT NULL,
    end_date   TEXT CHECK (end_date IS NULL OR end_date >= start_date)
);
-- One open membership of a client in a group, enforced by the database itself.
CREATE UNIQUE INDEX group_members_open ON group_members (group_id, client_id)
    WHERE end_date IS NULL;
CREATE INDEX group_members_client ON group_members (client_id);
CREATE TABLE meetings (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id INTEGER REFERENCES groups (id),
    date     TEXT NOT NULL,
    minutes  INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 720),
    activity TEXT NOT NULL,
    phase    INTEGER CHECK (phase IS NULL OR phase > 0),
    note     TEXT
);
CREATE INDEX meetings_date ON meetings (date);
CREATE INDEX meetings_group ON meetings (group_id, date);
ALTER TABLE sessions ADD COLUMN meeting_id INTEGER REFERENCES meetings (id);
-- A participant has one session of a meeting.
CREATE UNIQUE INDEX sessions_meeting ON sessions (meeting_id, client_id)
    WHERE meeting_id IS NOT NULL;
DROP TRIGGER sessions_journal_update;
DROP TRIGGER sessions_journal_delete;
CREATE TRIGGER sessions_journal_update AFTER UPDATE ON sessions
WHEN (OLD.id, OLD.client_id, OLD.enrolment_id, OLD.date, OLD.minutes, OLD.activity, OLD.phase, OLD.attendance, OLD.note, OLD.meeting_id) IS NOT (NEW.id, NEW.client_id, NEW.enrolment_id, NEW.date, NEW.minutes, NEW.activity, NEW.phase, NEW.attendance, NEW.note, NEW.meeting_id)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'sessions', json_array(OLD.id), 'update', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'enrolment_id', OLD.enrolment_id, 'date', OLD.date, 'minutes', OLD.minutes, 'activity', OLD.activity, 'phase', OLD.phase, 'attendance', OLD.attendance, 'note', OLD.note, 'meeting_id', OLD.meeting_id) FROM change_open;
END;
CREATE TRIGGER sessions_journal_delete AFTER DELETE ON sessions
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'sessions', json_array(OLD.id), 'delete', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'enrolment_id', OLD.enrolment_id, 'date', OLD.date, 'minutes', OLD.minutes, 'activity', OLD.activity, 'phase', OLD.phase, 'attendance', OLD.attendance, 'note', OLD.note, 'meeting_id', OLD.meeting_id) FROM change_open;
END;
CREATE TRIGGER groups_journal_insert AFTER INSERT ON groups
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'groups', json_array(NEW.id), 'insert', NULL, NULL FROM change_open;
END;
CREATE TRIGGER groups_journal_update AFTER UPDATE ON groups
WHEN (OLD.id, OLD.code, OLD.name, OLD.programme_id) IS NOT (NEW.id, NEW.code, NEW.name, NEW.programme_id)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'groups', json_array(OLD.id), 'update', NULL, json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name, 'programme_id', OLD.programme_id) FROM change_open;
END;
CREATE TRIGGER groups_journal_delete AFTER DELETE ON groups
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'groups', json_array(OLD.id), 'delete', NULL, json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name, 'programme_id', OLD.programme_id) FROM change_open;
END;
CREATE TRIGGER group_members_journal_insert AFTER INSERT ON group_members
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'group_members', json_array(NEW.id), 'insert', NEW.client_id, NULL FROM change_open;
END;
CREATE TRIGGER group_members_journal_update AFTER UPDATE ON group_members
WHEN (OLD.id, OLD.group_id, OLD.client_id, OLD.start_date, OLD.end_date) IS NOT (NEW.id, NEW.group_id, NEW.client_id, NEW.start_date, NEW.end_date)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'group_members', json_array(OLD.id), 'update', OLD.client_id, json_object('id', OLD.id, 'group_id', OLD.group_id, 'client_id', OLD.client_id, 'start_date', OLD.start_date, 'end_date', OLD.end_date) FROM change_open;
END;
CREATE TRIGGER group_members_journal_delete AFTER DELETE ON group_members
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'group_members', json_array(OLD.id), 'delete', OLD.client_id, json_object('id', OLD.id, 'group_id', OLD.group_id, 'client_id', OLD.client_id, 'start_date', OLD.start_date, 'end_date', OLD.end_date) FROM change_open;
END;
CREATE TRIGGER meetings_journal_insert AFTER INSERT ON meetings
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'meetings', json_array(NEW.id), 'insert', NULL, NULL FROM change_open;
END;
CREATE TRIGGER meetings_journal_update AFTER UPDATE ON meetings
WHEN (OLD.id, OLD.group_id, OLD.date, OLD.minutes, OLD.activity, OLD.phase, OLD.note) IS NOT (NEW.id, NEW.group_id, NEW.date, NEW.minutes, NEW.activity, NEW.phase, NEW.note)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'meetings', json_array(OLD.id), 'update', NULL, json_object('id', OLD.id, 'group_id', OLD.group_id, 'date', OLD.date, 'minutes', OLD.minutes, 'activity', OLD.activity, 'phase', OLD.phase, 'note', OLD.note) FROM change_open;
END;
CREATE TRIGGER meetings_journal_delete AFTER DELETE ON meetings
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'meetings', json_array(OLD.id), 'delete', NULL, json_object('id', OLD.id, 'group_id', OLD.group_id, 'date', OLD.date, 'minutes', OLD.minutes, 'activity', OLD.activity, 'phase', OLD.phase, 'note', OLD.note) FROM change_open;
END;

-- migration 8: a legal basis for sharing a client's data (a court's order), beside a consent
-- `export --for PARTY` takes a client whose row for PARTY has a consent given or a basis
-- recorded, and not withdrawn since. The journal's triggers carry the new column for undo.
ALTER TABLE consents ADD COLUMN basis TEXT;
DROP TRIGGER consents_journal_update;
DROP TRIGGER consents_journal_delete;
CREATE TRIGGER consents_journal_update AFTER UPDATE ON consents
WHEN (OLD.id, OLD.client_id, OLD.party, OLD.given, OLD.withdrawn, OLD.basis) IS NOT (NEW.id, NEW.client_id, NEW.party, NEW.given, NEW.withdrawn, NEW.basis)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'consents', json_array(OLD.id), 'update', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'party', OLD.party, 'given', OLD.given, 'withdrawn', OLD.withdrawn, 'basis', OLD.basis) FROM change_open;
END;
CREATE TRIGGER consents_journal_delete AFTER DELETE ON consents
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'consents', json_array(OLD.id), 'delete', OLD.client_id, json_object('id', OLD.id, 'client_id', OLD.client_id, 'party', OLD.party, 'given', OLD.given, 'withdrawn', OLD.withdrawn, 'basis', OLD.basis) FROM change_open;
END;

-- migration 9: a team's caseload: who is responsible for a client, with whom it is shared,
-- and which worker made each change (issue 17)
-- On a PostgreSQL server every client has a responsible worker (the login that added it, or
-- the one `client assign` names) and may be shared with others (`client share`); row-level
-- security there lets a worker see only those clients. In a file, one person's, `worker` is
-- empty unless `client assign` named someone. The audit trail and the journal name the worker
-- (the OS user here, the database role on a server); the trail's hash covers the name.
ALTER TABLE clients ADD COLUMN worker TEXT;
CREATE TABLE client_shares (
    client_id INTEGER NOT NULL REFERENCES clients (id),
    worker    TEXT NOT NULL,
    PRIMARY KEY (client_id, worker)
);
ALTER TABLE audit ADD COLUMN worker TEXT;
ALTER TABLE changes ADD COLUMN worker TEXT;
DROP TRIGGER clients_journal_update;
DROP TRIGGER clients_journal_delete;
CREATE TRIGGER clients_journal_update AFTER UPDATE ON clients
WHEN (OLD.id, OLD.code, OLD.name, OLD.born, OLD.sex, OLD.referral, OLD.status, OLD.release_date, OLD.contract_date, OLD.note, OLD.created, OLD.closed_date, OLD.close_reason, OLD.erased_date, OLD.worker) IS NOT (NEW.id, NEW.code, NEW.name, NEW.born, NEW.sex, NEW.referral, NEW.status, NEW.release_date, NEW.contract_date, NEW.note, NEW.created, NEW.closed_date, NEW.close_reason, NEW.erased_date, NEW.worker)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'clients', json_array(OLD.id), 'update', OLD.id, json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name, 'born', OLD.born, 'sex', OLD.sex, 'referral', OLD.referral, 'status', OLD.status, 'release_date', OLD.release_date, 'contract_date', OLD.contract_date, 'note', OLD.note, 'created', OLD.created, 'closed_date', OLD.closed_date, 'close_reason', OLD.close_reason, 'erased_date', OLD.erased_date, 'worker', OLD.worker) FROM change_open;
END;
CREATE TRIGGER clients_journal_delete AFTER DELETE ON clients
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'clients', json_array(OLD.id), 'delete', OLD.id, json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name, 'born', OLD.born, 'sex', OLD.sex, 'referral', OLD.referral, 'status', OLD.status, 'release_date', OLD.release_date, 'contract_date', OLD.contract_date, 'note', OLD.note, 'created', OLD.created, 'closed_date', OLD.closed_date, 'close_reason', OLD.close_reason, 'erased_date', OLD.erased_date, 'worker', OLD.worker) FROM change_open;
END;
CREATE TRIGGER client_shares_journal_insert AFTER INSERT ON client_shares
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'client_shares', json_array(NEW.client_id, NEW.worker), 'insert', NEW.client_id, NULL FROM change_open;
END;
CREATE TRIGGER client_shares_journal_update AFTER UPDATE ON client_shares
WHEN (OLD.client_id, OLD.worker) IS NOT (NEW.client_id, NEW.worker)
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'client_shares', json_array(OLD.client_id, OLD.worker), 'update', OLD.client_id, json_object('client_id', OLD.client_id, 'worker', OLD.worker) FROM change_open;
END;
CREATE TRIGGER client_shares_journal_delete AFTER DELETE ON client_shares
BEGIN
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, 'client_shares', json_array(OLD.client_id, OLD.worker), 'delete', OLD.client_id, json_object('client_id', OLD.client_id, 'worker', OLD.worker) FROM change_open;
END;
CREATE INDEX clients_worker ON clients (worker);
CREATE INDEX client_shares_worker ON client_shares (worker);

-- migration 10: nothing changes in a file (on a PostgreSQL server, schema_pg.sql migration 10
-- makes the id counter cheap in a long transaction); numbered alike in both files.

-- migration 11: nothing changes in a file (on a PostgreSQL server, schema_pg.sql migration 11
-- keeps a team's workers from winding the id counter back, and counts a meeting's sessions
-- for the policy that lets a worker change only a meeting they see whole, and lets only the
-- responsible worker or a lead hand a client over); numbered alike in both files.
