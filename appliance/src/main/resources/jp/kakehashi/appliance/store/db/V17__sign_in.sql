-- Failed sign-ins, one row each, shared by the portals, the API and SFTP so that a lock-out on
-- one channel holds on every other, and a restart resets none. subject is 'account:<zone>:<name>'
-- or 'source:<address>'; rows older than the lock-out window are pruned as new ones arrive.
CREATE TABLE sign_in_failures (
    subject TEXT NOT NULL,
    at_ms   INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_subject ON sign_in_failures(subject, at_ms);
CREATE INDEX sign_in_failures_at ON sign_in_failures(at_ms);

-- The last TOTP time step each account used: a code is accepted once, even across a restart.
ALTER TABLE second_factors ADD COLUMN last_step INTEGER NOT NULL DEFAULT -1;

-- Bumped whenever the account's credentials or powers change (password, authenticator, role,
-- groups, disabled); a portal session signed in under an older value ends at its next request.
ALTER TABLE accounts ADD COLUMN credentials INTEGER NOT NULL DEFAULT 0;
