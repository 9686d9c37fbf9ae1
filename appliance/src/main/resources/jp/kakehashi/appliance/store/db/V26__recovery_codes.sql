-- Ten one-time codes a person keeps on paper for when their phone is lost: each stands in for
-- one authenticator code, once. Only a hash of each is kept.
CREATE TABLE recovery_codes (
    account TEXT NOT NULL REFERENCES accounts (name),
    code_sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL,
    used_at TEXT,
    PRIMARY KEY (account, code_sha256)
);
