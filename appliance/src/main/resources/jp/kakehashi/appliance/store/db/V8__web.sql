-- TOTP secrets of web sign-in, sealed with the master key (AES-GCM, the account name as associated data).
CREATE TABLE second_factors (
    account TEXT PRIMARY KEY REFERENCES accounts(name),
    sealed_secret TEXT NOT NULL,
    enrolled_at TEXT NOT NULL
);

-- Who downloaded a delivered file and when, so its sender can see that it arrived.
CREATE TABLE item_downloads (
    item TEXT NOT NULL REFERENCES items(id),
    account TEXT NOT NULL,
    protocol TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX item_downloads_item ON item_downloads(item, at);
