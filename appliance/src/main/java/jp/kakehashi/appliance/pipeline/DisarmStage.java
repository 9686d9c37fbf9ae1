package jp.kakehashi.appliance.pipeline;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.item.DisarmPlan;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.sanitizer.Detection;
import jp.kakehashi.sanitizer.DisarmResult;
import jp.kakehashi.sanitizer.FileSanitizer;
import jp.kakehashi.sanitizer.ResourceLimitException;

/**
 * POLICY_CHECKED → SANITIZED: the file rebuilt without active content, with the profiles and
 * archive limits its decision recorded, and verified by the sanitizer before it is kept. A file
 * that cannot be disarmed under them is stopped with the sanitizer's reason.
 */
final class DisarmStage implements Stage {
    private final FileSanitizer sanitizer;

    DisarmStage(FileSanitizer sanitizer) {
        this.sanitizer = requireNonNull(sanitizer, "sanitizer");
    }

    @Override
    public StageOutcome run(TransferItem item, Workspace workspace) {
        DisarmPlan plan = item.disarmPlan()
                .orElseThrow(() -> new IllegalStateException("item " + item.id() + " reached disarm undecided"));
        DisarmResult result;
        try {
            result = sanitizer.disarm(
                    workspace.original(item), recordedDetection(item), workspace.dir(), PolicyDisarmOptions.of(plan));
        } catch (ResourceLimitException e) {
            result = new DisarmResult.Refused(e.reason());
        }
        return switch (result) {
            case DisarmResult.Refused r ->
                new StageOutcome.Stopped(
                        r.reason().code().verdict(),
                        r.reason().code().name(),
                        r.reason().detail(),
                        item.rules());
            case DisarmResult.Disarmed d -> sanitized(item, d, workspace);
        };
    }

    /**
     * The detection made at RECEIVED, as recorded. The disarmers read the true type and the
     * declared extension; whether the name matched was decided then, so the type's usual
     * extension is not needed again.
     */
    static Detection recordedDetection(TransferItem item) {
        return new Detection(item.detectedType(), "", Detection.extensionOf(item.name()));
    }

    private static StageOutcome sanitized(TransferItem item, DisarmResult.Disarmed d, Workspace workspace) {
        Path output = d.output();
        StoredBlob rendition = workspace.keepRendition(output);
        String name = d.nameFor(item.name());
        String removals = Removals.toJson(d.removals());
        return new StageOutcome.Moved(
                ItemState.SANITIZED,
                new StepFacts.Rendition(rendition, name, d.mediaType(), removals),
                AuditType.ITEM_SANITIZED,
                Map.of(
                        "verdict", d.verdict().word(),
                        "method", d.method().word(),
                        "removed", removals,
                        "rendition", name,
                        "renditionSha256", rendition.sha256()));
    }
}
