package jp.kakehashi.appliance;

import static jp.kakehashi.appliance.EndToEndIT.get;
import static jp.kakehashi.appliance.EndToEndIT.put;
import static jp.kakehashi.appliance.EndToEndIT.zipEntries;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, rules decide the sanitization profile per type and the archive limits, and the daemon
 * applies them (in its worker processes): a policy that wants PDFs as text gets text, also for a
 * PDF inside a ZIP; a ZIP over the policy's entry limit is blocked; other types keep the default.
 */
class DisarmProfileIT {
    @TempDir
    Path tmp;

    @Test
    void thePolicysProfilesAndArchiveLimitsAreWhatTheSanitizerApplies() throws Exception {
        String shipped = PolicyIT.shippedPolicy();
        String strict = shipped.replace(
                        "      default: rebuild\n", "      default: rebuild\n      application/pdf: text\n")
                .replace("      max-entries: 10000\n", "      max-entries: 2\n");
        assertThat(strict).contains("application/pdf: text", "max-entries: 2");
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, strict);

        Map<String, byte[]> two = new LinkedHashMap<>();
        two.put("明細.pdf", Specimens.pdf("Invoice 2026-11 total 12,000 yen"));
        two.put("memo.txt", "連絡事項\n".getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> three = new LinkedHashMap<>(two);
        three.put("extra.txt", "三つ目\n".getBytes(StandardCharsets.UTF_8));

        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
                Appliance appliance = ApplianceHarness.start(tmp.resolve("data"), clamd.tcpAddress(), policy)) {
            ApplianceHarness.addAccounts(appliance);
            try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
                put(partner.sftp(), "/to-city/報告.pdf", Specimens.pdf("Quarterly report of the survey"));
                put(partner.sftp(), "/to-city/資料.zip", Specimens.zip(two));
                put(partner.sftp(), "/to-city/多い.zip", Specimens.zip(three));
                put(partner.sftp(), "/to-city/見積書.docx", Specimens.docx("お見積りの件"));
            }
            TransferItem pdf = ApplianceHarness.awaitItem(appliance, "報告.pdf", ItemState.PUBLISHED);
            TransferItem zip = ApplianceHarness.awaitItem(appliance, "資料.zip", ItemState.PUBLISHED);
            TransferItem tooMany = ApplianceHarness.awaitItem(appliance, "多い.zip", ItemState.BLOCKED);
            TransferItem docx = ApplianceHarness.awaitItem(appliance, "見積書.docx", ItemState.PUBLISHED);

            assertThat(pdf.renditionName()).isEqualTo("報告.txt");
            assertThat(pdf.renditionType()).isEqualTo("text/plain");
            assertThat(tooMany.reasonCode()).isEqualTo("ARCHIVE_LIMIT");
            assertThat(tooMany.reasonDetail()).contains("more than 2 entries");
            assertThat(docx.renditionName())
                    .as("types the rule does not name keep rebuild")
                    .isEqualTo("見積書.docx");

            try (var staff = ApplianceHarness.login(appliance.sftpPort(Zone.LGWAN), "tanaka")) {
                assertThat(new String(get(staff.sftp(), "/from-partners/acme/報告.txt"), StandardCharsets.UTF_8))
                        .contains("Quarterly report of the survey");
                byte[] rebuilt = get(staff.sftp(), "/from-partners/acme/" + zip.renditionName());
                assertThat(zipEntries(rebuilt))
                        .as("the PDF inside the ZIP follows the PDF profile too")
                        .containsExactlyInAnyOrder("明細.txt", "memo.txt");
            }
        }
    }
}
