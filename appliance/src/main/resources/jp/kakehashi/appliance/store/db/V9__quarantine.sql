-- A security officer taking the original of a quarantined or blocked file out, with a written
-- reason (DESIGN §3: QUARANTINED ─► RELEASED). The file itself stays stopped; only that officer
-- may download the original, until expires_at.
CREATE TABLE quarantine_releases (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    item        TEXT NOT NULL REFERENCES items(id),
    officer     TEXT NOT NULL REFERENCES accounts(name),
    reason      TEXT NOT NULL,
    released_at TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX quarantine_releases_item ON quarantine_releases(item, released_at);
