-- The facts each policy decision was made on (JSON, DLP findings masked) and the decision
-- (allow, approval, block): policy explain shows them, policy simulate replays them.
ALTER TABLE items ADD COLUMN facts TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN decision TEXT NOT NULL DEFAULT '';
CREATE INDEX items_created ON items (created_at);
