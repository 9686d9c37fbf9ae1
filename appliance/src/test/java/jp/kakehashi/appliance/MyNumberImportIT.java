package jp.kakehashi.appliance;

import static jp.kakehashi.appliance.EndToEndIT.get;
import static jp.kakehashi.appliance.EndToEndIT.list;
import static jp.kakehashi.appliance.EndToEndIT.put;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.appliance.approval.ApprovalRequest;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 §7, the My Number import profile end to end with the shipped policy: a declared CSV is
 * read against its layout, written anew (never the bytes as sent), approved by two people other
 * than the sender and read by the My Number system; a bad row is refused with its row and column;
 * an undeclared file is refused.
 */
class MyNumberImportIT {
    private static final Charset CP932 = Charset.forName("windows-31j");
    private static final String VALID = "123456789018";

    @TempDir
    Path tmp;

    @Test
    void onlyDeclaredDataCrossesWrittenAnewAfterTwoPeopleApprove() throws Exception {
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
                Appliance appliance = ApplianceHarness.start(tmp.resolve("data"), clamd.tcpAddress(), StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            approver(appliance, "kimura");
            approver(appliance, "hayashi");
            byte[] sent = ("個人番号,氏名,生年月日,異動区分\n\"" + VALID + "\",\"山田 太郎\",1980-04-01,01\n").getBytes(CP932);
            byte[] bad = ("個人番号,氏名,生年月日,異動区分\n" + VALID + ",山田 太郎,1980-04-01,01\n" + VALID + ",鈴木 花子,2001/12/31,02\n")
                    .getBytes(CP932);
            try (var tanaka = ApplianceHarness.login(appliance.sftpPort(Zone.LGWAN), "tanaka")) {
                put(tanaka.sftp(), "/to-mynumber/jumin-ido-20261124.csv", sent);
                put(tanaka.sftp(), "/to-mynumber/jumin-ido-20261125.csv", bad);
                put(tanaka.sftp(), "/to-mynumber/名簿.csv", sent);
            }
            TransferItem good =
                    ApplianceHarness.awaitItem(appliance, "jumin-ido-20261124.csv", ItemState.AWAITING_APPROVAL);
            TransferItem refused = ApplianceHarness.awaitItem(appliance, "jumin-ido-20261125.csv", ItemState.BLOCKED);
            TransferItem undeclared = ApplianceHarness.awaitItem(appliance, "名簿.csv", ItemState.BLOCKED);

            assertThat(refused.reasonCode()).isEqualTo("IMPORT_INVALID");
            assertThat(refused.reasonDetail())
                    .contains("jumin-ido", "3 行目 3 列目 (生年月日)", "row 3, column 3")
                    .doesNotContain("2001/12/31");
            assertThat(undeclared.reasonCode()).isEqualTo("IMPORT_NOT_DECLARED");
            try (var tanaka = ApplianceHarness.login(appliance.sftpPort(Zone.LGWAN), "tanaka")) {
                String receipt = list(tanaka.sftp(), "/receipts").stream()
                        .filter(n -> n.endsWith("_jumin-ido-20261125.csv.txt"))
                        .findFirst()
                        .orElseThrow();
                assertThat(new String(
                                get(tanaka.sftp(), "/receipts/" + receipt), java.nio.charset.StandardCharsets.UTF_8))
                        .contains("取り込みデータが定義と一致しません", "3 行目 3 列目 (生年月日)");
            }

            // Two people, neither the sender, approve the re-written data.
            ApprovalRequest request = appliance.approvals().forItem(good.id()).get(0);
            assertThat(request.kind().word()).isEqualTo("two-person");
            appliance.approvals().approve(request.id(), "kimura", Optional.of(good.renditionSha256()), "");
            assertThat(appliance.items().find(good.id()).orElseThrow().state()).isEqualTo(ItemState.AWAITING_APPROVAL);
            appliance.approvals().approve(request.id(), "hayashi", Optional.of(good.renditionSha256()), "");
            ApplianceHarness.awaitItem(appliance, "jumin-ido-20261124.csv", ItemState.PUBLISHED);

            byte[] expected = ("個人番号,氏名,生年月日,異動区分\r\n" + VALID + ",山田 太郎,1980-04-01,01\r\n").getBytes(CP932);
            try (var system = ApplianceHarness.login(appliance.sftpPort(Zone.MYNUMBER), "mn-import")) {
                assertThat(list(system.sftp(), "/from-lgwan")).containsExactly("jumin-ido-20261124.csv");
                byte[] received = get(system.sftp(), "/from-lgwan/jumin-ido-20261124.csv");
                assertThat(received).isEqualTo(expected).isNotEqualTo(sent);
            }
        }
    }

    private static void approver(Appliance appliance, String name) {
        appliance
                .accounts()
                .create(
                        new Account(name, Role.STAFF, "shimin", List.of(), false),
                        Optional.of(ApplianceHarness.PASSWORD.toCharArray()),
                        "test");
        appliance.accounts().changeGroups(name, Set.of("mynumber-approvers"), Set.of(), "test");
    }
}
