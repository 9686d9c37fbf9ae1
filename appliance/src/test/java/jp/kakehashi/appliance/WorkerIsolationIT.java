package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.appliance.workers.WorkerLimits;
import jp.kakehashi.appliance.workers.WorkerPool;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.sanitizer.ArchiveLimits;
import jp.kakehashi.sanitizer.Detection;
import jp.kakehashi.sanitizer.DisarmResult;
import jp.kakehashi.sanitizer.ImageLimits;
import jp.kakehashi.sanitizer.ReasonCode;
import jp.kakehashi.sanitizer.SanitizerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §7 and ATTACKS F-11: untrusted files are parsed in worker processes with a capped heap
 * and a time budget; a file that exhausts either ends as RESOURCE_LIMIT and nothing else waits.
 */
class WorkerIsolationIT {
    private static final int BOMB_SIDE = 7000; // 49 megapixels: under the header limit, 147 MB decoded

    @TempDir
    Path tmp;

    @Test
    void aFileThatExhaustsTheWorkerHeapIsBlockedWhileACleanFileSentAtTheSameMomentIsPublished() throws Exception {
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 26);
                Appliance appliance = Appliance.start(
                        ApplianceHarness.config(tmp.resolve("data"), clamd.tcpAddress())
                                .withSanitizerWorkers(new WorkerLimits(96L << 20, Duration.ofSeconds(60), 500)),
                        Clock.systemUTC(),
                        new SecureRandom(),
                        StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            // Without its end chunk: the lossless PNG path declines it, so the worker decodes it to pixels
            // (a well-formed PNG of this size is copied without decoding and is no bomb any more).
            byte[] whole = Specimens.pngOfSize(BOMB_SIDE, BOMB_SIDE);
            byte[] bomb = java.util.Arrays.copyOf(whole, whole.length - 12);
            byte[] clean = Specimens.docx("予算の見積書です");
            try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
                EndToEndIT.put(partner.sftp(), "/to-city/bomb.png", bomb);
                EndToEndIT.put(partner.sftp(), "/to-city/見積書.docx", clean);
            }
            List<TransferItem> items = awaitFinal(appliance, 2);
            TransferItem hostile = byName(items, "bomb.png");
            assertThat(hostile.state()).isEqualTo(ItemState.BLOCKED);
            assertThat(hostile.reasonCode()).isEqualTo(ReasonCode.RESOURCE_LIMIT.name());
            assertThat(hostile.reasonDetail()).contains("memory");
            assertThat(byName(items, "見積書.docx").state()).isEqualTo(ItemState.PUBLISHED);

            // The pool replaced the worker that died; the next file is served as usual.
            try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
                EndToEndIT.put(partner.sftp(), "/to-city/memo.txt", "次回の打合せ\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(byName(awaitFinal(appliance, 3), "memo.txt").state()).isEqualTo(ItemState.PUBLISHED);
        }
    }

    @Test
    void aFileThatRunsPastTheTimeBudgetIsStoppedAndTheNextFileGetsAFreshWorker() throws Exception {
        SanitizerConfig config = new SanitizerConfig(
                new ArchiveLimits(1_000_000, 1L << 30, 200, 4L << 20, 16 << 20, 3),
                1_000_000,
                1_000_000,
                ImageLimits.defaults());
        Path zip = tmp.resolve("many.zip");
        Files.write(zip, zipOfTinyTexts(60_000));
        Path text = tmp.resolve("memo.txt");
        Files.writeString(text, "打合せ\n");
        try (WorkerPool pool =
                new WorkerPool(config, new WorkerLimits(256L << 20, Duration.ofSeconds(1), 500), 1, tmp)) {
            DisarmResult slow = pool.disarm(zip, new Detection("application/zip", ".zip", ".zip"), tmp);
            assertThat(slow).isInstanceOfSatisfying(DisarmResult.Refused.class, r -> {
                assertThat(r.reason().code()).isEqualTo(ReasonCode.RESOURCE_LIMIT);
                assertThat(r.reason().detail()).contains("time budget");
            });
            assertThat(pool.disarm(text, pool.detect(text, "memo.txt"), tmp)).isInstanceOf(DisarmResult.Disarmed.class);
        }
    }

    @Test
    void workersAreRecycledAfterTheirQuotaAndHaveNoNetwork() throws Exception {
        Path text = tmp.resolve("memo.txt");
        Files.writeString(text, "打合せ\n");
        try (WorkerPool pool = new WorkerPool(
                SanitizerConfig.defaults(), new WorkerLimits(128L << 20, Duration.ofSeconds(60), 2), 1, tmp)) {
            Detection d = pool.detect(text, "memo.txt");
            long first = pool.idleWorkerPids().getFirst();
            if (pool.networkIsolated()) {
                assertThat(Files.readSymbolicLink(Path.of("/proc", String.valueOf(first), "ns", "net")))
                        .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/net")));
            }
            assertThat(pool.disarm(text, d, tmp)).isInstanceOf(DisarmResult.Disarmed.class);
            assertThat(pool.idleWorkerPids()).isEmpty(); // served its two files and was retired
            pool.detect(text, "memo.txt");
            assertThat(pool.idleWorkerPids()).doesNotContain(first).hasSize(1);
        }
    }

    /**
     * Text a worker cannot read is said to be unreadable, not returned as no text: DLP must not
     * take an unread file for one without an Individual Number (the policy blocks it going out).
     */
    @Test
    void textAWorkerCannotReadIsUnreadableNotEmpty() throws Exception {
        Path notAZip = tmp.resolve("名簿.zip");
        Files.writeString(notAZip, "氏名,個人番号\n山田,123456789018\n");
        Path photo = tmp.resolve("写真.txt");
        Files.writeString(photo, "");
        try (WorkerPool pool = new WorkerPool(SanitizerConfig.defaults(), WorkerLimits.defaults(), 1, tmp)) {
            assertThat(pool.readText(notAZip, "application/zip"))
                    .isInstanceOf(jp.kakehashi.sanitizer.TextResult.Unreadable.class);
            assertThat(pool.extractText(notAZip, "application/zip"))
                    .as("the index gets no text")
                    .isEmpty();
            assertThat(pool.readText(photo, "text/plain"))
                    .as("a file with no text is read, and empty")
                    .isEqualTo(new jp.kakehashi.sanitizer.TextResult.Read(""));
        }
    }

    @Test
    void thisMachineIsolatesWorkersFromTheNetwork() {
        // CI runs as root on Linux, where unshare works; a kernel without it is reported at start.
        try (WorkerPool pool = new WorkerPool(SanitizerConfig.defaults(), WorkerLimits.defaults(), 1, tmp)) {
            assertThat(pool.networkIsolated()).isTrue();
        }
    }

    private static byte[] zipOfTinyTexts(int entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < entries; i++) {
                zip.putNextEntry(new ZipEntry("m" + i + ".txt"));
                zip.write(("行 " + i + "\n").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static List<TransferItem> awaitFinal(Appliance appliance, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        List<TransferItem> items = appliance.items().bySender("acme-user");
        while (System.nanoTime() < deadline
                && (items.size() < count
                        || !items.stream().allMatch(i -> i.state().terminal()))) {
            Thread.sleep(200);
            items = appliance.items().bySender("acme-user");
        }
        return items;
    }

    private static TransferItem byName(List<TransferItem> items, String name) {
        return items.stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }
}
