package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Retrying;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step that fails for a reason outside the file (a disk, the database, a worker) holds the item
 * (保留) with the reason its sender reads and tries again later and later; it is counted, audited
 * once, and the item goes on by itself once the fault is gone. Before, such an item was tried every
 * minute for ever with its count stuck at 1 and nothing to tell anyone why it waited.
 */
class HeldItemsIT {
    private static final int FAULTS = 3;

    @TempDir
    Path tmp;

    @Test
    void anItemHeldByAnInternalFaultIsCountedAuditedOnceShownAndGoesOnWhenTheFaultIsGone() throws Exception {
        AtomicInteger faults = new AtomicInteger();
        StageHook failingDisk = new StageHook() {
            @Override
            public void starting(String itemId, ItemState state) {
                // The policy step is about to run: the disk under it fails three times.
                if (state == ItemState.SCANNED && faults.getAndIncrement() < FAULTS) {
                    throw new java.io.UncheckedIOException(new java.io.IOException("No space left on device (test)"));
                }
            }
        };
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 26);
                Appliance appliance = ApplianceHarness.start(tmp.resolve("data"), clamd.tcpAddress(), failingDisk)) {
            ApplianceHarness.addAccounts(appliance);
            try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
                EndToEndIT.put(partner.sftp(), "/to-city/見積書.txt", ApplianceHarness.utf8("見積書 第2版\n"));
            }

            List<Duration> waits = new ArrayList<>();
            int seen = 0;
            TransferItem item = latest(appliance);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!item.state().terminal() && System.nanoTime() < deadline) {
                if (item.attempts() > seen && item.retrying().isPresent()) {
                    seen = item.attempts();
                    Retrying r = item.retrying().get();
                    assertThat(r.reason()).isEqualTo(Retrying.Reason.INTERNAL_ERROR);
                    assertThat(item.state()).as("held where it failed").isEqualTo(ItemState.SCANNED);
                    waits.add(Duration.between(Instant.now(), r.next()));
                }
                Thread.sleep(100);
                item = appliance.items().find(item.id()).orElseThrow();
            }

            assertThat(item.state()).as("goes on once the disk is back").isEqualTo(ItemState.PUBLISHED);
            assertThat(seen).as("each failure counted").isEqualTo(FAULTS);
            assertThat(waits).hasSize(FAULTS);
            assertThat(waits.get(2))
                    .as("the wait grows")
                    .isGreaterThan(waits.get(0).plusSeconds(3));
            assertThat(item.retrying()).as("no longer held").isEmpty();
            assertThat(item.attempts()).isZero();
            var held = AuditLog.readRecords(tmp.resolve("data").resolve("audit")).stream()
                    .filter(r -> r.path("type").asText().equals("ITEM_HELD"))
                    .toList();
            assertThat(held)
                    .as("audited once for the run of failures, with the cause")
                    .hasSize(1);
            assertThat(held.get(0).path("item").asText()).isEqualTo(item.id());
            assertThat(held.get(0).path("data").path("detail").asText()).contains("No space left on device");
        }
    }

    @Test
    void theWaitDoublesUpToEachReasonsLongest() {
        assertThat(Retrying.Reason.INTERNAL_ERROR.waitAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Retrying.Reason.INTERNAL_ERROR.waitAfter(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(Retrying.Reason.INTERNAL_ERROR.waitAfter(40)).isEqualTo(Duration.ofMinutes(15));
        assertThat(Retrying.Reason.SCANNER_UNAVAILABLE.waitAfter(40)).isEqualTo(Duration.ofMinutes(1));
    }

    private static TransferItem latest(Appliance appliance) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            List<TransferItem> items = appliance.items().bySender("acme-user");
            if (!items.isEmpty()) {
                return items.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("nothing received");
    }
}
