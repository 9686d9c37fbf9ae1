package jp.kakehashi.appliance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jp.kakehashi.appliance.Appliance;
import jp.kakehashi.appliance.CliSupport;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.sanitizer.specimens.HostileSpecimens;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The {@code kakehashi} commands other tools rely on (DESIGN §6), run in-process against real parts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {
    @TempDir
    static Path tmp;

    CliSupport.Clamd clamd;

    @BeforeAll
    void startClamd() throws Exception {
        clamd = CliSupport.clamd(tmp.resolve("clamd"));
    }

    @AfterAll
    void stopClamd() throws Exception {
        clamd.close();
    }

    @Test
    void sanitizeOpensEncryptedFilesWithThePasswordFromStandardInputAndScansWhatWasInside() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("ppap"));
        Path out = tmp.resolve("ppap-out");
        Files.write(in.resolve("見積書.docx"), HostileSpecimens.encryptedDocx());

        CliRunner.Run locked = sanitize("", in.resolve("見積書.docx").toString(), out.toString());
        assertThat(locked.exit()).isEqualTo(3);
        assertThat(locked.json().path("reasons").get(0).path("code").asText()).isEqualTo("ENCRYPTED_CONTENT");

        CliRunner.Run wrong =
                sanitize("guess-1234\n", in.resolve("見積書.docx").toString(), out.toString(), "--password-stdin");
        assertThat(wrong.exit()).isEqualTo(3);
        assertThat(wrong.json().path("reasons").get(0).path("code").asText()).isEqualTo("WRONG_PASSWORD");
        assertThat(wrong.out() + wrong.err()).doesNotContain("guess-1234");

        CliRunner.Run opened =
                sanitize("himitsu\r\n", in.resolve("見積書.docx").toString(), out.toString(), "--password-stdin");
        assertThat(opened.exit()).as(opened.out()).isZero();
        assertThat(opened.json().path("decrypted").asBoolean()).isTrue();
        assertThat(out.resolve("見積書.docx")).exists();
        assertThat(opened.out() + opened.err()).doesNotContain("himitsu");

        Files.write(
                in.resolve("請求.zip"),
                HostileSpecimens.encryptedZip(java.util.Map.of("請求書.com", CliSupport.eicar()), "pass-7890", true));
        CliRunner.Run virus =
                sanitize("pass-7890\n", in.resolve("請求.zip").toString(), out.toString(), "--password-stdin");
        assertThat(virus.exit()).isEqualTo(3);
        assertThat(virus.json().path("reasons").get(0).path("code").asText()).isEqualTo("MALWARE");
        assertThat(out.resolve("請求.zip")).doesNotExist();
    }

    @Test
    void sanitizeKeepsItsContractForEveryVerdict() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path out = tmp.resolve("out");
        Files.write(in.resolve("eicar.txt"), CliSupport.eicar());
        Files.write(in.resolve("見積書.docm"), CliSupport.docm("見積"));
        byte[] pe = new byte[512];
        pe[0] = 'M';
        pe[1] = 'Z';
        Files.write(in.resolve("invoice.pdf"), pe);
        Files.writeString(in.resolve("memo.txt"), "メモ\n");

        CliRunner.Run eicar = sanitize("", in.resolve("eicar.txt").toString(), out.toString());
        assertThat(eicar.exit()).isEqualTo(3);
        assertThat(eicar.json().path("verdict").asText()).isEqualTo("quarantined");
        assertThat(eicar.json().path("reasons").get(0).path("code").asText()).isEqualTo("MALWARE");

        CliRunner.Run docm = sanitize("", in.resolve("見積書.docm").toString(), out.toString());
        assertThat(docm.exit()).isZero();
        assertThat(docm.json().path("verdict").asText()).isEqualTo("sanitized");
        assertThat(docm.json().path("removed").toString()).contains("macro");
        assertThat(docm.json().path("outputs").get(0).asText()).endsWith("見積書.docx");
        assertThat(out.resolve("見積書.docx")).exists();
        assertThat(docm.json().path("method").asText()).isEqualTo("rebuild");
        assertThat(docm.json().path("receipt").path("ja").asText()).contains("マクロを削除しました");
        assertThat(docm.json().path("receipt").path("en").asText()).contains("Macros were removed");
        assertThat(docm.json().path("sha256In").asText()).hasSize(64);
        assertThat(docm.json().path("sha256Out").asText())
                .hasSize(64)
                .isNotEqualTo(docm.json().path("sha256In").asText());

        CliRunner.Run asText = sanitize(
                "", in.resolve("見積書.docm").toString(), tmp.resolve("text").toString(), "--profile", "text");
        assertThat(asText.exit()).isZero();
        assertThat(asText.json().path("method").asText()).isEqualTo("text");
        assertThat(tmp.resolve("text").resolve("見積書.txt")).content().contains("見積");
        CliRunner.Run badProfile =
                sanitize("", in.resolve("memo.txt").toString(), out.toString(), "--profile", "pixels");
        assertThat(badProfile.exit()).isEqualTo(2);
        assertThat(badProfile.json().path("reasons").get(0).path("detail").asText())
                .contains("unknown profile 'pixels'");

        CliRunner.Run exe = sanitize("", in.resolve("invoice.pdf").toString(), out.toString());
        assertThat(exe.exit()).isEqualTo(2);
        assertThat(exe.json().path("verdict").asText()).isEqualTo("blocked");
        assertThat(out.resolve("invoice.pdf")).doesNotExist();

        CliRunner.Run clean = sanitize("", in.resolve("memo.txt").toString(), out.toString());
        assertThat(clean.exit()).isZero();
        assertThat(clean.json().path("verdict").asText()).isEqualTo("clean");

        Files.write(
                in.resolve("nested.zip"), CliSupport.zip("inner.zip", CliSupport.zip("eicar.com", CliSupport.eicar())));
        CliRunner.Run nestedVirus = sanitize("", in.resolve("nested.zip").toString(), out.toString());
        assertThat(nestedVirus.exit()).isEqualTo(3);
        assertThat(nestedVirus.json().path("reasons").get(0).path("code").asText())
                .isEqualTo("MALWARE");
        Files.write(in.resolve("資料.zip"), CliSupport.zip("見積書.docm", CliSupport.docm("見積")));
        CliRunner.Run zipped = sanitize("", in.resolve("資料.zip").toString(), out.toString());
        assertThat(zipped.exit()).isZero();
        assertThat(zipped.json().path("verdict").asText()).isEqualTo("sanitized");
        assertThat(zipped.json().path("removed").toString())
                .contains("見積書.docm")
                .contains("macro");

        CliRunner.Run missing = sanitize("", in.resolve("nothing.pdf").toString(), out.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.json().path("reasons").get(0).path("code").asText()).isEqualTo("NO_INPUT");

        CliRunner.Run down = CliRunner.run(
                "", "sanitize", in.resolve("memo.txt").toString(), out.toString(), "--clamd", "tcp://127.0.0.1:1");
        assertThat(down.exit()).isEqualTo(2);
        assertThat(down.json().path("reasons").get(0).path("code").asText()).isEqualTo("SCANNER_UNAVAILABLE");
    }

    /**
     * ISSUE 28: many files and folders in one call, one worker for all of them: one report per
     * file, one per line, in order; a folder's tree is kept under OUTDIR; the exit code is the
     * worst verdict; progress goes to standard error.
     */
    @Test
    void sanitizeTakesManyFilesAndFoldersInOneCall() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("工事写真/第2週"));
        Files.writeString(folder.getParent().resolve("memo.txt"), "メモ\n");
        Files.write(folder.resolve("見積書.docm"), CliSupport.docm("見積"));
        Path eicar = Files.write(tmp.resolve("eicar.txt"), CliSupport.eicar());
        Path out = tmp.resolve("many");

        CliRunner.Run run = CliRunner.run(
                "",
                "sanitize",
                folder.getParent().toString(),
                eicar.toString(),
                out.toString(),
                "--clamd",
                clamd.address());
        assertThat(run.exit()).as("the worst verdict: a virus was found").isEqualTo(3);
        List<JsonNode> reports = new ArrayList<>();
        for (String line : run.out().strip().split("\n")) {
            reports.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line));
        }
        assertThat(reports)
                .extracting(r -> Path.of(r.path("input").asText()).getFileName().toString() + " "
                        + r.path("verdict").asText())
                .containsExactly("memo.txt clean", "見積書.docm sanitized", "eicar.txt quarantined");
        assertThat(out.resolve("工事写真/memo.txt")).exists();
        assertThat(out.resolve("工事写真/第2週/見積書.docx")).exists();
        assertThat(out.resolve("eicar.txt")).doesNotExist();
        assertThat(run.err()).contains("[3/3]").contains("quarantined");

        CliRunner.Run locked = CliRunner.run(
                "secret\n",
                "sanitize",
                folder.toString(),
                out.toString(),
                "--password-stdin",
                "--clamd",
                clamd.address());
        assertThat(locked.exit()).isEqualTo(2);
        assertThat(locked.json().path("reasons").get(0).path("code").asText()).isEqualTo("BAD_OPTION");
    }

    @Test
    void accountsMadeBesideARunningApplianceAreAuditedAndCanLogInWithAKey() throws Exception {
        Path data = tmp.resolve("data-accounts");
        assertThat(CliRunner.run(
                                "a long passphrase!\n",
                                "user",
                                "add",
                                "first",
                                "--role",
                                "staff",
                                "--org",
                                "somu",
                                "--password-stdin",
                                "--data-dir",
                                data.toString())
                        .exit())
                .isZero();
        assertThat(types(data)).contains("ACCOUNT_CREATED");

        KeyPair key = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        Path pub = tmp.resolve("partner.pub");
        Files.writeString(pub, PublicKeyEntry.toString(key.getPublic()) + " sato@acme\n");
        String[] addSato = {
            "user",
            "add",
            "sato",
            "--role",
            "partner",
            "--org",
            "acme",
            "--ssh-key",
            pub.toString(),
            "--data-dir",
            data.toString()
        };
        try (Appliance appliance = Appliance.start(
                CliSupport.config(data, clamd.address()), Clock.systemUTC(), new SecureRandom(), StageHook.NONE)) {
            CliRunner.Run add = CliRunner.run("", addSato);
            assertThat(add.exit()).as(add.err()).isZero();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (types(data).stream().filter("ACCOUNT_CREATED"::equals).count() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(types(data).stream().filter("ACCOUNT_CREATED"::equals)).hasSize(2);

            SshClient client = SshClient.setUpDefaultClient();
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try (ClientSession session = client.connect("sato", "127.0.0.1", appliance.sftpPort(Zone.INTERNET))
                    .verify(Duration.ofSeconds(10))
                    .getSession()) {
                session.addPublicKeyIdentity(key);
                session.auth().verify(Duration.ofSeconds(10));
                try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
                    assertThat(sftp.stat("/to-city").isDirectory()).isTrue();
                }
            } finally {
                client.stop();
            }
            CliRunner.Run duplicate = CliRunner.run("", addSato);
            assertThat(duplicate.exit()).isEqualTo(64);
            assertThat(duplicate.err()).contains("already exists");
        }
        assertThat(CliRunner.run("", "audit", "verify", "--data-dir", data.toString())
                        .exit())
                .isZero();
    }

    @Test
    void badArgumentsExplainThemselves() {
        CliRunner.Run role = CliRunner.run(
                "",
                "user",
                "add",
                "x",
                "--role",
                "root",
                "--org",
                "acme",
                "--data-dir",
                tmp.resolve("d2").toString());
        assertThat(role.exit()).isEqualTo(64);
        assertThat(role.err()).contains("unknown role 'root'").contains("partner");
        CliRunner.Run name = CliRunner.run(
                "",
                "user",
                "add",
                "../etc",
                "--role",
                "staff",
                "--org",
                "somu",
                "--data-dir",
                tmp.resolve("d2").toString());
        assertThat(name.exit()).isEqualTo(64);
        assertThat(name.err()).contains("account name");
        CliRunner.Run none = CliRunner.run("");
        assertThat(none.exit()).isEqualTo(64);
        assertThat(none.err()).contains("Usage");
        CliRunner.Run flow = CliRunner.run("", "policy", "check", "--flow", "sideways", "x");
        assertThat(flow.exit()).isEqualTo(64);
        assertThat(flow.err()).contains("FROM->TO");
    }

    @Test
    void policyCheckBlocksAPersonalNumberGoingOutAndAsksApprovalForTheRest() throws Exception {
        Path withNumber = Files.writeString(tmp.resolve("meibo.csv"), "氏名,個人番号\n山田太郎,123456789018\n");
        CliRunner.Run blocked =
                CliRunner.run("", "policy", "check", "--flow", "lgwan->internet", withNumber.toString());
        assertThat(blocked.exit()).isEqualTo(2);
        assertThat(blocked.json().path("decision").asText()).isEqualTo("block");
        assertThat(blocked.json().path("rules").toString()).contains("outbound-my-number");
        assertThat(blocked.json().path("reason").path("code").asText()).isEqualTo("PERSONAL_NUMBER");
        assertThat(blocked.json().path("findings").toString())
                .contains("my-number")
                .contains("********9018")
                .doesNotContain("123456789018");
        // The same list inside a ZIP (ISSUE 28): the archive's text is its members' text.
        Path zipped = tmp.resolve("meibo.zip");
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(
                Files.newOutputStream(zipped), java.nio.charset.Charset.forName("windows-31j"))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("名簿/meibo.csv"));
            zip.write(Files.readAllBytes(withNumber));
            zip.closeEntry();
        }
        CliRunner.Run blockedZip = CliRunner.run("", "policy", "check", "--flow", "lgwan->internet", zipped.toString());
        assertThat(blockedZip.exit()).as(blockedZip.out()).isEqualTo(2);
        assertThat(blockedZip.json().path("reason").path("code").asText()).isEqualTo("PERSONAL_NUMBER");
        assertThat(blockedZip.json().path("findings").toString())
                .as("the finding names the member it was found in")
                .contains("\"members\":[\"名簿/meibo.csv\"]");
        Path clean = Files.writeString(tmp.resolve("yosan.csv"), "品目,金額\n保守,1200000\n");
        CliRunner.Run approval = CliRunner.run("", "policy", "check", "--flow", "lgwan->internet", clean.toString());
        assertThat(approval.exit()).isZero();
        assertThat(approval.json().path("decision").asText()).isEqualTo("approval");
        assertThat(approval.json().path("approvals").get(0).path("kind").asText())
                .isEqualTo("supervisor");
        assertThat(approval.json().path("profile").asText()).isEqualTo("rebuild");
    }

    @Test
    void policyLintNamesFileLineAndColumn() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("policies"));
        Files.writeString(
                dir.resolve("good.yaml"), "rules:\n  - id: a\n    flow: internet -> lgwan\n    decide: allow\n");
        Files.writeString(
                dir.resolve("typo.yaml"),
                "rules:\n  - id: a\n    flow: internet -> lgwan\n    decide: allow\n    when: {tpyes: [application/pdf]}\n");
        CliRunner.Run lint = CliRunner.run("", "policy", "lint", dir.toString());
        assertThat(lint.exit()).isEqualTo(2);
        assertThat(lint.out())
                .contains("good.yaml: OK")
                .containsPattern("typo\\.yaml:5:\\d+: unknown key 'rules\\[0\\]\\.when\\.tpyes'");
    }

    @Test
    void auditVerifyAndExportReportTampering() throws Exception {
        Path data = tmp.resolve("data-audit");
        CliRunner.run(
                "a long passphrase!\n",
                "user",
                "add",
                "a1",
                "--role",
                "staff",
                "--org",
                "somu",
                "--password-stdin",
                "--data-dir",
                data.toString());
        CliRunner.run(
                "a long passphrase!\n",
                "user",
                "add",
                "a2",
                "--role",
                "staff",
                "--org",
                "somu",
                "--password-stdin",
                "--data-dir",
                data.toString());
        Path bundle = tmp.resolve("bundle.zip");
        assertThat(CliRunner.run("", "audit", "export", bundle.toString(), "--data-dir", data.toString())
                        .exit())
                .isZero();
        assertThat(CliRunner.run("", "audit", "verify", bundle.toString()).exit())
                .isZero();
        Path log = data.resolve("audit/audit.jsonl");
        Files.writeString(log, Files.readString(log).replace("\"a1\"", "\"a9\""));
        CliRunner.Run tampered = CliRunner.run("", "audit", "verify", "--data-dir", data.toString());
        assertThat(tampered.exit()).isEqualTo(2);
        assertThat(tampered.out()).contains("TAMPERED").contains("record 1");
    }

    private static List<String> types(Path data) {
        return AuditLog.readRecords(data.resolve("audit")).stream()
                .map(r -> r.path("type").asText())
                .toList();
    }

    /** {@code kakehashi sanitize FILE OUT --clamd ADDRESS [OPTIONS]} with {@code stdin} as standard input. */
    private CliRunner.Run sanitize(String stdin, String file, String out, String... options) {
        List<String> args = new ArrayList<>(List.of("sanitize", file, out, "--clamd", clamd.address()));
        args.addAll(List.of(options));
        return CliRunner.run(stdin, args.toArray(String[]::new));
    }
}
