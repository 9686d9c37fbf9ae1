package jp.kakehashi.appliance;

import static jp.kakehashi.appliance.ApplianceHarness.auditTypes;
import static jp.kakehashi.appliance.ApplianceHarness.cli;
import static jp.kakehashi.appliance.ApplianceHarness.cliFor;
import static jp.kakehashi.appliance.ApplianceHarness.runFor;
import static jp.kakehashi.appliance.ApplianceHarness.utf8;
import static jp.kakehashi.appliance.EndToEndIT.get;
import static jp.kakehashi.appliance.EndToEndIT.list;
import static jp.kakehashi.appliance.EndToEndIT.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.cli.CliRunner;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.originals.OriginalOutcome;
import jp.kakehashi.appliance.originals.OriginalRefused;
import jp.kakehashi.appliance.originals.OriginalRequest;
import jp.kakehashi.appliance.originals.OriginalState;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 §6, 原本取り出し end to end with the shipped default policy: partners' files arrive
 * disarmed; a staff member asks for an original with a reason on the command line; the security
 * officer approves; the running appliance scans the original again and puts it in that staff
 * member's SFTP folder alone, then withdraws it when its time runs out. A rejected request and a
 * re-scan that now finds malware release nothing.
 */
class OriginalReleaseIT {
    @TempDir
    Path tmp;

    @Test
    void anApprovedOriginalIsRescannedReleasedToItsRequesterAloneAndWithdrawnOnTime() throws Exception {
        Path data = tmp.resolve("data");
        MovableClock clock = new MovableClock(Instant.now());
        byte[] quote = utf8("見積書\r\n金額: 1,200,000 円\r\n");
        byte[] invoice = utf8("請求書\r\n金額: 800,000 円\r\n");
        byte[] order = utf8("注文書\r\n品名: 会議用机 10 台\r\n");
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
                Appliance appliance = ApplianceHarness.start(data, clamd.tcpAddress(), clock)) {
            ApplianceHarness.addAccounts(appliance);
            ApplianceHarness.addStaff(appliance, "suzuki", Role.STAFF, "kacho");
            ApplianceHarness.addStaff(appliance, "ito", Role.OFFICER, "security-officers");
            for (String person : List.of("tanaka", "suzuki", "ito", "acme-user")) {
                ApplianceHarness.enrolAuthenticator(data, person);
            }
            try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
                put(partner.sftp(), "/to-city/見積書.txt", quote);
                put(partner.sftp(), "/to-city/請求書.txt", invoice);
                put(partner.sftp(), "/to-city/注文書.txt", order);
            }
            String quoteId = ApplianceHarness.awaitItem(appliance, "見積書.txt", ItemState.PUBLISHED)
                    .id();
            String invoiceId = ApplianceHarness.awaitItem(appliance, "請求書.txt", ItemState.PUBLISHED)
                    .id();
            String orderId = ApplianceHarness.awaitItem(appliance, "注文書.txt", ItemState.PUBLISHED)
                    .id();

            // Bad requests are refused with the reason in both languages, and change nothing.
            assertRefused(quoteId, "tanaka", "  ", OriginalRefused.Reason.REASON_REQUIRED);
            assertRefused(quoteId, "acme-user", "見たい", OriginalRefused.Reason.NOT_STAFF);
            assertRefused("no-such-item", "tanaka", "確認のため", OriginalRefused.Reason.NO_SUCH_ITEM);

            cliFor(
                    "tanaka",
                    "originals",
                    "request",
                    quoteId,
                    "--reason",
                    "金額欄の数式を確認するため",
                    "--data-dir",
                    data.toString());
            assertRefused(quoteId, "tanaka", "もう一度", OriginalRefused.Reason.ALREADY_REQUESTED);

            // The officer's queue shows who asks and why; the requester and plain staff cannot decide it.
            JsonNode queue = cli("approvals", "list", "--for", "ito", "--json", "--data-dir", data.toString())
                    .json();
            assertThat(queue.path("requests")).hasSize(1);
            JsonNode request = queue.path("requests").get(0);
            assertThat(request.path("purpose").asText()).isEqualTo("original");
            assertThat(request.path("kind").asText()).isEqualTo("security-officer");
            assertThat(request.path("findings").path("reason").asText()).isEqualTo("金額欄の数式を確認するため");
            assertThat(request.path("sha256").asText())
                    .isEqualTo(appliance.items().find(quoteId).orElseThrow().sha256());
            String approval = request.path("id").asText();
            assertThat(approve(data, approval, "tanaka").err()).contains("自分の原本取り出しの申請は承認できません");
            assertThat(approve(data, approval, "suzuki").err()).contains("not among the approvers");
            assertThat(approve(data, approval, "ito").exit()).isZero();

