package jp.kakehashi.appliance.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.sanitizer.Detection;
import jp.kakehashi.sanitizer.FileSanitizer;
import jp.kakehashi.sanitizer.ResourceLimitException;
import jp.kakehashi.sanitizer.Verdict;

/**
 * RECEIVED → DETECTED: the file's true type from its content, and whether its name claims
 * another. Recorded once; every later step reads it from the item.
 */
final class DetectStage implements Stage {
    private final FileSanitizer sanitizer;

    DetectStage(FileSanitizer sanitizer) {
        this.sanitizer = requireNonNull(sanitizer, "sanitizer");
    }

    @Override
    public StageOutcome run(TransferItem item, Workspace workspace) {
        Detection d;
        try {
            d = sanitizer.detect(workspace.original(item), item.name());
        } catch (ResourceLimitException e) {
            return new StageOutcome.Stopped(
                    Verdict.BLOCKED, e.reason().code().name(), e.reason().detail(), "");
        }
        return new StageOutcome.Moved(
                ItemState.DETECTED,
                new StepFacts.Detected(d.mediaType(), d.mismatch()),
                AuditType.ITEM_DETECTED,
                Map.of("detectedType", d.mediaType(), "typeMismatch", String.valueOf(d.mismatch())));
    }
}
