-- When retention claimed an item's original for erasure. The claim is taken in one transaction
-- with the check that no officer's release is open, and an officer cannot release a claimed
-- original: retention and a release from quarantine cannot both win (ATTACKS F-16). The bytes are
-- erased after the claim and original_purged_at is set after the bytes are gone.
ALTER TABLE items ADD COLUMN original_erasing_at TEXT;
