-- Policy versions (four eyes): one administrator proposes a policy text that lints clean, a
-- second confirms it, and the daemon puts it in force (or refuses it, saying where it is broken).
-- state: PROPOSED, CONFIRMED, ACTIVE, SUPERSEDED, REFUSED.
CREATE TABLE policy_versions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    source        TEXT NOT NULL,
    text          TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    reason        TEXT NOT NULL,
    proposed_by   TEXT NOT NULL,
    proposed_at   TEXT NOT NULL,
    confirmed_by  TEXT,
    confirmed_at  TEXT,
    activated_at  TEXT,
    state         TEXT NOT NULL,
    detail        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX policy_versions_state ON policy_versions (state, id)
