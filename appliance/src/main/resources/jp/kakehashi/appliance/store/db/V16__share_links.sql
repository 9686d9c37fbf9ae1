-- Links to one version of a shared-folder file (リンクで共有), instead of mailing attachments.
-- Only the SHA-256 of a link's token is kept; the password, if any, as an Argon2id PHC string.
-- A link ends at expires_at, after max_downloads downloads, after five wrong passwords, or
-- when it is revoked.
CREATE TABLE share_links (
    id             INTEGER PRIMARY KEY,
    token_sha256   TEXT NOT NULL UNIQUE,
    file           INTEGER NOT NULL REFERENCES folder_files (id),
    number         INTEGER NOT NULL,
    recipient      TEXT NOT NULL,
    password       TEXT,
    max_downloads  INTEGER NOT NULL,
    downloads      INTEGER NOT NULL DEFAULT 0,
    failures       INTEGER NOT NULL DEFAULT 0,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    revoked_by     TEXT,
    revoked_at     TEXT
);
CREATE INDEX share_links_file ON share_links (file);
