package jp.kakehashi.appliance.pipeline;

import jp.kakehashi.appliance.item.TransferItem;

/**
 * One step of a file's life: given the item as stored (and the plaintext copies of its workspace),
 * it does its work and says what comes next. It neither persists the item nor audits the outcome:
 * the {@link Pipeline} does both, in one transaction, so a stage can be run and tested alone.
 */
interface Stage {
    StageOutcome run(TransferItem item, Workspace workspace);
}
