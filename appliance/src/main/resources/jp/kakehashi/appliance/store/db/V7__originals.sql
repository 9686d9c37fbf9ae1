-- 原本取り出し: a staff member's request, with a written reason, for the original of a disarmed
-- item. States: REQUESTED (approvals pending), APPROVED (waiting for its re-scan), RELEASED
-- (available to the requester alone until available_until), WITHDRAWN (its time ran out, or the
-- original was erased), REFUSED (rejected, expired, or the re-scan did not come back clean).
CREATE TABLE original_requests (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    item            TEXT NOT NULL REFERENCES items (id),
    requester       TEXT NOT NULL REFERENCES accounts (name),
    reason          TEXT NOT NULL,
    state           TEXT NOT NULL,
    available_for   INTEGER NOT NULL,
    requested_at    TEXT NOT NULL,
    released_at     TEXT,
    available_until TEXT,
    ended_at        TEXT,
    outcome         TEXT,
    outcome_detail  TEXT
);
CREATE INDEX original_requests_state ON original_requests (state);
CREATE INDEX original_requests_requester ON original_requests (requester, state);

-- An approval request that decides an original request rather than the item's own release.
ALTER TABLE approval_requests ADD COLUMN original_request INTEGER REFERENCES original_requests (id);
