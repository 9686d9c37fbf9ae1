package jp.kakehashi.appliance;

import static jp.kakehashi.appliance.EndToEndIT.put;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.cli.CliRunner;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, changing the policy in force (four eyes): a proposal must lint and come from an
 * administrator, a second administrator confirms it, the running daemon puts it in force; a
 * version that does not lint when the daemon loads it is refused with where it is broken, and the
 * policy in force stays.
 */
class PolicyReloadIT {
    @TempDir
    Path tmp;

    @Test
    void aConfirmedPolicyTakesEffectAndABrokenOneLeavesTheOldInForce() throws Exception {
        Path data = tmp.resolve("data");
        String shipped = PolicyIT.shippedPolicy();
        Path trusting = tmp.resolve("acme-trusted.yaml");
        Files.writeString(trusting, shipped.replace("to-not: [org:trusted-partner-example]", "to-not: [org:acme]"));
        Path broken = tmp.resolve("broken.yaml");
        Files.writeString(broken, shipped.replace("decide: allow", "decide: perhaps"));
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30)) {
            try (Appliance appliance = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE)) {
                ApplianceHarness.addAccounts(appliance);
                admin(appliance, "admin-a");
                admin(appliance, "admin-b");
                for (String person : List.of("tanaka", "admin-a", "admin-b")) {
                    ApplianceHarness.enrolAuthenticator(data, person);
                }

                CliRunner.Run notAdmin = policy("tanaka", "propose", trusting.toString(), "--reason", "x");
                assertThat(notAdmin.exit()).isEqualTo(2);
                assertThat(notAdmin.err()).contains("only an enabled administrator");

                CliRunner.Run brokenProposal = policy("admin-a", "propose", broken.toString(), "--reason", "取引先の追加");
                assertThat(brokenProposal.exit()).isEqualTo(2);
                assertThat(brokenProposal.err()).contains("ポリシーに誤りがあります", "broken.yaml:", "perhaps");

                assertThat(policy("admin-a", "propose", trusting.toString(), "--reason", "acme と契約")
                                .exit())
                        .isZero();
                JsonNode proposed = versions(data).get(0);
                String id = proposed.path("id").asText();
                assertThat(proposed.path("state").asText()).isEqualTo("PROPOSED");

                CliRunner.Run sameAdmin = policy("admin-a", "confirm", id);
                assertThat(sameAdmin.exit()).isEqualTo(2);
                assertThat(sameAdmin.err()).contains("four eyes");
                // ISSUE 21 §7: naming the other administrator is not enough; his code is needed too.
                // admin-a's current code, not one of his fresh ones: it signs nobody in, so it uses none up.
                CliRunner.Run impersonated = CliRunner.run(
                        ApplianceHarness.PASSWORD + "\n" + Authenticator.code(PortalClient.SECRETS.get("admin-a"))
                                + "\n",
                        "policy",
                        "confirm",
                        id,
                        "--user",
                        "admin-b",
                        "--stdin",
                        "--data-dir",
                        data.toString());
                assertThat(impersonated.exit()).isEqualTo(2);
                assertThat(impersonated.err())
                        .contains("名前、パスワード、確認コードのいずれかが違います", "the name, password or code is wrong");
                assertThat(CliRunner.run("", "policy", "confirm", id, "--as", "admin-b", "--data-dir", data.toString())
                                .exit())
                        .as("there is no --as any more")
                        .isEqualTo(64);
                assertThat(versions(data).get(0).path("state").asText()).isEqualTo("PROPOSED");
                CliRunner.Run otherText = policy("admin-b", "confirm", id, "--sha256", "0".repeat(64));
                assertThat(otherText.exit()).isEqualTo(2);
                assertThat(policy(
                                        "admin-b",
                                        "confirm",
                                        id,
                                        "--sha256",
                                        proposed.path("sha256").asText())
                                .exit())
                        .isZero();
                awaitState(data, id, "ACTIVE");

                // acme is now trusted: a staff file to acme needs no supervisor.
                send(appliance, "案内.txt");
                ApplianceHarness.awaitItem(appliance, "案内.txt", ItemState.PUBLISHED);
            }

            // While stopped, a second version is proposed and confirmed, and its stored text is
            // then damaged (as a text the policy language no longer accepts would be).
            assertThat(policy("admin-b", "propose", trusting.toString(), "--reason", "再提案")
                            .exit())
                    .isZero();
            String second = versions(data).get(0).path("id").asText();
            assertThat(policy("admin-a", "confirm", second).exit()).isZero();
            try (Database db = Database.open(data.resolve("kakehashi.db"))) {
                db.transaction(c -> {
                    try (PreparedStatement s = c.prepareStatement(
                            "UPDATE policy_versions SET text = replace(text, 'decide: allow', 'decide: perhaps') WHERE id = ?")) {
                        s.setLong(1, Long.parseLong(second));
                        return s.executeUpdate();
                    }
                });
            }
            try (Appliance appliance = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE)) {
                JsonNode refused = awaitState(data, second, "REFUSED");
                assertThat(refused.path("detail").asText()).contains("acme-trusted.yaml:", "perhaps");
                assertThat(versions(data))
                        .filteredOn(v -> v.path("state").asText().equals("ACTIVE"))
                        .singleElement()
                        .satisfies(v -> assertThat(v.path("id").asText()).isNotEqualTo(second));
                // The version in force before is still in force.
                send(appliance, "二通目.txt");
                ApplianceHarness.awaitItem(appliance, "二通目.txt", ItemState.PUBLISHED);
            }
        }
        Set<String> types = AuditLog.readRecords(data.resolve("audit")).stream()
                .map(r -> r.path("type").asText())
                .collect(Collectors.toSet());
        assertThat(types).contains("POLICY_PROPOSED", "POLICY_CONFIRMED", "POLICY_ACTIVATED", "POLICY_REFUSED");
        assertThat(AuditLog.readRecords(data.resolve("audit")).stream()
                        .filter(r -> r.path("data").path("protocol").asText().equals("cli"))
                        .map(r ->
                                r.path("type").asText() + " " + r.path("actor").asText() + " "
                                        + r.path("data").path("reason").asText())
                        .toList())
                .contains("AUTH_SUCCESS admin-a ", "AUTH_FAILURE admin-b SECOND_FACTOR");
        assertThat(CliRunner.run("", "audit", "verify", "--data-dir", data.toString())
                        .exit())
                .isZero();
    }

    private static void admin(Appliance appliance, String name) {
        appliance
                .accounts()
                .create(
                        new Account(name, Role.ADMIN, "joho", List.of(), false),
                        Optional.of(ApplianceHarness.PASSWORD.toCharArray()),
                        "test");
    }

    private void send(Appliance appliance, String name) throws Exception {
        try (var tanaka = ApplianceHarness.login(appliance.sftpPort(Zone.LGWAN), "tanaka")) {
            put(tanaka.sftp(), "/to-partners/acme/" + name, "ご案内です。\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A {@code policy} command, signed in as {@code user}. */
    private CliRunner.Run policy(String user, String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "policy";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = tmp.resolve("data").toString();
        return ApplianceHarness.runFor(user, all);
    }

    private List<JsonNode> versions(Path data) throws Exception {
        CliRunner.Run run = CliRunner.run("", "policy", "versions", "--json", "--data-dir", data.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> out = new java.util.ArrayList<>();
        run.json().path("versions").forEach(out::add);
        return out;
    }

    private JsonNode awaitState(Path data, String id, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<JsonNode> all = List.of();
        while (System.nanoTime() < deadline) {
            all = versions(data);
            for (JsonNode v : all) {
                if (v.path("id").asText().equals(id) && v.path("state").asText().equals(state)) {
                    return v;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("version " + id + " did not become " + state + ": " + all);
    }
}
