-- resoc database schema, PostgreSQL dialect (schema.sql is the SQLite one).
--
-- The same logical schema as schema.sql at its latest version (a test builds both and
-- compares tables, columns, keys, constraints and indexes). PostgreSQL databases begin at
-- that version, so this file is one baseline, marked with it; every later migration is
-- written in both files under the same number. What differs, and why:
-- * ids come from resoc_sequence, as SQLite's AUTOINCREMENT takes them from sqlite_sequence:
--   the next one is the highest ever given plus one, never reused, and a transaction rolled
--   back gives its ids back (a PostgreSQL sequence would not: a refused command would leave
--   a gap, and the same commands would number their records differently on the two engines);
-- * integers are bigint (SQLite's are 64-bit), BLOB is bytea; dates stay ISO text, as in
--   SQLite, so that every query compares them the same way;
-- * COLLATE NOCASE is the collation "nocase" below (case-insensitive, accents kept), and
--   every other text column is COLLATE "C": bytes, as SQLite compares and sorts them,
--   whatever the server's own locale;
-- * triggers call functions: the audit trail's append-only rules, and one journal function
--   for every table instead of one trigger body per table and operation.

-- migration 8: baseline (schema.sql migrations 1-8)
CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

CREATE TABLE schema_version (version integer NOT NULL);
INSERT INTO schema_version VALUES (8);

CREATE TABLE programmes (
    id              bigint PRIMARY KEY,
    code            text NOT NULL UNIQUE COLLATE nocase,
    name            text COLLATE "C" NOT NULL,
    min_minutes     bigint NOT NULL CHECK (min_minutes > 0),
    sessions        bigint CHECK (sessions IS NULL OR sessions > 0),
    session_minutes bigint CHECK (session_minutes IS NULL OR session_minutes > 0),
    phases          bigint CHECK (phases IS NULL OR phases > 0),
    audience        text COLLATE "C" NOT NULL DEFAULT 'any' CHECK (audience IN ('adult', 'juvenile', 'any')),
    plan_required   bigint NOT NULL DEFAULT 1 CHECK (plan_required IN (0, 1)),
    builtin         bigint NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
);
CREATE TABLE clients (
    id            bigint PRIMARY KEY,
    code          text NOT NULL UNIQUE COLLATE nocase,
    name          text COLLATE "C" NOT NULL,
    born          text COLLATE "C" NOT NULL,
    sex           text COLLATE "C" NOT NULL CHECK (sex IN ('f', 'm', 'x')),
    referral      text COLLATE "C",
    status        text COLLATE "C",
    release_date  text COLLATE "C",
    contract_date text COLLATE "C",
    note          text COLLATE "C",
    created       text COLLATE "C" NOT NULL,
    closed_date   text COLLATE "C",
    close_reason  text COLLATE "C",
    erased_date   text COLLATE "C"
);
CREATE TABLE enrolments (
    id           bigint PRIMARY KEY,
    client_id    bigint NOT NULL REFERENCES clients (id),
    programme_id bigint NOT NULL REFERENCES programmes (id),
    start_date   text COLLATE "C" NOT NULL,
    end_date     text COLLATE "C",
    state        text COLLATE "C" NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'completed', 'dropped')),
    end_reason   text COLLATE "C"
);
CREATE INDEX enrolments_client ON enrolments (client_id, start_date);
CREATE UNIQUE INDEX enrolments_one_active ON enrolments (client_id) WHERE state = 'active';
CREATE TABLE family_members (
    id        bigint PRIMARY KEY,
    client_id bigint NOT NULL REFERENCES clients (id),
    name      text COLLATE "C" NOT NULL,
    relation  text COLLATE "C" NOT NULL,
    born      text COLLATE "C",
    note      text COLLATE "C"
);
CREATE INDEX family_members_client ON family_members (client_id);
CREATE TABLE groups (
    id           bigint PRIMARY KEY,
    code         text NOT NULL UNIQUE COLLATE nocase,
    name         text COLLATE "C" NOT NULL,
    programme_id bigint REFERENCES programmes (id)
);
CREATE TABLE group_members (
    id         bigint PRIMARY KEY,
    group_id   bigint NOT NULL REFERENCES groups (id),
    client_id  bigint NOT NULL REFERENCES clients (id),
    start_date text COLLATE "C" NOT NULL,
    end_date   text COLLATE "C" CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX group_members_client ON group_members (client_id);
CREATE UNIQUE INDEX group_members_open ON group_members (group_id, client_id)
    WHERE end_date IS NULL;
CREATE TABLE meetings (
    id       bigint PRIMARY KEY,
    group_id bigint REFERENCES groups (id),
    date     text COLLATE "C" NOT NULL,
    minutes  bigint NOT NULL CHECK (minutes > 0 AND minutes <= 720),
    activity text COLLATE "C" NOT NULL,
    phase    bigint CHECK (phase IS NULL OR phase > 0),
    note     text COLLATE "C"
);
CREATE INDEX meetings_date ON meetings (date);
CREATE INDEX meetings_group ON meetings (group_id, date);
CREATE TABLE sessions (
    id           bigint PRIMARY KEY,
    client_id    bigint NOT NULL REFERENCES clients (id),
    enrolment_id bigint REFERENCES enrolments (id),
    date         text COLLATE "C" NOT NULL,
    minutes      bigint NOT NULL CHECK (minutes > 0 AND minutes <= 720),
    activity     text COLLATE "C" NOT NULL,
    phase        bigint CHECK (phase IS NULL OR phase > 0),
    attendance   text COLLATE "C" NOT NULL CHECK (attendance IN ('attended', 'late', 'excused', 'no-show')),
    note         text COLLATE "C",
    meeting_id   bigint REFERENCES meetings (id)
);
CREATE INDEX sessions_client_date ON sessions (client_id, date);
CREATE INDEX sessions_date ON sessions (date, attendance, activity, minutes, client_id);
CREATE INDEX sessions_enrolment ON sessions (enrolment_id, attendance, date, minutes);
CREATE UNIQUE INDEX sessions_meeting ON sessions (meeting_id, client_id)
    WHERE meeting_id IS NOT NULL;
CREATE TABLE session_members (
    session_id bigint NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    member_id  bigint NOT NULL REFERENCES family_members (id),
    PRIMARY KEY (session_id, member_id)
);
CREATE INDEX session_members_member ON session_members (member_id);
CREATE TABLE contacts (
    id        bigint PRIMARY KEY,
    client_id bigint NOT NULL REFERENCES clients (id),
    member_id bigint NOT NULL REFERENCES family_members (id),
    date      text COLLATE "C" NOT NULL,
    kind      text COLLATE "C" NOT NULL,
    minutes   bigint CHECK (minutes IS NULL OR (minutes > 0 AND minutes <= 720)),
    note      text COLLATE "C"
);
CREATE INDEX contacts_client_date ON contacts (client_id, date);
CREATE INDEX contacts_member ON contacts (member_id);
CREATE TABLE plans (
    client_id   bigint PRIMARY KEY REFERENCES clients (id),
    agreed_date text COLLATE "C"
);
CREATE TABLE plan_needs (
    id        bigint PRIMARY KEY,
    client_id bigint NOT NULL REFERENCES clients (id),
    area      text COLLATE "C" NOT NULL,
    noted     text COLLATE "C" NOT NULL,
    UNIQUE (client_id, area)
);
CREATE TABLE plan_goals (
    id        bigint PRIMARY KEY,
    client_id bigint NOT NULL REFERENCES clients (id),
    area      text COLLATE "C" NOT NULL,
    text      text COLLATE "C" NOT NULL,
    set_date  text COLLATE "C" NOT NULL,
    due       text COLLATE "C",
    done_date text COLLATE "C",
    outcome   text COLLATE "C"
);
CREATE INDEX plan_goals_client ON plan_goals (client_id);
CREATE TABLE plan_reviews (
    id        bigint PRIMARY KEY,
    client_id bigint NOT NULL REFERENCES clients (id),
    date      text COLLATE "C" NOT NULL,
    note      text COLLATE "C"
);
CREATE INDEX plan_reviews_client ON plan_reviews (client_id, date);
CREATE TABLE settings (
    key   text COLLATE "C" PRIMARY KEY,
    value text COLLATE "C" NOT NULL
);
CREATE TABLE consents (
    id        bigint PRIMARY KEY,
    client_id bigint NOT NULL REFERENCES clients (id),
    party     text NOT NULL COLLATE nocase,
    given     text COLLATE "C",
    withdrawn text COLLATE "C",
    basis     text COLLATE "C",
    UNIQUE (client_id, party)
);
CREATE TABLE audit (
    id        bigint PRIMARY KEY,
    at        text COLLATE "C" NOT NULL,
    command   text COLLATE "C" NOT NULL,
    action    text COLLATE "C" NOT NULL,
    entity    text COLLATE "C" NOT NULL,
    record    text COLLATE "C" NOT NULL,
    client_id bigint,
    prev_hash text COLLATE "C" NOT NULL,
    hash      text COLLATE "C" NOT NULL
);
CREATE INDEX audit_client ON audit (client_id, id);
CREATE TABLE audit_values (
    audit_id   bigint NOT NULL REFERENCES audit (id),
    field      text COLLATE "C" NOT NULL,
    salt       bytea,
    old_value  text COLLATE "C",
    new_value  text COLLATE "C",
    old_digest text COLLATE "C" NOT NULL,
    new_digest text COLLATE "C" NOT NULL,
    PRIMARY KEY (audit_id, field)
);
CREATE TABLE changes (
    id      bigint PRIMARY KEY,
    at      text COLLATE "C" NOT NULL,
    command text COLLATE "C" NOT NULL,
    kind    text COLLATE "C" NOT NULL DEFAULT 'change' CHECK (kind IN ('change', 'undo', 'erase', 'restore')),
    undoes  bigint UNIQUE REFERENCES changes (id)
);
CREATE TABLE change_open (
    id bigint PRIMARY KEY REFERENCES changes (id)
);
CREATE TABLE journal (
    id        bigint PRIMARY KEY,
    change_id bigint NOT NULL REFERENCES changes (id),
    tbl       text COLLATE "C" NOT NULL,
    key       text COLLATE "C" NOT NULL,
    op        text COLLATE "C" NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    client_id bigint,
    old       text COLLATE "C"
);
CREATE INDEX journal_change ON journal (change_id);
CREATE INDEX journal_client ON journal (client_id);
CREATE INDEX journal_row ON journal (tbl, key);

-- The highest id each table has given (SQLite: sqlite_sequence). Writers hold resoc's write
-- lock (storage.server), so the row lock here never waits.
CREATE TABLE resoc_sequence (
    name text COLLATE "C" PRIMARY KEY,
    seq  bigint NOT NULL
);
CREATE FUNCTION resoc_next_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    given bigint;
BEGIN
    INSERT INTO resoc_sequence (name, seq) VALUES (TG_TABLE_NAME, 0) ON CONFLICT DO NOTHING;
    IF NEW.id IS NULL THEN
        UPDATE resoc_sequence SET seq = seq + 1 WHERE name = TG_TABLE_NAME
        RETURNING seq INTO given;
        NEW.id := given;
    ELSE  -- an id given (undo puts a record back): the next one is still above it
        UPDATE resoc_sequence SET seq = greatest(seq, NEW.id) WHERE name = TG_TABLE_NAME;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER programmes_next_id BEFORE INSERT ON programmes
    FOR EACH ROW EXECUTE FUNCTION resoc_next_id();
CREATE TRIGGER clients_next_id BEFORE INSERT ON clients
    FOR EACH ROW EXECUTE FUNCTION resoc_next_id();
CREATE TRIGGER enrolments_next_id BEFORE INSERT ON enrolments
    FOR EACH ROW EXECUTE FUNCTION resoc_next_id();
CREATE TRIGGER family_members_next_id BEFORE INSERT ON family_members
    FOR EACH ROW EXECUTE FUNCTION resoc_next_id();
CREATE TRIGGER groups_next_id BEFORE INSERT ON groups
    FOR EACH ROW EXECUTE FUNCTION resoc_next_id();
CREATE TRIGGER group_members_next_id BEFORE INSERT ON group_members
    FOR EACH ROW EXECUTE FUNCTION resoc_next_id();
CREATE TRIGGER meetings_next_id BEFORE INSERT ON meetings
    FOR EACH ROW EXECUTE FUNCTION resoc_next_id();
CREATE TRIGGER sessions_next_id BEFORE INSERT ON sessions
    FOR EACH ROW EXECUTE FUNCTION resoc_next_id();
CREATE TRIGGER contacts_next_id BEFORE INSERT ON contacts
    FOR EACH ROW EXECUTE FUNCTION resoc_next_id();
CREATE TRIGGER plan_needs_next_id BEFORE INSERT ON plan_needs
    FOR EACH ROW EXECUTE FUNCTION resoc_next_id();
CREATE TRIGGER plan_goals_next_id BEFORE INSERT ON plan_goals
    FOR EACH ROW EXECUTE FUNCTION resoc_next_id();
CREATE TRIGGER plan_reviews_next_id BEFORE INSERT ON plan_reviews
    FOR EACH ROW EXECUTE FUNCTION resoc_next_id();
CREATE TRIGGER consents_next_id BEFORE INSERT ON consents
    FOR EACH ROW EXECUTE FUNCTION resoc_next_id();
CREATE TRIGGER audit_next_id BEFORE INSERT ON audit
    FOR EACH ROW EXECUTE FUNCTION resoc_next_id();
CREATE TRIGGER changes_next_id BEFORE INSERT ON changes
    FOR EACH ROW EXECUTE FUNCTION resoc_next_id();
CREATE TRIGGER journal_next_id BEFORE INSERT ON journal
    FOR EACH ROW EXECUTE FUNCTION resoc_next_id();

INSERT INTO programmes (code, name, min_minutes, sessions, session_minutes, phases, audience,
                        plan_required, builtin)
VALUES ('adult', 'Resocializační program pro dospělé', 1800, 15, 120, 3, 'adult', 1, 1),
       ('juvenile', 'Resocializační program pro mladistvé', 2100, 14, 150, NULL, 'juvenile', 1, 1);

-- The audit trail is append-only; the one change allowed is erasure blanking a value pair
-- and its salt, keeping the digests.
CREATE FUNCTION resoc_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END $$;
CREATE FUNCTION resoc_redact_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.audit_id = OLD.audit_id AND NEW.field = OLD.field
       AND NEW.old_digest = OLD.old_digest AND NEW.new_digest = OLD.new_digest
       AND NEW.salt IS NULL AND NEW.old_value IS NULL AND NEW.new_value IS NULL THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only';
END $$;
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
    FOR EACH ROW EXECUTE FUNCTION resoc_append_only();
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION resoc_append_only();
CREATE TRIGGER audit_values_no_delete BEFORE DELETE ON audit_values
    FOR EACH ROW EXECUTE FUNCTION resoc_append_only();
CREATE TRIGGER audit_values_redact_only BEFORE UPDATE ON audit_values
    FOR EACH ROW EXECUTE FUNCTION resoc_redact_only();

-- The change journal behind `resoc undo` (schema.sql migration 6): while a change is open,
-- every row inserted, updated (really changed) or deleted is noted with its key and, for an
-- update or a delete, the row as it was. Arguments: the key columns, then how the client is
-- found ('self': the row is the client; 'column': its client_id; 'session': its session's
-- client; 'none').
CREATE FUNCTION resoc_journal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    row_now  jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
    keys     jsonb := '[]'::jsonb;
    client   bigint;
    how      text := TG_ARGV[TG_NARGS - 1];
    i        integer;
BEGIN
    FOR i IN 0 .. TG_NARGS - 2 LOOP
        keys := keys || jsonb_build_array(row_now -> TG_ARGV[i]);
    END LOOP;
    client := CASE how
        WHEN 'self' THEN (row_now ->> 'id')::bigint
        WHEN 'column' THEN (row_now ->> 'client_id')::bigint
        WHEN 'session' THEN (SELECT s.client_id FROM sessions s
                             WHERE s.id = (row_now ->> 'session_id')::bigint)
        ELSE NULL END;
    INSERT INTO journal (change_id, tbl, key, op, client_id, old)
    SELECT id, TG_TABLE_NAME, replace(keys::text, ', ', ','), lower(TG_OP), client,
           CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE row_to_json(OLD)::text END
    FROM change_open;
    RETURN NULL;
END $$;
CREATE TRIGGER programmes_journal_insert AFTER INSERT ON programmes
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'none');
CREATE TRIGGER programmes_journal_update AFTER UPDATE ON programmes
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION resoc_journal('id', 'none');
CREATE TRIGGER programmes_journal_delete AFTER DELETE ON programmes
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'none');
CREATE TRIGGER clients_journal_insert AFTER INSERT ON clients
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'self');
CREATE TRIGGER clients_journal_update AFTER UPDATE ON clients
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION resoc_journal('id', 'self');
CREATE TRIGGER clients_journal_delete AFTER DELETE ON clients
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'self');
CREATE TRIGGER enrolments_journal_insert AFTER INSERT ON enrolments
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER enrolments_journal_update AFTER UPDATE ON enrolments
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER enrolments_journal_delete AFTER DELETE ON enrolments
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER family_members_journal_insert AFTER INSERT ON family_members
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER family_members_journal_update AFTER UPDATE ON family_members
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER family_members_journal_delete AFTER DELETE ON family_members
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER sessions_journal_insert AFTER INSERT ON sessions
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER sessions_journal_update AFTER UPDATE ON sessions
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER sessions_journal_delete AFTER DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER session_members_journal_insert AFTER INSERT ON session_members
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('session_id', 'member_id', 'session');
CREATE TRIGGER session_members_journal_update AFTER UPDATE ON session_members
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION resoc_journal('session_id', 'member_id', 'session');
CREATE TRIGGER session_members_journal_delete AFTER DELETE ON session_members
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('session_id', 'member_id', 'session');
CREATE TRIGGER contacts_journal_insert AFTER INSERT ON contacts
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER contacts_journal_update AFTER UPDATE ON contacts
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER contacts_journal_delete AFTER DELETE ON contacts
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER plans_journal_insert AFTER INSERT ON plans
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('client_id', 'column');
CREATE TRIGGER plans_journal_update AFTER UPDATE ON plans
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION resoc_journal('client_id', 'column');
CREATE TRIGGER plans_journal_delete AFTER DELETE ON plans
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('client_id', 'column');
CREATE TRIGGER plan_needs_journal_insert AFTER INSERT ON plan_needs
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER plan_needs_journal_update AFTER UPDATE ON plan_needs
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER plan_needs_journal_delete AFTER DELETE ON plan_needs
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER plan_goals_journal_insert AFTER INSERT ON plan_goals
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER plan_goals_journal_update AFTER UPDATE ON plan_goals
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER plan_goals_journal_delete AFTER DELETE ON plan_goals
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER plan_reviews_journal_insert AFTER INSERT ON plan_reviews
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER plan_reviews_journal_update AFTER UPDATE ON plan_reviews
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER plan_reviews_journal_delete AFTER DELETE ON plan_reviews
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER consents_journal_insert AFTER INSERT ON consents
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER consents_journal_update AFTER UPDATE ON consents
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER consents_journal_delete AFTER DELETE ON consents
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER groups_journal_insert AFTER INSERT ON groups
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'none');
CREATE TRIGGER groups_journal_update AFTER UPDATE ON groups
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION resoc_journal('id', 'none');
CREATE TRIGGER groups_journal_delete AFTER DELETE ON groups
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'none');
CREATE TRIGGER group_members_journal_insert AFTER INSERT ON group_members
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER group_members_journal_update AFTER UPDATE ON group_members
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER group_members_journal_delete AFTER DELETE ON group_members
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'column');
CREATE TRIGGER meetings_journal_insert AFTER INSERT ON meetings
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'none');
CREATE TRIGGER meetings_journal_update AFTER UPDATE ON meetings
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION resoc_journal('id', 'none');
CREATE TRIGGER meetings_journal_delete AFTER DELETE ON meetings
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('id', 'none');

