-- Accounts: one zone each, decided by role. Passwords are Argon2id PHC strings; keys are
-- OpenSSH public-key lines, one per line.
CREATE TABLE accounts (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL,
    organisation  TEXT NOT NULL,
    password_hash TEXT,
    ssh_keys      TEXT NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

-- Transfer items: one per file crossing a zone boundary (DESIGN §3).
CREATE TABLE items (
    id               TEXT PRIMARY KEY,
    flow             TEXT NOT NULL,
    sender           TEXT NOT NULL,
    organisation     TEXT NOT NULL,
    name             TEXT NOT NULL,
    size             INTEGER NOT NULL,
    sha256           TEXT NOT NULL,
    original_blob    TEXT NOT NULL,
    state            TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    detected_type    TEXT,
    type_mismatch    INTEGER,
    rendition_blob   TEXT,
    rendition_name   TEXT,
    rendition_type   TEXT,
    rendition_size   INTEGER,
    rendition_sha256 TEXT,
    removals         TEXT,
    reason_code      TEXT,
    reason_detail    TEXT,
    rules            TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX items_state ON items (state, next_attempt_at);
CREATE INDEX items_flow ON items (flow, organisation, state);
