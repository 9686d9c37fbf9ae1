-- What the first policy decision asks of the sanitizer (the profile per type, the archive limits),
-- kept with the item so that the disarm step uses that decision instead of deciding again under
-- whatever policy is in force by then. NULL until the item is decided.
ALTER TABLE items ADD COLUMN disarm_plan TEXT;
-- Items an earlier version decided have no plan: they are decided once more, from SCANNED.
UPDATE items SET state = 'SCANNED' WHERE state = 'POLICY_CHECKED';