-- migration 9: a team's caseload (schema.sql migration 9): the responsible worker, shares,
-- the worker in the trail and the journal. Row-level security itself (the roles, the grants,
-- the policies) is made by `resoc team init` (storage/team.py), run once by the owner. The
-- functions below answer what a writer must know of rows it may not see; they run as the
-- owner and return no personal data: the trail's last hash, the clients' codes (for the next
-- K code), a client's responsible worker (for the policy on shares, without a policy loop).
ALTER TABLE clients ADD COLUMN worker text COLLATE "C";
CREATE TABLE client_shares (
    client_id bigint NOT NULL REFERENCES clients (id),
    worker    text COLLATE "C" NOT NULL,
    PRIMARY KEY (client_id, worker)
);
ALTER TABLE audit ADD COLUMN worker text COLLATE "C";
ALTER TABLE changes ADD COLUMN worker text COLLATE "C";
CREATE INDEX clients_worker ON clients (worker);
CREATE INDEX client_shares_worker ON client_shares (worker);
CREATE TRIGGER client_shares_journal_insert AFTER INSERT ON client_shares
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('client_id', 'worker', 'column');
CREATE TRIGGER client_shares_journal_update AFTER UPDATE ON client_shares
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION resoc_journal('client_id', 'worker', 'column');
CREATE TRIGGER client_shares_journal_delete AFTER DELETE ON client_shares
    FOR EACH ROW EXECUTE FUNCTION resoc_journal('client_id', 'worker', 'column');