            OriginalRequest released = awaitRequest(appliance, quoteId, OriginalState.RELEASED);
            assertThat(released.availableUntil())
                    .contains(released.releasedAt().orElseThrow().plus(Duration.ofHours(24)));
            try (var tanaka = lgwan(appliance, "tanaka");
                    var suzuki = lgwan(appliance, "suzuki")) {
                assertThat(list(tanaka.sftp(), "/originals")).containsExactly("見積書.txt");
                assertThat(get(tanaka.sftp(), "/originals/見積書.txt")).isEqualTo(quote);
                assertThat(list(suzuki.sftp(), "/originals"))
                        .as("released to the requester alone")
                        .isEmpty();
                assertThatThrownBy(() -> get(suzuki.sftp(), "/originals/見積書.txt"))
                        .isInstanceOf(IOException.class);
            }

            // Rejected: nothing is released, and the requester can read why.
            appliance.originals().request(invoiceId, "tanaka", "原本の押印を確認するため");
            String second = onlyPending(data);
            assertThat(runFor(
                                    "ito",
                                    "approvals",
                                    "reject",
                                    second,
                                    "--comment",
                                    "無害化後のファイルで確認できます",
                                    "--data-dir",
                                    data.toString())
                            .exit())
                    .isZero();
            OriginalRequest rejected = awaitRequest(appliance, invoiceId, OriginalState.REFUSED);
            assertThat(rejected.outcome()).contains(OriginalOutcome.APPROVAL_REJECTED);
            assertThat(rejected.outcomeDetail()).contains("無害化後のファイルで確認できます");
            assertThat(appliance.items().find(invoiceId).orElseThrow().state())
                    .as("a refused original leaves the disarmed file published")
                    .isEqualTo(ItemState.PUBLISHED);

            // Signatures updated since the file arrived: the re-scan finds it, and it stays in quarantine.
            clamd.addSignature(order, "Kakehashi.Test.NewSignature");
            appliance.originals().request(orderId, "tanaka", "原本の書式を確認するため");
            assertThat(approve(data, onlyPending(data), "ito").exit()).isZero();
            OriginalRequest infected = awaitRequest(appliance, orderId, OriginalState.REFUSED);
            assertThat(infected.outcome()).contains(OriginalOutcome.RESCAN_INFECTED);
            assertThat(infected.outcomeDetail()).contains("Kakehashi.Test.NewSignature");

            // Time runs out: a session that listed the original before cannot open it after, and the job withdraws it.
            try (var tanaka = lgwan(appliance, "tanaka")) {
                assertThat(list(tanaka.sftp(), "/originals")).containsExactly("見積書.txt");
                clock.advance(Duration.ofHours(24).plusMinutes(1));
                assertThatThrownBy(() -> get(tanaka.sftp(), "/originals/見積書.txt"))
                        .isInstanceOf(IOException.class);
                OriginalRequest withdrawn = awaitRequest(appliance, quoteId, OriginalState.WITHDRAWN);
                assertThat(withdrawn.outcome()).contains(OriginalOutcome.TIME_UP);
                assertThat(list(tanaka.sftp(), "/originals")).isEmpty();
            }
            JsonNode mine = cli("originals", "list", "--for", "tanaka", "--data-dir", data.toString())
                    .json();
            assertThat(mine.path("requests").findValuesAsText("state"))
                    .containsExactlyInAnyOrder("withdrawn", "refused", "refused");
        }
        assertThat(auditTypes(data))
                .contains(
                        "ORIGINAL_REQUESTED",
                        "APPROVAL_GIVEN",
                        "APPROVAL_REJECTED",
                        "ORIGINAL_RELEASED",
                        "ORIGINAL_DOWNLOADED",
                        "ORIGINAL_REFUSED",
                        "ORIGINAL_WITHDRAWN");
        assertThat(CliRunner.run("", "audit", "verify", "--data-dir", data.toString())
                        .exit())
                .isZero();
    }

    private void assertRefused(String item, String as, String reason, OriginalRefused.Reason expected)
            throws Exception {
        CliRunner.Run run = runFor(
                as,
                "originals",
                "request",
                item,
                "--reason",
                reason,
                "--data-dir",
                tmp.resolve("data").toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(expected.japanese()).contains(expected.english());
    }

    private static CliRunner.Run approve(Path data, String request, String as) throws Exception {
        return runFor(as, "approvals", "approve", request, "--comment", "確認しました", "--data-dir", data.toString());
    }

    /** The id of the one pending approval request. */
    private static String onlyPending(Path data) throws IOException {
        JsonNode pending = cli("approvals", "list", "--json", "--data-dir", data.toString())
                .json()
                .path("requests");
        assertThat(pending).hasSize(1);
        return pending.get(0).path("id").asText();
    }

    /** Waits (half a minute at most) until the latest request for the item is in {@code state}. */
    private static OriginalRequest awaitRequest(Appliance appliance, String item, OriginalState state)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Optional<OriginalRequest> latest = Optional.empty();
        while (System.nanoTime() < deadline) {
            latest = appliance.originals().all().stream()
                    .filter(r -> r.item().equals(item))
                    .findFirst();
            if (latest.isPresent() && latest.get().state() == state) {
                return latest.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the request for " + item + " did not become " + state + ": " + latest);
    }

    private static ApplianceHarness.Sftp lgwan(Appliance appliance, String user) throws Exception {
        return ApplianceHarness.login(appliance.sftpPort(Zone.LGWAN), user);
    }
}
