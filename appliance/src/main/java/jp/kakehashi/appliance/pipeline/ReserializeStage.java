package jp.kakehashi.appliance.pipeline;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.PolicyReason;
import jp.kakehashi.policies.imports.ImportRefused;
import jp.kakehashi.policies.imports.ImportRewriter;
import jp.kakehashi.policies.imports.ImportSchema;
import jp.kakehashi.sanitizer.Verdict;

/**
 * POLICY_CHECKED → SANITIZED for data bound for the My Number zone: not disarmed but read against
 * the layout the policy declares for its name and written anew (DESIGN: never passed byte for
 * byte); a file no layout names, or a row that does not fit, is blocked with the row and column.
 */
final class ReserializeStage implements Stage {
    private final Supplier<Policy> policy;

    ReserializeStage(Supplier<Policy> policy) {
        this.policy = requireNonNull(policy, "policy");
    }

    @Override
    public StageOutcome run(TransferItem item, Workspace workspace) {
        Optional<ImportSchema> schema = policy.get().importFor(item.name());
        if (schema.isEmpty()) {
            return new StageOutcome.Stopped(
                    Verdict.BLOCKED, PolicyReason.IMPORT_NOT_DECLARED.name(), item.name(), item.rules());
        }
        Path output = workspace.dir().resolve("import.out");
        long rows;
        try (InputStream in = Files.newInputStream(workspace.original(item));
                OutputStream out = Files.newOutputStream(output)) {
            rows = ImportRewriter.rewrite(schema.get(), in, out);
        } catch (ImportRefused e) {
            return new StageOutcome.Stopped(
                    Verdict.BLOCKED,
                    PolicyReason.IMPORT_INVALID.name(),
                    schema.get().id() + ": " + e.getMessage(),
                    item.rules());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot re-write the import data of item " + item.id(), e);
        }
        StoredBlob rendition = workspace.keepRendition(output);
        return new StageOutcome.Moved(
                ItemState.SANITIZED,
                new StepFacts.Rendition(rendition, item.name(), item.detectedType(), "[]"),
                AuditType.ITEM_SANITIZED,
                Map.of(
                        "method", "reserialized",
                        "import", schema.get().id(),
                        "rows", String.valueOf(rows),
                        "renditionSha256", rendition.sha256()));
    }
}
