-- Attempts to open an encrypted file (PPAP) with the password its recipient or sender typed. The
-- password itself is never stored; outcome is UNLOCKED (with the new item) or why it failed.
CREATE TABLE unlock_attempts (
    item          TEXT NOT NULL REFERENCES items(id),
    actor         TEXT NOT NULL,
    at            TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    unlocked_item TEXT
);
CREATE INDEX unlock_attempts_item ON unlock_attempts(item, at);
