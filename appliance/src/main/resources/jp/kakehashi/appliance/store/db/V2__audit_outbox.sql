-- Audit events from processes that do not hold the audit log (the CLI beside a running daemon),
-- written in the same transaction as the change they describe and appended by the log's holder.
CREATE TABLE audit_outbox (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    event TEXT NOT NULL
);
