-- Each person's recent sign-ins (when, how, from where), for their own account page: someone
-- else signing in as them shows there. The audit trail keeps every sign-in, this the last 50.
CREATE TABLE sign_in_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    at TEXT NOT NULL,
    zone TEXT NOT NULL,
    channel TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE INDEX sign_in_history_account ON sign_in_history (account, id);