CREATE FUNCTION resoc_audit_head() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path FROM CURRENT
    AS $$ SELECT hash FROM audit ORDER BY id DESC LIMIT 1 $$;
CREATE FUNCTION resoc_client_codes() RETURNS SETOF text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path FROM CURRENT
    AS $$ SELECT code FROM clients $$;
CREATE FUNCTION resoc_client_worker(client bigint) RETURNS text LANGUAGE sql STABLE
    SECURITY DEFINER SET search_path FROM CURRENT
    AS $$ SELECT worker FROM clients WHERE id = client $$;
REVOKE EXECUTE ON FUNCTION resoc_audit_head(), resoc_client_codes(), resoc_client_worker(bigint)
    FROM PUBLIC;

-- migration 10: the id counter in a long transaction
-- resoc_next_id rewrote its table's row of resoc_sequence for every row inserted: within one
-- transaction each rewrite walks the row's earlier versions, so an import of 16,000 sessions
-- took minutes. The counter is now kept in a setting of the transaction (set_config(..., true)
-- ends with it) and written to resoc_sequence once, at the commit, by a deferred trigger; a
-- transaction rolled back still gives its ids back, and resoc_sequence means what it meant.
CREATE FUNCTION resoc_highest_id(tbl text) RETURNS bigint LANGUAGE plpgsql STABLE
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    highest bigint;
BEGIN
    EXECUTE format('SELECT max(id) FROM %I', tbl) INTO highest;
    RETURN highest;
