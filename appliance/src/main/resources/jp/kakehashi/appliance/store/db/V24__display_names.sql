-- The names people know each other by: a person's 氏名 and a partner organisation's 団体名, shown
-- wherever a page, a receipt or a notice names a sender or a recipient. The ids stay the keys.
ALTER TABLE accounts ADD COLUMN display_name TEXT;

CREATE TABLE organisations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
