package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ATTACKS F-01: with clamd stopped, files wait and are never published; when it is back, they complete. */
class ScannerDownIT {
    @TempDir
    Path tmp;

    @Test
    void filesWaitWhileTheScannerIsDownAndCompleteWhenItReturns() throws Exception {
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 26)) {
            try (Appliance appliance =
                    ApplianceHarness.start(tmp.resolve("data"), clamd.tcpAddress(), StageHook.NONE)) {
                ApplianceHarness.addAccounts(appliance);
                clamd.stop();
                try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
                    EndToEndIT.put(partner.sftp(), "/to-city/お知らせ.txt", "市からのお知らせ\n".getBytes(StandardCharsets.UTF_8));
                }
                Thread.sleep(4000);
                TransferItem waiting = appliance.items().bySender("acme-user").get(0);
                assertThat(waiting.state()).isEqualTo(ItemState.DETECTED);
                assertThat(waiting.attempts()).isPositive();

                clamd.restart();
                long deadline = System.nanoTime() + 90_000_000_000L;
                TransferItem item = waiting;
                while (System.nanoTime() < deadline && !item.state().terminal()) {
                    Thread.sleep(200);
                    item = appliance.items().find(waiting.id()).orElseThrow();
                }
                assertThat(item.state()).isEqualTo(ItemState.PUBLISHED);
            }
        }
    }
}
