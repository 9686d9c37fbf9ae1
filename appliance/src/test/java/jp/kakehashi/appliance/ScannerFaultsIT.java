package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ATTACKS F-02: a clamd that accepts and never answers, and a clamd killed in the middle of a
 * stream. Either way the file is held before {@code SCANNED} with the reason in the audit trail,
 * never published unscanned, and completes once the scanner is back; but a file during which
 * clamd dies again and again is quarantined as {@code SCANNER_CRASH}, not retried for ever.
 */
class ScannerFaultsIT {
    @TempDir
    Path tmp;

    @Test
    void aScannerThatNeverAnswersHoldsTheFileUntilItAnswersAgain() throws Exception {
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 26);
                Appliance appliance = ApplianceHarness.start(tmp.resolve("data"), clamd.tcpAddress(), StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            clamd.freeze();
            try {
                TransferItem held = sendAndAwaitDeferral(appliance);
                assertThat(deferral(tmp.resolve("data"), held.id()))
                        .as("the reason is the scanner's silence")
                        .contains("did not reply within");
                Thread.sleep(2000);
                assertThat(appliance.items().find(held.id()).orElseThrow().state())
                        .as("still held while clamd hangs")
                        .isEqualTo(ItemState.DETECTED);
            } finally {
                clamd.thaw();
            }
            assertThat(awaitEnd(appliance, "議事録.txt").state()).isEqualTo(ItemState.PUBLISHED);
        }
    }

    /**
     * ATTACKS F-04: an LGWAN appliance has no freshclam, and a scanner on months-old signatures
     * misses what circulates now. Past {@code signatures-max-age} (30 days by default) files wait
     * with the age in the audit trail, and go on once the signatures are updated.
     */
    @Test
    void signaturesOlderThanAllowedHoldTheFileUntilTheyAreUpdated() throws Exception {
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 26)) {
            clamd.signaturesBuiltAt(Instant.now().minus(Duration.ofDays(45)));
            try (Appliance appliance =
                    ApplianceHarness.start(tmp.resolve("data"), clamd.tcpAddress(), StageHook.NONE)) {
                ApplianceHarness.addAccounts(appliance);
                assertThat(ApplianceConfig.DEFAULT_SIGNATURES_MAX_AGE).isEqualTo(Duration.ofDays(30));
                TransferItem held = sendAndAwaitDeferral(appliance);
                assertThat(deferral(tmp.resolve("data"), held.id()))
                        .contains("45 days ago, longer than the 30 days allowed")
                        .contains("ウイルス定義が 45 日前のもので古すぎます");

                clamd.signaturesBuiltAt(Instant.now().minus(Duration.ofDays(1)));
                assertThat(awaitEnd(appliance, "議事録.txt").state()).isEqualTo(ItemState.PUBLISHED);
            }
        }
    }

    @Test
    void aScannerKilledMidStreamHoldsTheFileUntilItIsBack() throws Exception {
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30)) {
            AtomicBoolean killed = new AtomicBoolean();
            StageHook killDuringScan = new StageHook() {
                @Override
                public void starting(String itemId, ItemState state) {
                    // An item in DETECTED is about to be streamed to clamd.
                    if (state == ItemState.DETECTED && killed.compareAndSet(false, true)) {
                        CompletableFuture.delayedExecutor(150, TimeUnit.MILLISECONDS)
                                .execute(() -> {
                                    try {
                                        clamd.crash();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                });
                    }
                }
            };
            try (Appliance appliance =
                    ApplianceHarness.start(tmp.resolve("data"), clamd.tcpAddress(), killDuringScan)) {
                ApplianceHarness.addAccounts(appliance);
                try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user");
                        OutputStream out = partner.sftp().write("/to-city/台帳.txt")) {
                    writeLedger(out);
                }
                TransferItem held = awaitDeferred(appliance, "台帳.txt");
                assertThat(killed).isTrue();
                assertThat(held.state()).isEqualTo(ItemState.DETECTED);
                assertThat(deferral(tmp.resolve("data"), held.id()))
                        .as("cut off while streaming, not refused before it")
                        .isNotBlank()
                        .doesNotContainIgnoringCase("Connection refused");
                clamd.restart();
                assertThat(awaitEnd(appliance, "台帳.txt").state()).isEqualTo(ItemState.PUBLISHED);
            }
        }
    }

    @Test
    void aFileDuringWhichTheScannerDiesAgainAndAgainIsQuarantined() throws Exception {
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30)) {
            AtomicInteger kills = new AtomicInteger();
            StageHook killEveryScan = new StageHook() {
                @Override
                public void starting(String itemId, ItemState state) {
                    if (state == ItemState.DETECTED) {
                        CompletableFuture.delayedExecutor(150, TimeUnit.MILLISECONDS)
                                .execute(() -> {
                                    try {
                                        clamd.crash();
                                        kills.incrementAndGet();
                                        clamd.restart();
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    }
                                });
                    }
                }
            };
            try (Appliance appliance = ApplianceHarness.start(tmp.resolve("data"), clamd.tcpAddress(), killEveryScan)) {
                ApplianceHarness.addAccounts(appliance);
                try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user");
                        OutputStream out = partner.sftp().write("/to-city/台帳.txt")) {
                    writeLedger(out);
                }
                TransferItem item = awaitEnd(appliance, "台帳.txt");
                assertThat(item.state()).isEqualTo(ItemState.QUARANTINED);
                assertThat(item.reasonCode()).isEqualTo("SCANNER_CRASH");
                assertThat(kills.get()).isGreaterThanOrEqualTo(3);
            }
        }
    }

    /** 96 MiB of text: long enough to stream that clamd is still reading it 150 ms after the start. */
    private static void writeLedger(OutputStream out) throws java.io.IOException {
        byte[] line = "台帳の行です。架け橋の試験データ。\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < (96 << 20) / line.length; i++) {
            out.write(line);
        }
    }

    /** A partner sends 議事録.txt over SFTP; it is held before {@code SCANNED}, its scan deferred. */
    private static TransferItem sendAndAwaitDeferral(Appliance appliance) throws Exception {
        try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
            EndToEndIT.put(partner.sftp(), "/to-city/議事録.txt", ApplianceHarness.utf8("第3回 会議の議事録\n"));
        }
        TransferItem held = awaitDeferred(appliance, "議事録.txt");
        assertThat(held.state()).isEqualTo(ItemState.DETECTED);
        return held;
    }

    private static TransferItem awaitDeferred(Appliance appliance, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<TransferItem> items = appliance.items().bySender("acme-user");
            if (!items.isEmpty()
                    && items.get(0).name().equals(name)
                    && items.get(0).attempts() > 0) {
                return items.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                name + " was never deferred: " + appliance.items().bySender("acme-user"));
    }

    private static TransferItem awaitEnd(Appliance appliance, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        TransferItem item = appliance.items().bySender("acme-user").get(0);
        while (!item.state().terminal() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            item = appliance.items().find(item.id()).orElseThrow();
        }
        assertThat(item.name()).isEqualTo(name);
        return item;
    }

    /** The detail of the item's SCAN_DEFERRED record. */
    private static String deferral(Path data, String item) {
        return AuditLog.readRecords(data.resolve("audit")).stream()
                .filter(r -> r.path("type").asText().equals("SCAN_DEFERRED")
                        && r.path("item").asText().equals(item))
                .map(r -> r.path("data").path("detail"))
                .map(JsonNode::asText)
                .findFirst()
                .orElse("");
    }
}
