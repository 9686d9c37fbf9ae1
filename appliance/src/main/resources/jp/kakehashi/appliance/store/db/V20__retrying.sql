-- Why an item is waiting to be tried again (SCANNER_UNAVAILABLE, INTERNAL_ERROR); NULL when it is
-- not. Shown to the sender as 保留 with the reason and the time of the next try, so a file held by
-- an outage is not mistaken for a lost one; cleared when the item moves on.
ALTER TABLE items ADD COLUMN retry_reason TEXT;
