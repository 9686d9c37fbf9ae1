-- What a sender wrote with a file (件名 and a message for the recipients), as a letter goes with
-- its enclosure. Never scanned as the file is: it is plain text shown as text, and only to those
-- who may see the file.
CREATE TABLE item_notes (
    item TEXT PRIMARY KEY REFERENCES items (id),
    subject TEXT NOT NULL,
    message TEXT NOT NULL
);
