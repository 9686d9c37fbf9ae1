package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import jp.kakehashi.appliance.approval.Approvals;
import jp.kakehashi.appliance.audit.AuditKeys;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.index.SearchIndex;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.jdbc.JdbcApprovalStore;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.pipeline.Pipeline;
import jp.kakehashi.appliance.pipeline.PipelineParts;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.EncryptedFileBlobStore;
import jp.kakehashi.appliance.store.MasterKey;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.appliance.transfer.Drop;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.PolicyLoader;
import jp.kakehashi.sanitizer.ClamdClient;
import jp.kakehashi.sanitizer.Sanitizer;
import jp.kakehashi.sanitizer.SanitizerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24: the policy is decided once per item. A policy put in force between an item's decision
 * and its disarm step does not decide it again there: the file is disarmed under the limits it
 * was decided under (before, the disarm step decided again and the stricter archive limit blocked
 * a file that had already been let through). The content decision still reads the policy in force.
 */
class DecidedOnceIT {
    @TempDir
    Path tmp;

    @Test
    void aPolicyConfirmedAfterTheDecisionDoesNotDecideTheDisarmAgain() throws Exception {
        Policy stricter = PolicyLoader.read(
                new StringReader(PolicyIT.shippedPolicy().replace("max-entries: 10000", "max-entries: 1")),
                "stricter.yaml");
        AtomicReference<Policy> policy = new AtomicReference<>(PolicyLoader.shippedDefault());
        StageHook confirmedMeanwhile = new StageHook() {
            @Override
            public void persisted(String itemId, ItemState state) {
                if (state == ItemState.POLICY_CHECKED) {
                    policy.set(stricter);
                }
            }
        };
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
                Database db = Database.open(tmp.resolve("kakehashi.db"));
                SearchIndex index = SearchIndex.open(tmp.resolve("index"));
                AuditLog audit = AuditLog.open(
                        tmp.resolve("audit"),
                        AuditKeys.loadOrGenerate(
                                tmp.resolve("audit.key"), tmp.resolve("audit").resolve("audit-public.key"), random),
                        clock)) {
            Items items = new Items(db, new JdbcItemStore(), clock);
            EncryptedFileBlobStore blobs =
                    new EncryptedFileBlobStore(tmp, MasterKey.generate(tmp.resolve("master.key"), random), random);
            try (Pipeline pipeline = new Pipeline(
                    db,
                    items,
                    new Approvals(
                            db,
                            new JdbcApprovalStore(),
                            items,
                            new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(new SecureRandom()), clock),
                            clock),
                    user -> Set.of(),
                    PipelineParts.noFolders(),
                    blobs,
                    Sanitizer.create(SanitizerConfig.defaults()),
                    ClamdClient.create(ClamdClient.address(clamd.tcpAddress()), Duration.ofSeconds(30), 1L << 30),
                    policy::get,
                    index,
                    audit,
                    tmp.resolve("work"),
                    clock,
                    random,
                    1,
                    confirmedMeanwhile)) {
                pipeline.start();
                StoredBlob blob;
                try (var writer = blobs.create()) {
                    writer.write(PipelineParts.zipOfTexts(2));
                    blob = writer.commit();
                }
                TransferItem item = pipeline.receive(
                        new Drop(Flow.parse("internet->lgwan"), "acme", Optional.empty()),
                        "acme-user",
                        "internet",
                        "名簿.zip",
                        blob);

                TransferItem done = awaitFinal(pipeline, item.id());

                assertThat(done.state())
                        .as("%s: %s %s", done.state(), done.reasonCode(), done.reasonDetail())
                        .isEqualTo(ItemState.PUBLISHED);
                assertThat(done.renditionName()).isEqualTo("名簿.zip");
                assertThat(policy.get()).isSameAs(stricter);
            }
        }
    }

    private static TransferItem awaitFinal(Pipeline pipeline, String id) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            TransferItem item = pipeline.item(id).orElseThrow();
            if (item.state().terminal()) {
                return item;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("item " + id + " did not finish: " + pipeline.item(id));
    }
}
