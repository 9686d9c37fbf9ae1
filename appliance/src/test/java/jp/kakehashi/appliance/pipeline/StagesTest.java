package jp.kakehashi.appliance.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.appliance.item.DisarmPlan;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.EncryptedFileBlobStore;
import jp.kakehashi.appliance.store.MasterKey;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.policies.ArchiveRules;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.PolicyLoader;
import jp.kakehashi.sanitizer.Sanitizer;
import jp.kakehashi.sanitizer.SanitizerConfig;
import jp.kakehashi.sanitizer.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24: each stage read and run alone, on the real store, blob store and sanitizer: it reads
 * the item as stored and says what comes next, and the decision is made once — what it asks of the
 * sanitizer is recorded with the item, and the disarm step follows that record (it has no policy to
 * ask).
 */
class StagesTest {
    private static final Flow INBOUND = Flow.parse("internet->lgwan");

    @TempDir
    Path tmp;

    final Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());
    final Policy policy = PolicyLoader.shippedDefault();
    Database db;
    Items items;
    EncryptedFileBlobStore blobs;
    Workspace workspace;
    int serial;

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve("kakehashi.db"));
        items = new Items(db, new JdbcItemStore(), java.time.Clock.systemUTC());
        SecureRandom random = new SecureRandom();
        blobs = new EncryptedFileBlobStore(tmp, MasterKey.generate(tmp.resolve("master.key"), random), random);
    }

    @AfterEach
    void close() {
        if (workspace != null) {
            workspace.close();
        }
        db.close();
    }

    @Test
    void detectRecordsTheTrueTypeAndWhetherTheNameClaimsAnother() throws Exception {
        TransferItem pdfNamedTxt = received("請求書.txt", "%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

        StageOutcome outcome = new DetectStage(sanitizer).run(pdfNamedTxt, workspace(pdfNamedTxt));

        assertThat(outcome).isInstanceOfSatisfying(StageOutcome.Moved.class, m -> {
            assertThat(m.to()).isEqualTo(ItemState.DETECTED);
            assertThat(m.facts()).isEqualTo(new StepFacts.Detected("application/pdf", true));
        });
    }

    @Test
    void theDecisionRecordsWhatItAsksOfTheSanitizer() throws Exception {
        TransferItem item = at(received("名簿.zip", PipelineParts.zipOfTexts(2)), ItemState.SCANNED, "application/zip");

        StageOutcome outcome = decide().run(item, workspace(item));

        assertThat(outcome).isInstanceOfSatisfying(StageOutcome.Moved.class, m -> {
            assertThat(m.to()).isEqualTo(ItemState.POLICY_CHECKED);
            assertThat(m.details()).containsEntry("decision", "allow").containsEntry("rules", "inbound-documents");
            StepFacts.Checked checked = (StepFacts.Checked) m.facts();
            assertThat(checked.plan().defaultProfile()).isEqualTo("rebuild");
            assertThat(checked.plan().archives()).contains(new ArchiveRules(3, 10000, 2L << 30, 200));
            // Stored and read back whole: the disarm step reads it from the item.
            assertThat(DisarmPlan.parse(checked.plan().toJson())).isEqualTo(checked.plan());
        });
        assertThat(items.find(item.id()).orElseThrow().decision()).isEqualTo("allow");
    }

    @Test
    void aBlockStopsTheFileWithTheRuleThatBlockedIt() throws Exception {
        TransferItem item = at(received("請求書.pdf", "MZ"), ItemState.SCANNED, "application/x-msdownload", true);

        StageOutcome outcome = decide().run(item, workspace(item));

        assertThat(outcome).isInstanceOfSatisfying(StageOutcome.Stopped.class, s -> {
            assertThat(s.verdict()).isEqualTo(Verdict.BLOCKED);
            assertThat(s.code()).isEqualTo("TYPE_MISMATCH");
            assertThat(s.detail()).contains("拡張子と中身の種類が一致しません");
            assertThat(s.rules()).isEqualTo("inbound-mismatch");
        });
    }

    @Test
    void theRecordedArchiveLimitsAreTheOnesApplied() throws Exception {
        TransferItem item = at(received("名簿.zip", PipelineParts.zipOfTexts(2)), ItemState.SCANNED, "application/zip");
        TransferItem decided = move(
                item,
                new StageOutcome.Moved(
                        ItemState.POLICY_CHECKED,
                        new StepFacts.Checked(
                                "inbound-documents",
                                new DisarmPlan(
                                        "rebuild", Map.of(), Optional.of(new ArchiveRules(3, 1, 1L << 20, 200)))),
                        jp.kakehashi.appliance.audit.AuditType.ITEM_POLICY,
                        Map.of()));

        StageOutcome outcome = new DisarmStage(sanitizer).run(decided, workspace(decided));

        assertThat(outcome).isInstanceOfSatisfying(StageOutcome.Stopped.class, s -> {
            assertThat(s.code()).isEqualTo("ARCHIVE_LIMIT");
            assertThat(s.rules()).isEqualTo("inbound-documents");
        });
    }

    @Test
    void publishingSaysWhereTheFileNowIs() throws Exception {
        TransferItem item = at(received("案内.txt", "ご案内"), ItemState.INDEXED, "text/plain");

        StageOutcome outcome = new PublishStage(java.time.Clock.systemUTC()).run(item, workspace(item));

        assertThat(outcome).isInstanceOfSatisfying(StageOutcome.Moved.class, m -> {
            assertThat(m.to()).isEqualTo(ItemState.PUBLISHED);
            assertThat(m.facts()).isInstanceOf(StepFacts.Published.class);
            assertThat(m.details()).containsEntry("zone", "lgwan").containsEntry("organisation", "acme");
        });
    }

    private DecideStage decide() {
        return new DecideStage(() -> policy, new Decider(user -> Set.of(), PipelineParts.noFolders()), items);
    }

    private Workspace workspace(TransferItem item) {
        workspace = new Workspace(tmp.resolve("work"), item.id(), blobs);
        return workspace;
    }

    private TransferItem received(String name, String text) throws IOException {
        return received(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private TransferItem received(String name, byte[] bytes) throws IOException {
        StoredBlob blob;
        try (var writer = blobs.create()) {
            writer.write(bytes);
            blob = writer.commit();
        }
        return items.insertReceived(
                String.format("%024d", ++serial), INBOUND, "acme-user", "acme", Optional.empty(), name, blob);
    }

    /** The item as the steps before {@code state} would have left it, with its true type. */
    private TransferItem at(TransferItem item, ItemState state, String type) {
        return at(item, state, type, false);
    }

    private TransferItem at(TransferItem item, ItemState state, String type, boolean mismatch) {
        move(
                item,
                new StageOutcome.Moved(
                        ItemState.DETECTED,
                        new StepFacts.Detected(type, mismatch),
                        jp.kakehashi.appliance.audit.AuditType.ITEM_DETECTED,
                        Map.of()));
        if (state != ItemState.DETECTED) {
            assertThat(items.advance(item.id(), ItemState.DETECTED, state, new StepFacts.None()))
                    .isTrue();
        }
        return items.find(item.id()).orElseThrow();
    }

    private TransferItem move(TransferItem item, StageOutcome.Moved m) {
        boolean moved = db.writing(tx -> items.advanceIn(tx, item.id(), item.state(), m.to(), m.facts()));
        assertThat(moved).isTrue();
        return items.find(item.id()).orElseThrow();
    }
}
