-- A notice for someone who asked for one mail a day waits for the morning's digest, which the
-- mailer gathers per recipient into one mail; it is never sent on its own.
ALTER TABLE mail_outbox ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;
