-- Retention: how long the item's original and published rendition live (seconds, from the
-- decision's rules; NULL = the policy's default), when it was published, and when the retention
-- job erased each copy.
ALTER TABLE items ADD COLUMN retain_originals INTEGER;
ALTER TABLE items ADD COLUMN retain_published INTEGER;
ALTER TABLE items ADD COLUMN published_at TEXT;
ALTER TABLE items ADD COLUMN original_purged_at TEXT;
ALTER TABLE items ADD COLUMN rendition_purged_at TEXT