END $$;
REVOKE EXECUTE ON FUNCTION resoc_highest_id(text) FROM PUBLIC;
CREATE OR REPLACE FUNCTION resoc_next_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    counter text := 'resoc.id_' || TG_TABLE_NAME;
    top     bigint := nullif(current_setting(counter, true), '')::bigint;
    kept    bigint;
    highest bigint;
BEGIN
    -- the first insert of a transaction starts above both what resoc_sequence holds and the
    -- highest id present (read as the owner: a worker's row security would hide the others'),
    -- so a counter that was not written back (a hand-made transaction in psql) heals itself
    IF top IS NULL THEN
        SELECT seq INTO kept FROM resoc_sequence WHERE name = TG_TABLE_NAME;
        highest := resoc_highest_id(TG_TABLE_NAME);
        top := greatest(coalesce(kept, 0), coalesce(highest, 0));
    END IF;
    IF NEW.id IS NULL THEN
        top := top + 1;
        NEW.id := top;
    ELSE  -- an id given (undo puts a record back): the next one is still above it
        top := greatest(top, NEW.id);
    END IF;
    PERFORM set_config(counter, top::text, true);
    RETURN NEW;
END $$;
CREATE FUNCTION resoc_keep_ids() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    counter text := 'resoc.id_' || TG_TABLE_NAME;
    kept    text := 'resoc.kept_' || TG_TABLE_NAME;
    top     text := current_setting(counter, true);
