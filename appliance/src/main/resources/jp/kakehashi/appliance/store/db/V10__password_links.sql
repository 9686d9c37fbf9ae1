-- One-time links to set a password (an invitation, or a reset by an administrator). Only the
-- SHA-256 of the token is kept; state is OPEN, USED or VOID (a newer link was issued).
CREATE TABLE password_links (
    token_sha256 TEXT PRIMARY KEY,
    account      TEXT NOT NULL REFERENCES accounts(name),
    purpose      TEXT NOT NULL,
    state        TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    used_at      TEXT
);
CREATE INDEX password_links_account ON password_links(account, state);
