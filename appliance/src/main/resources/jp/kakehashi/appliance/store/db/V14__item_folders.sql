-- A transfer item that is a version of a shared-folder file names its folder. Such an item is
-- delivered only through the folder (to its members, per version), never to an inbox, the
-- SFTP delivery tree, inbox search or PPAP, so every inbox query asks for folder IS NULL.
ALTER TABLE items ADD COLUMN folder INTEGER REFERENCES folders (id);
CREATE INDEX items_folder ON items (folder);