BEGIN
    IF top IS NULL OR top = '' OR top = current_setting(kept, true) THEN
        RETURN NULL;  -- written already (one row of many), or nothing counted
    END IF;
    INSERT INTO resoc_sequence (name, seq) VALUES (TG_TABLE_NAME, top::bigint)
    ON CONFLICT (name) DO UPDATE SET seq = greatest(resoc_sequence.seq, excluded.seq);
    PERFORM set_config(kept, top, true);
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER programmes_keep_ids AFTER INSERT ON programmes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION resoc_keep_ids();
CREATE CONSTRAINT TRIGGER clients_keep_ids AFTER INSERT ON clients
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION resoc_keep_ids();
CREATE CONSTRAINT TRIGGER enrolments_keep_ids AFTER INSERT ON enrolments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION resoc_keep_ids();
CREATE CONSTRAINT TRIGGER family_members_keep_ids AFTER INSERT ON family_members
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION resoc_keep_ids();
CREATE CONSTRAINT TRIGGER groups_keep_ids AFTER INSERT ON groups
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION resoc_keep_ids();
CREATE CONSTRAINT TRIGGER group_members_keep_ids AFTER INSERT ON group_members
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION resoc_keep_ids();
CREATE CONSTRAINT TRIGGER meetings_keep_ids AFTER INSERT ON meetings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION resoc_keep_ids();
CREATE CONSTRAINT TRIGGER sessions_keep_ids AFTER INSERT ON sessions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION resoc_keep_ids();
CREATE CONSTRAINT TRIGGER contacts_keep_ids AFTER INSERT ON contacts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION resoc_keep_ids();
CREATE CONSTRAINT TRIGGER plan_needs_keep_ids AFTER INSERT ON plan_needs
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION resoc_keep_ids();
CREATE CONSTRAINT TRIGGER plan_goals_keep_ids AFTER INSERT ON plan_goals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION resoc_keep_ids();
CREATE CONSTRAINT TRIGGER plan_reviews_keep_ids AFTER INSERT ON plan_reviews
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION resoc_keep_ids();
CREATE CONSTRAINT TRIGGER consents_keep_ids AFTER INSERT ON consents
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION resoc_keep_ids();
CREATE CONSTRAINT TRIGGER audit_keep_ids AFTER INSERT ON audit
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION resoc_keep_ids();
CREATE CONSTRAINT TRIGGER changes_keep_ids AFTER INSERT ON changes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION resoc_keep_ids();
CREATE CONSTRAINT TRIGGER journal_keep_ids AFTER INSERT ON journal
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION resoc_keep_ids();

