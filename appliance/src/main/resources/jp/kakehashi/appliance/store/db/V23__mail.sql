-- Where a person is told of what concerns them (a file for them, an approval to give or given),
-- and whether they want to be: 'immediately' or 'off'. NULL: no address, no mail.
ALTER TABLE accounts ADD COLUMN email TEXT;
ALTER TABLE accounts ADD COLUMN notify TEXT NOT NULL DEFAULT 'immediately';

-- Notices waiting for the mail relay. Written in the same unit of work that takes their audit
-- record off the audit outbox, so each event is told once and a relay that is down loses nothing.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    sent_at TEXT,
    -- Given up after its last attempt: kept for the record, never tried again.
    failed_at TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, failed_at, next_attempt_at);
