package jp.kakehashi.appliance.pipeline;

import java.time.Clock;
import java.util.function.Supplier;
import jp.kakehashi.appliance.approval.Approvals;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.sanitizer.ClamdClient;
import jp.kakehashi.sanitizer.FileSanitizer;

/** The stage that takes an item on from each state: the one place the order of a file's life is written. */
record Stages(
        Stage detect,
        Stage scan,
        Stage decide,
        Stage disarm,
        Stage reserialize,
        Stage content,
        Stage approve,
        Stage publish) {

    static Stages of(
            Items items,
            Approvals approvals,
            Decider decider,
            Indexer indexer,
            BlobStore blobs,
            FileSanitizer sanitizer,
            ClamdClient clamd,
            Supplier<Policy> policy,
            AuditLog audit,
            Clock clock) {
        return new Stages(
                new DetectStage(sanitizer),
                new ScanStage(blobs, clamd),
                new DecideStage(policy, decider, items),
                new DisarmStage(sanitizer),
                new ReserializeStage(policy),
                new ContentStage(
                        policy,
                        decider,
                        items,
                        approvals,
                        new ApprovalFindings(items, sanitizer),
                        indexer,
                        sanitizer,
                        audit),
                new ApproveStage(approvals, indexer, sanitizer),
                new PublishStage(clock));
    }

    Stage forItem(TransferItem item) {
        return switch (item.state()) {
            case RECEIVED -> detect;
            case DETECTED -> scan;
            case SCANNED -> decide;
            case POLICY_CHECKED -> item.flow().to() == Zone.MYNUMBER ? reserialize : disarm;
            case SANITIZED -> content;
            case AWAITING_APPROVAL -> approve;
            case INDEXED -> publish;
            case PUBLISHED, BLOCKED, QUARANTINED, REJECTED, EXPIRED ->
                throw new IllegalStateException("item " + item.id() + " is final: " + item.state());
        };
    }
}