-- migration 11: the id counter only grows, and a meeting is changed whole or not at all.
-- A team's worker writes resoc_sequence (the deferred trigger of migration 10 runs as
-- them): wound back in psql, it made the next ids collide with existing rows or reuse a
-- deleted record's. Every writer raises it with greatest(), so lowering it, renaming or
-- deleting a row of it is refused for everyone. A worker changed a meeting whose other
-- participants' sessions they do not see (meeting edit left those at the old hours): the
-- policy of `team init` lets a worker change a meeting only when they see all its sessions,
-- and asks this function (the owner's) how many it has. A worker a client was shared with
-- made themselves its responsible worker in psql (a policy cannot compare the row before and
-- after): only the responsible worker, a lead or the tables' owner changes clients.worker.
CREATE FUNCTION resoc_sequence_grows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.name = OLD.name AND NEW.seq >= OLD.seq THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the id counter only grows';
END $$;
CREATE TRIGGER resoc_sequence_grows BEFORE UPDATE OR DELETE ON resoc_sequence
    FOR EACH ROW EXECUTE FUNCTION resoc_sequence_grows();
CREATE FUNCTION resoc_meeting_sessions(meeting bigint) RETURNS bigint LANGUAGE sql STABLE
    SECURITY DEFINER SET search_path FROM CURRENT
    AS $$ SELECT count(*) FROM sessions WHERE meeting_id = meeting $$;
REVOKE EXECUTE ON FUNCTION resoc_meeting_sessions(bigint) FROM PUBLIC;
CREATE FUNCTION resoc_hand_over_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.worker IS NOT DISTINCT FROM OLD.worker OR OLD.worker IS NOT DISTINCT FROM current_user
       OR pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE')
       OR EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = 'resoc_lead'
                  AND pg_has_role(current_user, r.oid, 'USAGE')) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'only the responsible worker or a lead hands a client over'
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER clients_hand_over_only BEFORE UPDATE OF worker ON clients
    FOR EACH ROW EXECUTE FUNCTION resoc_hand_over_only();
