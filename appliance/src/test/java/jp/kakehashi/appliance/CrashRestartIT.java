package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditVerifier;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ATTACKS F-06: the pipeline is stopped dead before each step's side effects and after each
 * persisted state (its only worker thread dies, as in a killed process), the appliance is
 * restarted on the same data, and the item must end published exactly once: one publication
 * record, one index entry, an audit chain that still verifies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRestartIT {
    @TempDir
    static Path tmp;

    Clamd clamd;

    @BeforeAll
    void startClamd() throws Exception {
        clamd = Clamd.start(tmp.resolve("clamd"), 1L << 26);
    }

    @AfterAll
    void stopClamd() throws Exception {
        clamd.close();
    }

    /** Thrown from the hook: an Error, so no step's error handling can swallow it. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash", null, false, false);
        }
    }

    @ParameterizedTest(name = "crash {0} {1}")
    @CsvSource({
        "before, RECEIVED", "before, DETECTED", "before, SCANNED", "before, POLICY_CHECKED", "before, SANITIZED",
                "before, INDEXED",
        "after, DETECTED", "after, SCANNED", "after, POLICY_CHECKED", "after, SANITIZED", "after, INDEXED",
                "after, PUBLISHED",
    })
    void everyItemIsPublishedExactlyOnceAfterARestart(String when, ItemState state) throws Exception {
        Path data = tmp.resolve(when + "-" + state);
        AtomicBoolean crashed = new AtomicBoolean();
        CountDownLatch dead = new CountDownLatch(1);
        StageHook crashOnce = new StageHook() {
            @Override
            public void starting(String itemId, ItemState s) {
                if (when.equals("before")) {
                    maybeCrash(s);
                }
            }

            @Override
            public void persisted(String itemId, ItemState s) {
                if (when.equals("after") && Thread.currentThread().getName().startsWith("pipeline-")) {
                    maybeCrash(s);
                }
            }

            private void maybeCrash(ItemState s) {
                if (s == state && crashed.compareAndSet(false, true)) {
                    dead.countDown();
                    throw new SimulatedCrash();
                }
            }
        };
        String id;
        try (Appliance first = ApplianceHarness.start(data, clamd.tcpAddress(), crashOnce, 1)) {
            ApplianceHarness.addAccounts(first);
            try (var partner = ApplianceHarness.login(first.sftpPort(Zone.INTERNET), "acme-user")) {
                EndToEndIT.put(partner.sftp(), "/to-city/仕様書.docx", Specimens.docx("仕様書の本文です。入札について。"));
            }
            assertThat(dead.await(60, TimeUnit.SECONDS))
                    .as("the pipeline reached the crash point")
                    .isTrue();
            id = first.items().bySender("acme-user").get(0).id();
            Thread.sleep(300);
            TransferItem stopped = first.items().find(id).orElseThrow();
            assertThat(stopped.state()).isEqualTo(state);
        }
        try (Appliance second = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE, 1)) {
            TransferItem item = await(second, id);
            assertThat(item.state()).isEqualTo(ItemState.PUBLISHED);
            assertThat(second.items().all()).hasSize(1);
            assertThat(second.index().search("入札", Zone.LGWAN, Optional.empty(), 10))
                    .containsExactly(id);
            try (var staff = ApplianceHarness.login(second.sftpPort(Zone.LGWAN), "tanaka")) {
                assertThat(EndToEndIT.list(staff.sftp(), "/from-partners/acme")).containsExactly("仕様書.docx");
            }
        }
        Path audit = data.resolve("audit");
        assertThat(AuditVerifier.verify(audit).ok())
                .as(AuditVerifier.verify(audit).problem())
                .isTrue();
        List<String> published = AuditLog.readRecords(audit).stream()
                .filter(r -> r.path("type").asText().equals("ITEM_PUBLISHED")
                        && r.path("item").asText().equals(id))
                .map(r -> r.path("seq").asText())
                .toList();
        // A crash after PUBLISHED was persisted leaves its record; recovery must not publish again.
        assertThat(published).hasSize(1);
    }

    private static TransferItem await(Appliance appliance, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        TransferItem item = appliance.items().find(id).orElseThrow();
        while (!item.state().terminal() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            item = appliance.items().find(id).orElseThrow();
        }
        return item;
    }
}
