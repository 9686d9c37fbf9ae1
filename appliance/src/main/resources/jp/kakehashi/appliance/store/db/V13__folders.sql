-- Shared folders (共有フォルダ): one original per file, every change a new version.
CREATE TABLE folders (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL UNIQUE,
    purpose     TEXT NOT NULL,
    department  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- Members: a staff or partner account (USER) or a whole partner organisation (ORGANISATION),
-- each with a role and an optional end; a row past its end grants nothing.
CREATE TABLE folder_members (
    folder      INTEGER NOT NULL REFERENCES folders (id),
    kind        TEXT NOT NULL,
    who         TEXT NOT NULL,
    role        TEXT NOT NULL,
    until       TEXT,
    added_by    TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    PRIMARY KEY (folder, kind, who)
);

-- Files of a folder; name_key is the NFKC, case-folded name, so ｒｅｐｏｒｔ.pdf and Report.pdf are one file.
CREATE TABLE folder_files (
    id          INTEGER PRIMARY KEY,
    folder      INTEGER NOT NULL REFERENCES folders (id),
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (folder, name_key)
);

-- Versions: numbered from 1 per file; the bytes are a transfer item that crosses through the pipeline.
CREATE TABLE file_versions (
    file          INTEGER NOT NULL REFERENCES folder_files (id),
    number        INTEGER NOT NULL,
    item          TEXT NOT NULL REFERENCES items (id),
    zone          TEXT NOT NULL,
    author        TEXT NOT NULL,
    based_on      INTEGER NOT NULL,
    restored_from INTEGER,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (file, number)
);

-- Check-out locks: one holder per file until the lock is released or runs out.
CREATE TABLE file_locks (
    file        INTEGER PRIMARY KEY REFERENCES folder_files (id),
    holder      TEXT NOT NULL,
    until       TEXT NOT NULL,
    taken_at    TEXT NOT NULL
);
