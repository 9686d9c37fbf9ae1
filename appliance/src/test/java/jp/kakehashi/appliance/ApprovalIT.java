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

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.appliance.cli.CliRunner;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, approvals end to end with the shipped default policy: a staff member sends files to a
 * partner over SFTP, each is disarmed and held; approvers decide on the command line beside the
 * running appliance; only approved bytes reach the partner, and an approval for other bytes is
 * void.
 */
class ApprovalIT {
    @TempDir
    Path tmp;

    @Test
    void onlyFilesApprovedForTheirExactBytesReachThePartner() throws Exception {
        Path data = tmp.resolve("data");
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30)) {
            String report;
            String draft;
            String confidential;
            String swapped;
            try (Appliance appliance = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE)) {
                ApplianceHarness.addAccounts(appliance);
                ApplianceHarness.addStaff(appliance, "suzuki", Role.STAFF, "kacho");
                ApplianceHarness.addStaff(appliance, "ito", Role.OFFICER, "security-officers");
                for (String person : List.of("tanaka", "suzuki", "ito")) {
                    ApplianceHarness.enrolAuthenticator(data, person);
                }
                int lgwan = appliance.sftpPort(Zone.LGWAN);
                try (var tanaka = ApplianceHarness.login(lgwan, "tanaka")) {
                    put(tanaka.sftp(), "/to-partners/acme/報告書.txt", utf8("令和八年度の事業報告です。\n"));
                    put(tanaka.sftp(), "/to-partners/acme/下書き.txt", utf8("まだ送ってはいけない下書きです。\n"));
                    put(tanaka.sftp(), "/to-partners/acme/内部資料.txt", utf8("部外秘: 来年度の予算案です。\n"));
                    put(tanaka.sftp(), "/to-partners/acme/差替え.txt", utf8("承認後に差し替えられる文書です。\n"));
                }
                report = held(appliance, "報告書.txt");
                draft = held(appliance, "下書き.txt");
                confidential = held(appliance, "内部資料.txt");
                swapped = held(appliance, "差替え.txt");

                JsonNode queue = cli("approvals", "list", "--for", "suzuki", "--json", "--data-dir", data.toString())
                        .json();
                Map<String, JsonNode> byName = names(queue);
                assertThat(byName).containsOnlyKeys("報告書.txt", "下書き.txt", "内部資料.txt", "差替え.txt");
                assertThat(byName.get("報告書.txt").path("kind").asText()).isEqualTo("supervisor");
                assertThat(byName.get("報告書.txt").path("item").path("sender").asText())
                        .isEqualTo("tanaka");

                // The sender cannot approve; the reason is given in both languages.
                long reportRequest = byName.get("報告書.txt").path("id").asLong();
                CliRunner.Run own = runFor(
                        "tanaka", "approvals", "approve", String.valueOf(reportRequest), "--data-dir", data.toString());
                assertThat(own.exit()).isEqualTo(2);
                assertThat(own.err()).contains("自分が送ったファイルは承認できません", "nobody may approve a file they sent");

                // The approver reviews the rendition and approves exactly those bytes.
                JsonNode shown = cli(
                                "approvals",
                                "show",
                                String.valueOf(reportRequest),
                                "--save",
                                tmp.resolve("review").toString(),
                                "--data-dir",
                                data.toString())
                        .json();
                byte[] reviewed = Files.readAllBytes(Path.of(shown.path("saved").asText()));
                assertThat(new String(reviewed, StandardCharsets.UTF_8)).contains("事業報告");
                assertThat(sha256(reviewed)).isEqualTo(shown.path("sha256").asText());
                cliFor(
                        "suzuki",
                        "approvals",
                        "approve",
                        String.valueOf(reportRequest),
                        "--sha256",
                        sha256(reviewed),
                        "--comment",
                        "確認しました",
                        "--data-dir",
                        data.toString());

                cliFor(
                        "suzuki",
                        "approvals",
                        "reject",
                        byName.get("下書き.txt").path("id").asText(),
                        "--comment",
                        "下書きのため送付不可",
                        "--data-dir",
                        data.toString());

                // 部外秘 needs the security officer as well as the supervisor.
                JsonNode officerQueue = cli(
                                "approvals", "list", "--for", "ito", "--json", "--data-dir", data.toString())
                        .json();
                assertThat(names(officerQueue)).containsOnlyKeys("内部資料.txt");
                cliFor(
                        "suzuki",
                        "approvals",
                        "approve",
                        byName.get("内部資料.txt").path("id").asText(),
                        "--data-dir",
                        data.toString());
                await(appliance, report, ItemState.PUBLISHED);
                await(appliance, draft, ItemState.REJECTED);
                assertThat(appliance.items().find(confidential).orElseThrow().state())
                        .isEqualTo(ItemState.AWAITING_APPROVAL);
                cliFor(
                        "ito",
                        "approvals",
                        "approve",
                        names(officerQueue).get("内部資料.txt").path("id").asText(),
                        "--data-dir",
                        data.toString());
                await(appliance, confidential, ItemState.PUBLISHED);

                try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
                    assertThat(list(partner.sftp(), "/from-city")).containsExactlyInAnyOrder("報告書.txt", "内部資料.txt");
                    assertThat(get(partner.sftp(), "/from-city/報告書.txt")).isEqualTo(reviewed);
                }
                TransferItem rejected = appliance.items().find(draft).orElseThrow();
                assertThat(rejected.reasonCode()).isEqualTo("APPROVAL_REJECTED");
                assertThat(rejected.reasonDetail()).isEqualTo("下書きのため送付不可");
                assertThat(appliance.index().search("下書き", Zone.INTERNET, Optional.of("acme"), 10))
                        .isEmpty();
                // The sender reads why, with the approver's words, in their receipts.
                try (var tanaka = ApplianceHarness.login(lgwan, "tanaka")) {
                    String receipt = list(tanaka.sftp(), "/receipts").stream()
                            .filter(n -> n.contains("下書き"))
                            .findFirst()
                            .orElseThrow();
                    assertThat(new String(get(tanaka.sftp(), "/receipts/" + receipt), StandardCharsets.UTF_8))
                            .contains("却下", "承認者が却下しました", "an approver rejected it", "下書きのため送付不可");
                }
            }

            // While the appliance is stopped, the held item's rendition is replaced by other bytes
            // (here: another item's). The approval given afterwards was for the request's hash, so
            // the pipeline must refuse to publish what it now finds.
            try (Database db = Database.open(data.resolve("kakehashi.db"))) {
                db.transaction(c -> {
                    try (PreparedStatement s = c.prepareStatement(
                            "UPDATE items SET rendition_blob = (SELECT rendition_blob FROM items WHERE id = ?) WHERE id = ?")) {
                        s.setString(1, report);
                        s.setString(2, swapped);
                        return s.executeUpdate();
                    }
                });
            }
            JsonNode queue = cli("approvals", "list", "--for", "suzuki", "--json", "--data-dir", data.toString())
                    .json();
            cliFor(
                    "suzuki",
                    "approvals",
                    "approve",
                    names(queue).get("差替え.txt").path("id").asText(),
                    "--data-dir",
                    data.toString());
            try (Appliance appliance = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE)) {
                await(appliance, swapped, ItemState.REJECTED);
                assertThat(appliance.items().find(swapped).orElseThrow().reasonCode())
                        .isEqualTo("APPROVAL_VOID");
                try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
                    assertThat(list(partner.sftp(), "/from-city")).doesNotContain("差替え.txt");
                }
            }
        }
        Set<String> types = auditTypes(data);
        assertThat(types)
                .contains(
                        "APPROVAL_REQUESTED",
                        "APPROVAL_GIVEN",
                        "APPROVAL_REJECTED",
                        "ITEM_REJECTED",
                        "APPROVAL_VOIDED",
                        "ACCOUNT_GROUPS_CHANGED");
        assertThat(CliRunner.run("", "audit", "verify", "--data-dir", data.toString())
                        .exit())
                .isZero();
    }

    /** A new version of a file already sent: the approver sees what changed in its text since the last one. */
    @Test
    void aNewVersionShowsTheApproverWhatChangedSinceTheLastOne() throws Exception {
        Path data = tmp.resolve("data");
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
                Appliance appliance = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            ApplianceHarness.addStaff(appliance, "suzuki", Role.STAFF, "kacho");
            ApplianceHarness.enrolAuthenticator(data, "suzuki");
            int lgwan = appliance.sftpPort(Zone.LGWAN);
            try (var tanaka = ApplianceHarness.login(lgwan, "tanaka")) {
                put(tanaka.sftp(), "/to-partners/acme/議事録.txt", utf8("第1回 打合せ\n日時 11月20日\n出席 5名\n"));
            }
            String first = held(appliance, "議事録.txt");
            JsonNode firstShown = cli("approvals", "list", "--for", "suzuki", "--json", "--data-dir", data.toString())
                    .json()
                    .path("requests")
                    .get(0);
            assertThat(firstShown.path("findings").has("changes"))
                    .as("nothing sent before")
                    .isFalse();
            cliFor("suzuki", "approvals", "approve", firstShown.path("id").asText(), "--data-dir", data.toString());
            await(appliance, first, ItemState.PUBLISHED);

            try (var tanaka = ApplianceHarness.login(lgwan, "tanaka")) {
                put(tanaka.sftp(), "/to-partners/acme/議事録.txt", utf8("第1回 打合せ\n日時 11月27日\n出席 5名\n次回 12月4日\n"));
            }
            String second = held(appliance, "議事録.txt");
            assertThat(second).isNotEqualTo(first);
            JsonNode request = cli("approvals", "list", "--for", "suzuki", "--json", "--data-dir", data.toString())
                    .json()
                    .path("requests")
                    .get(0);
            JsonNode changes = request.path("findings").path("changes");
            assertThat(changes.path("previousItem").asText()).isEqualTo(first);
            assertThat(changes.path("linesRemoved").asInt()).isEqualTo(1);
            assertThat(changes.path("linesAdded").asInt()).isEqualTo(2);
            assertThat(changes.path("complete").asBoolean()).isTrue();
            assertThat(changes.path("passages").toString()).contains("11月20日", "11月27日", "次回 12月4日");
            assertThat(cli("approvals", "list", "--for", "suzuki", "--data-dir", data.toString())
                            .out())
                    .contains("前回版から変更", "−1 +2");
        }
    }

    /** Waits until the item of that name is held for approval; returns its id. */
    private static String held(Appliance appliance, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<TransferItem> item = appliance.items().bySender("tanaka").stream()
                    .filter(i -> i.name().equals(name))
                    .findFirst();
            if (item.isPresent() && item.get().state().terminal()) {
                throw new AssertionError(name + " ended instead of waiting for approval: " + item.get());
            }
            if (item.isPresent() && item.get().state() == ItemState.AWAITING_APPROVAL) {
                return item.get().id();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                name + " was not held for approval: " + appliance.items().bySender("tanaka"));
    }

    private static void await(Appliance appliance, String id, ItemState state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (appliance.items().find(id).orElseThrow().state() == state) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("item " + id + " did not become " + state + ": "
                + appliance.items().find(id));
    }

    private static Map<String, JsonNode> names(JsonNode queue) {
        Map<String, JsonNode> byName = new java.util.LinkedHashMap<>();
        queue.path("requests")
                .forEach(r -> byName.put(r.path("item").path("name").asText(), r));
        return byName;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
