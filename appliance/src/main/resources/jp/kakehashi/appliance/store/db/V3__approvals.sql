-- Groups an account belongs to (課, 係, role groups such as kacho): policy names approvers and
-- senders by them.
CREATE TABLE account_groups (
    account TEXT NOT NULL REFERENCES accounts (name),
    grp     TEXT NOT NULL,
    PRIMARY KEY (account, grp)
);

-- One request per approval a decision asks for, bound to the SHA-256 of the rendition it was made
-- for. States: PENDING, APPROVED, REJECTED, EXPIRED, VOID.
CREATE TABLE approval_requests (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    item          TEXT NOT NULL REFERENCES items (id),
    seq           INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    approvers     TEXT NOT NULL,
    rules         TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    findings      TEXT NOT NULL,
    state         TEXT NOT NULL,
    escalated     INTEGER NOT NULL DEFAULT 0,
    requested_at  TEXT NOT NULL,
    escalate_at   TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    decided_at    TEXT,
    UNIQUE (item, seq)
);
CREATE INDEX approval_requests_state ON approval_requests (state, expires_at);

-- Every approval or rejection given; principal is whom a delegate acted for (or the approver).
CREATE TABLE approval_votes (
    request   INTEGER NOT NULL REFERENCES approval_requests (id),
    approver  TEXT NOT NULL,
    principal TEXT NOT NULL,
    vote      TEXT NOT NULL,
    comment   TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX approval_votes_request ON approval_votes (request);

-- 代理承認: the delegate may approve what the principal may, between the two instants.
CREATE TABLE delegations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    principal  TEXT NOT NULL REFERENCES accounts (name),
    delegate   TEXT NOT NULL REFERENCES accounts (name),
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL,
    reason     TEXT NOT NULL,
    revoked_at TEXT
);
