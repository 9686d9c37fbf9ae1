-- A partner's file may be addressed to one person of the department (their account): then only
-- that person receives it. NULL: the whole department (or, for files from staff, not used).
ALTER TABLE items ADD COLUMN recipient TEXT;
