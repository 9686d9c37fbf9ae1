-- The newest version of each folder file each account has fetched. An SFTP client cannot say
-- which version its edit started from, so its upload is taken to be based on the newest
-- version it fetched or wrote; anything newer written meanwhile makes the upload a conflict.
CREATE TABLE folder_reads (
    file        INTEGER NOT NULL REFERENCES folder_files (id),
    account     TEXT NOT NULL,
    number      INTEGER NOT NULL,
    read_at     TEXT NOT NULL,
    PRIMARY KEY (file, account)
);
