package jp.kakehashi.appliance.pipeline;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import jp.kakehashi.appliance.approval.ApprovalRequest;
import jp.kakehashi.appliance.approval.ApprovalState;
import jp.kakehashi.appliance.approval.Approvals;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.store.Sha256;
import jp.kakehashi.sanitizer.FileSanitizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWAITING_APPROVAL → INDEXED once every request is approved: the rendition must still be, byte
 * for byte, the one the approvals were given for; any difference voids them (the four eyes saw
 * other bytes).
 */
final class ApproveStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(ApproveStage.class);

    private final Approvals approvals;
    private final Indexer indexer;
    private final FileSanitizer sanitizer;

    ApproveStage(Approvals approvals, Indexer indexer, FileSanitizer sanitizer) {
        this.approvals = requireNonNull(approvals, "approvals");
        this.indexer = requireNonNull(indexer, "indexer");
        this.sanitizer = requireNonNull(sanitizer, "sanitizer");
    }

    @Override
    public StageOutcome run(TransferItem item, Workspace workspace) {
        List<ApprovalRequest> requests = approvals.forItem(item.id());
        if (requests.isEmpty() || requests.stream().anyMatch(r -> r.state() != ApprovalState.APPROVED)) {
            return StageOutcome.Waiting.still();
        }
        String actual;
        try {
            actual = Sha256.of(workspace.rendition(item));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rendition of " + item.id(), e);
        }
        for (ApprovalRequest r : requests) {
            if (!r.sha256().equals(item.renditionSha256()) || !r.sha256().equals(actual)) {
                log.warn("item {}: rendition {} is not the approved {}; approvals void", item.id(), actual, r.sha256());
                approvals.voidFor(item.id(), "approved " + r.sha256() + ", rendition is " + actual);
                return StageOutcome.Waiting.still();
            }
        }
        return indexer.indexed(item, sanitizer.extractText(workspace.rendition(item), item.renditionType()));
    }
}
