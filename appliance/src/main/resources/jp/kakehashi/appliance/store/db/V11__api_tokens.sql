-- Personal API tokens. Only the SHA-256 of a token is kept; a token acts as its account, on its
-- account's zone only, until it expires or is revoked.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    account      TEXT NOT NULL REFERENCES accounts(name),
    label        TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_account ON api_tokens(account);
