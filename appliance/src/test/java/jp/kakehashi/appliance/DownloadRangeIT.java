package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads resume (ISSUE 27 §4): {@code curl -r} gets exactly the bytes asked for, {@code curl
 * -C -} finishes a cut-off download, checked by hash; {@code If-Range} with another version's tag
 * gets the whole file, and a range past the end gets 416.
 */
class DownloadRangeIT {
    @TempDir
    Path tmp;

    @Test
    void rangesAndResumedDownloadsGiveTheRightBytes() throws Exception {
        Path data = tmp.resolve("data");
        byte[] file = new byte[3 * 1024 * 1024 + 17];
        new SecureRandom().nextBytes(file);
        // The pipeline waits before its first step until the test ends: the test publishes the upload itself.
        CountDownLatch ended = new CountDownLatch(1);
        StageHook hold = new StageHook() {
            @Override
            public void starting(String itemId, ItemState state) {
                try {
                    ended.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (Appliance appliance = Appliance.start(
                ApplianceHarness.config(data, "tcp://127.0.0.1:9", 1), Clock.systemUTC(), new SecureRandom(), hold)) {
            try {
                check(appliance, data, file);
            } finally {
                ended.countDown();
            }
        }
    }

    private void check(Appliance appliance, Path data, byte[] file) throws Exception {
        ApplianceHarness.addAccounts(appliance);
        try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
            EndToEndIT.put(partner.sftp(), "/to-city/測量データ.bin", file);
        }
        String id = appliance.items().bySender("acme-user").get(0).id();
        ApplianceHarness.publishAsIs(appliance, id);
        TransferItem item = appliance.items().find(id).orElseThrow();
        String url = "https://127.0.0.1:" + appliance.httpsPort(Zone.LGWAN) + "/api/v1/files/" + item.id() + "/content";
        String auth = "Authorization: Bearer " + ApplianceHarness.apiToken(data, "tanaka");

        // curl -r: one range, 206, exactly those bytes.
        Path part = tmp.resolve("part.bin");
        Path headers = tmp.resolve("headers.txt");
        assertThat(curl("-H", auth, "-r", "1000-200999", "-D", headers.toString(), "-o", part.toString(), url))
                .isEqualTo("206");
        assertThat(Files.readAllBytes(part)).isEqualTo(Arrays.copyOfRange(file, 1000, 201_000));
        String head = Files.readString(headers).toLowerCase(java.util.Locale.ROOT);
        assertThat(head)
                .contains("content-range: bytes 1000-200999/" + file.length)
                .contains("accept-ranges: bytes");
        String etag = head.lines()
                .filter(l -> l.startsWith("etag:"))
                .findFirst()
                .orElseThrow()
                .substring(5)
                .strip();
        assertThat(etag).as("no internal id in the tag").doesNotContain(item.renditionBlob());

        // curl -C -: a download cut off after 1 MB goes on from there and is whole.
        Path resumed = tmp.resolve("resumed.bin");
        Files.write(resumed, Arrays.copyOf(file, 1 << 20));
        assertThat(curl("-H", auth, "-C", "-", "-o", resumed.toString(), url)).isEqualTo("206");
        assertThat(sha256(Files.readAllBytes(resumed))).isEqualTo(sha256(file)).isEqualTo(item.sha256());

        // If-Range naming another version: the whole file, not a splice of two.
        Path whole = tmp.resolve("whole.bin");
        assertThat(curl("-H", auth, "-H", "If-Range: \"0000\"", "-r", "0-99", "-o", whole.toString(), url))
                .isEqualTo("200");
        assertThat(Files.size(whole)).isEqualTo(file.length);
        assertThat(curl("-H", auth, "-H", "If-Range: " + etag, "-r", "0-99", "-o", whole.toString(), url))
                .isEqualTo("206");
        assertThat(Files.size(whole)).isEqualTo(100);

        // Past the end: 416, with the size to start over from.
        assertThat(curl("-H", auth, "-r", file.length + "-", "-D", headers.toString(), "-o", "/dev/null", url))
                .isEqualTo("416");
        assertThat(Files.readString(headers).toLowerCase(java.util.Locale.ROOT))
                .contains("content-range: bytes */" + file.length);
    }

    /** Runs curl against the portal's self-signed certificate; returns the status code. */
    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-k", "-w", "%{http_code}"));
        command.addAll(List.of(args));
        return BenchProcesses.run(command).strip();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
