-- A check value of each key the data was written with (an HMAC of a fixed text under the key,
-- which reveals nothing of the key): a start with another key is refused instead of finding out
-- file by file that nothing decrypts (ATTACKS F-13).
CREATE TABLE key_checks (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
