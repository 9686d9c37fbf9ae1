package jp.kakehashi.appliance;

import static jp.kakehashi.appliance.ApplianceHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import jp.kakehashi.appliance.approval.ApprovalRequest;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.PolicyLoader;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.sanitizer.specimens.HostileSpecimens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portals over real HTTPS against the running appliance (real clamd, pipeline and stores):
 * a partner enrols an authenticator and sends two files, one disarmed and one quarantined with
 * its reason; staff find the disarmed one with its receipt and download it; staff send a file
 * to the partner, an approver approves it, the partner downloads it and the sender sees when.
 */
class PortalIT {
    @TempDir
    Path tmp;

    @Test
    void partnerSendsStaffReceivesAndAnApprovedFileReachesThePartner() throws Exception {
        Path data = tmp.resolve("data");
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
                Appliance appliance = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            ApplianceHarness.addStaff(appliance, "suzuki", Role.STAFF, "kacho");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("keys/tls.p12"))))
                    .isEqualTo("rw-------");
            HttpClient http = PortalClient.trusting(data);

            PortalClient partner = new PortalClient(http, appliance.httpsPort(Zone.INTERNET));
            assertThat(partner.signIn("acme-user")).isEqualTo("/send");
            String macro = partner.upload("見積書.docm", "city", Specimens.docm("令和八年度の見積書を送付いたします。"));
            String malware = partner.upload("eicar.txt", "city", Clamd.eicar());
            assertThat(partner.awaitStage(macro)).isEqualTo("DELIVERED");
            assertThat(partner.awaitStage(malware)).isEqualTo("QUARANTINED");
            assertThat(partner.get("/items/" + malware).body()).contains("隔離", "MALWARE");
            assertThat(partner.get("/sent").body()).contains("見積書.docm", "受け渡し済", "eicar.txt", "隔離");

            PortalClient staff = new PortalClient(http, appliance.httpsPort(Zone.LGWAN));
            assertThat(staff.signIn("tanaka")).isEqualTo("/inbox");
            assertThat(staff.get("/inbox").body())
                    .contains("見積書.docm", "acme-user")
                    .doesNotContain("eicar");
            assertThat(staff.get("/items/" + malware).statusCode()).isEqualTo(404);
            assertThat(staff.get("/items/" + macro).body()).contains("無害化の結果", "見積書.docx");
            HttpResponse<byte[]> docx = staff.download("/download/" + macro);
            assertThat(docx.headers().firstValue("Content-Disposition").orElseThrow())
                    .startsWith("attachment;")
                    .contains("%E8%A6%8B%E7%A9%8D%E6%9B%B8.docx");
            assertThat(zipEntries(docx.body())).contains("word/document.xml").noneMatch(e -> e.contains("vbaProject"));

            // 原本取り出し in the browser: staff ask with a reason, the security officer approves on
            // the approvals page, the re-scanned original is then the requester's to download.
            HttpResponse<String> asked = staff.post("/items/" + macro + "/original", Map.of("reason", "マクロで集計しているため"));
            assertThat(asked.headers().firstValue("Location")).as(asked.body()).contains("/originals?requested=1");
            ApplianceHarness.addStaff(appliance, "yamada", Role.OFFICER, "security-officers");
            PortalClient officer = new PortalClient(http, appliance.httpsPort(Zone.LGWAN));
            officer.signIn("yamada");
            Matcher request = Pattern.compile("href=\"/approvals/([0-9]+)\"")
                    .matcher(officer.get("/approvals").body());
            assertThat(request.find()).isTrue();
            String page = officer.get("/approvals/" + request.group(1)).body();
            assertThat(page).contains("マクロで集計しているため", "tanaka");
            Matcher sha =
                    Pattern.compile("name=\"sha256\" value=\"([0-9a-f]{64})\"").matcher(page);
            assertThat(sha.find()).isTrue();
            assertThat(officer.post(
                                    "/approvals/" + request.group(1) + "/approve",
                                    Map.of("sha256", sha.group(1), "comment", "業務上必要と確認"))
                            .headers()
                            .firstValue("Location"))
                    .contains("/approvals?decided=complete");
            Matcher download =
                    Pattern.compile("href=\"(/originals/[0-9]+/download)\"").matcher("");
            Instant until = Instant.now().plusSeconds(60);
            while (!(download = download.reset(staff.get("/originals").body())).find()
                    && Instant.now().isBefore(until)) {
                Thread.sleep(200);
            }
            assertThat(download.reset(staff.get("/originals").body()).find())
                    .as("released after the re-scan")
                    .isTrue();
            assertThat(zipEntries(staff.download(download.group(1)).body())).anyMatch(e -> e.contains("vbaProject"));
            assertThat(officer.get(download.group(1)).statusCode())
                    .as("only the requester")
                    .isEqualTo(404);

            String report = staff.upload("報告書.txt", "partner:acme", utf8("令和八年度の事業報告です。\n"));
            assertThat(staff.awaitStage(report)).isEqualTo("AWAITING_APPROVAL");
            assertThat(partner.get("/received").body()).doesNotContain("報告書.txt");
            List<ApprovalRequest> requests = appliance.approvals().forItem(report);
            String renditionSha = appliance.items().find(report).orElseThrow().renditionSha256();
            for (ApprovalRequest r : requests) {
                appliance.approvals().approve(r.id(), "suzuki", Optional.of(renditionSha), "確認しました");
            }
            assertThat(staff.awaitStage(report, "DELIVERED")).isEqualTo("DELIVERED");
            assertThat(partner.get("/received").body()).contains("報告書.txt");
            assertThat(new String(partner.download("/download/" + report).body(), StandardCharsets.UTF_8))
                    .contains("事業報告");
            assertThat(staff.get("/items/" + report).body()).contains("受け取り日時");

            // Search finds what each may receive, in the disarmed text, and nothing else.
            assertThat(staff.get("/search?q=" + URLEncoder.encode("見積書", StandardCharsets.UTF_8))
                            .body())
                    .contains("見積書.docm")
                    .doesNotContain("報告書.txt");
            assertThat(partner.get("/search?q=" + URLEncoder.encode("事業報告", StandardCharsets.UTF_8))
                            .body())
                    .contains("報告書.txt")
                    .doesNotContain("見積書.docm");

            // A partner account on the LGWAN portal fails exactly like a wrong password.
            PortalClient wrongZone = new PortalClient(http, appliance.httpsPort(Zone.LGWAN));
            wrongZone.get("/login");
            assertThat(wrongZone
                            .post("/login", Map.of("name", "acme-user", "password", ApplianceHarness.PASSWORD))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(ApplianceHarness.auditTypes(data))
                    .contains("AUTH_SUCCESS", "AUTH_FAILURE", "ACCOUNT_TOTP_ENROLLED", "ITEM_DOWNLOADED");
        }
    }

    /** Issue 25: a person whose phone is lost signs in with a recovery code, once, and it is audited. */
    @Test
    void aLostPhoneIsReplacedByARecoveryCodeOnce() throws Exception {
        Path data = tmp.resolve("data");
        try (Appliance appliance = ApplianceHarness.start(data, "tcp://127.0.0.1:9", StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            java.net.http.HttpClient http = PortalClient.trusting(data);
            PortalClient staff = new PortalClient(http, appliance.httpsPort(Zone.LGWAN));
            staff.signIn("tanaka");
            String page = staff.post("/account/recovery-codes", Map.of()).body();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("<code>([A-Z2-9]{5}-[A-Z2-9]{5})</code>")
                    .matcher(page);
            List<String> codes = new java.util.ArrayList<>();
            while (m.find()) {
                codes.add(m.group(1));
            }
            assertThat(codes).hasSize(10);

            for (int attempt = 0; attempt < 2; attempt++) {
                PortalClient lost = new PortalClient(http, appliance.httpsPort(Zone.LGWAN));
                lost.get("/login");
                var password = lost.post("/login", Map.of("name", "tanaka", "password", ApplianceHarness.PASSWORD));
                assertThat(password.headers().firstValue("Location")).contains("/login/totp");
                lost.get("/login/totp");
                var code = lost.post("/login/totp", Map.of("code", codes.get(0)));
                if (attempt == 0) {
                    assertThat(code.statusCode())
                            .as("the recovery code signs in")
                            .isEqualTo(303);
                    String account = lost.get("/account").body();
                    assertThat(account).contains("使える回復コード: 残り 9 個");
                    assertThat(account)
                            .as("both sign-ins are in the person's own history")
                            .contains("最近のログイン", "ポータル (LGWAN接続系)", "<code>127.0.0.1</code>");
                } else {
                    assertThat(code.statusCode()).as("and only once").isNotEqualTo(303);
                }
            }
        }
        assertThat(ApplianceHarness.auditTypes(data)).contains("RECOVERY_CODES_ISSUED", "RECOVERY_CODE_USED");
    }

    @Test
    void anAdministratorInvitesAPartnerWhoSetsAPasswordAndIsCutOffWhenDisabled() throws Exception {
        Path data = tmp.resolve("data");
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
                Appliance appliance = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE)) {
            ApplianceHarness.addStaff(appliance, "kanri", Role.ADMIN, "joho");
            HttpClient http = PortalClient.trusting(data);
            PortalClient admin = new PortalClient(http, appliance.httpsPort(Zone.LGWAN));
            assertThat(admin.signIn("kanri")).isEqualTo("/admin/users");

            HttpResponse<String> officer = admin.post(
                    "/admin/users", Map.of("name", "new-officer", "role", "officer", "organisation", "joho"));
            assertThat(officer.statusCode()).isEqualTo(400);
            assertThat(officer.body()).contains("装置のコマンド");
            assertThat(appliance.accounts().find("new-officer"))
                    .as("officers are made at the console")
                    .isEmpty();
            HttpResponse<String> invited = admin.post(
                    "/admin/users",
                    Map.of("name", "acme-new", "role", "partner", "organisation", "acme", "groups", "eigyo"));
            assertThat(invited.statusCode()).as(invited.body()).isEqualTo(200);
            Matcher link = Pattern.compile("id=\"link\">(https://[^<]+)<").matcher(invited.body());
            assertThat(link.find()).isTrue();
            URI url = URI.create(link.group(1));
            assertThat(url.getPort())
                    .as("the link is on the partner's own portal")
                    .isEqualTo(appliance.httpsPort(Zone.INTERNET));

            PortalClient partner = new PortalClient(http, appliance.httpsPort(Zone.INTERNET));
            assertThat(partner.get(url.getPath()).body()).contains("acme-new");
            String phrase = "あさひがのぼる山の上で";
            HttpResponse<String> set =
                    partner.post(url.getPath(), Map.of("password", phrase + "!", "confirm", phrase + "!"));
            assertThat(set.headers().firstValue("Location")).contains("/login?password-set");
            assertThat(partner.signIn("acme-new", phrase + "!")).isEqualTo("/send");
            assertThat(appliance.accounts().groups("acme-new")).containsExactly("eigyo");

            HttpResponse<String> off = admin.post("/admin/users/acme-new/disable", Map.of());
            assertThat(off.statusCode()).isEqualTo(303);
            assertThat(partner.get("/send").headers().firstValue("Location"))
                    .as("the partner's session ends at once")
                    .contains("/login");
            assertThat(admin.get("/admin/health").body()).contains("正常", "clamd");

            // ポリシー管理: lint records nothing; one administrator proposes, another confirms, and
            // the running appliance puts it in force.
            assertThat(admin.get("/admin/policy").body()).contains("default-policy.yaml", "設定ファイル");
            HttpResponse<String> broken = admin.post("/admin/policy/lint", Map.of("text", "version: 1\nrules: 3\n"));
            assertThat(broken.statusCode()).isEqualTo(422);
            assertThat(broken.body()).contains("portal.yaml:2:");
            String text = PolicyLoader.shippedDefaultText() + "\n# 二人の目で確認した変更\n";
            HttpResponse<String> proposed =
                    admin.post("/admin/policy/versions", Map.of("text", text, "reason", "コメントの追加"));
            assertThat(proposed.headers().firstValue("Location")).contains("/admin/policy/versions/1?done=proposed");
            ApplianceHarness.addStaff(appliance, "kanri2", Role.ADMIN, "joho");
            PortalClient second = new PortalClient(http, appliance.httpsPort(Zone.LGWAN));
            second.signIn("kanri2");
            String review = second.get("/admin/policy/versions/1").body();
            assertThat(review).contains("+# 二人の目で確認した変更", "確認待ち");
            Matcher sha =
                    Pattern.compile("name=\"sha256\" value=\"([0-9a-f]{64})\"").matcher(review);
            assertThat(sha.find()).isTrue();
            assertThat(second.post("/admin/policy/versions/1/confirm", Map.of("sha256", sha.group(1)))
                            .statusCode())
                    .isEqualTo(303);
            Instant activeBy = Instant.now().plusSeconds(20);
            while (!second.get("/admin/policy/versions/1").body().contains("id=\"state\">適用中<")
                    && Instant.now().isBefore(activeBy)) {
                Thread.sleep(200);
            }
            assertThat(admin.get("/admin/policy").body()).contains("/admin/policy/versions/1\">版 #1</a> (portal.yaml)");

            // The same, from a script, with a personal token made on the portal.
            HttpResponse<String> made = admin.post("/tokens", Map.of("label", "監視システム", "days", "7"));
            Matcher token =
                    Pattern.compile("id=\"token\">(kk_[A-Za-z0-9_-]{43})<").matcher(made.body());
            assertThat(token.find()).as(made.body()).isTrue();
            HttpRequest health = HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + appliance.httpsPort(Zone.LGWAN) + "/api/v1/health"))
                    .header("Authorization", "Bearer " + token.group(1))
                    .build();
            HttpResponse<String> json = http.send(health, HttpResponse.BodyHandlers.ofString());
            assertThat(json.statusCode()).isEqualTo(200);
            assertThat(json.body()).contains("\"scannerReachable\":true", "\"queueLength\":");
            HttpRequest elsewhere = HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + appliance.httpsPort(Zone.INTERNET) + "/api/v1/me"))
                    .header("Authorization", "Bearer " + token.group(1))
                    .build();
            assertThat(http.send(elsewhere, HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as("an LGWAN token on the internet portal")
                    .isEqualTo(401);
            List<String> wanted = List.of(
                    "ACCOUNT_CREATED",
                    "PASSWORD_LINK_ISSUED",
                    "PASSWORD_SET",
                    "ACCOUNT_DISABLED",
                    "POLICY_PROPOSED",
                    "POLICY_CONFIRMED",
                    "POLICY_ACTIVATED");
            Instant deadline = Instant.now().plusSeconds(20);
            while (!ApplianceHarness.auditTypes(data).containsAll(wanted)
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            assertThat(ApplianceHarness.auditTypes(data))
                    .as("drained from the outbox")
                    .containsAll(wanted);
        }
    }

    @Test
    void aRecipientOpensAnEncryptedZipWithItsPasswordAndThePasswordIsNeverKept() throws Exception {
        Path data = tmp.resolve("data");
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
                Appliance appliance = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            HttpClient http = PortalClient.trusting(data);
            PortalClient partner = new PortalClient(http, appliance.httpsPort(Zone.INTERNET));
            partner.signIn("acme-user");
            String password = "pass-7890-ppap";
            String held = partner.upload(
                    "資料.zip",
                    "city",
                    HostileSpecimens.encryptedZip(Map.of("見積書.txt", utf8("令和八年度の見積書です。\n")), password, true));
            assertThat(partner.awaitStage(held)).isEqualTo("QUARANTINED");

            PortalClient staff = new PortalClient(http, appliance.httpsPort(Zone.LGWAN));
            staff.signIn("tanaka");
            assertThat(staff.get("/inbox").body()).contains("資料.zip");
            assertThat(staff.get("/items/" + held).body()).contains("action=\"/items/" + held + "/unlock\"");

            HttpResponse<String> wrong = staff.post("/items/" + held + "/unlock", Map.of("password", "not-it"));
            assertThat(wrong.statusCode()).isEqualTo(409);
            assertThat(wrong.body()).contains("パスワードが違います").doesNotContain("not-it");
            HttpResponse<String> right = staff.post("/items/" + held + "/unlock", Map.of("password", password));
            assertThat(right.statusCode()).as(right.body()).isEqualTo(303);
            String opened = right.headers().firstValue("Location").orElseThrow().substring("/items/".length());
            assertThat(staff.awaitStage(opened, "DELIVERED"))
                    .as(() -> appliance.items().find(opened).toString())
                    .isEqualTo("DELIVERED");
            List<String> names =
                    zipEntries(staff.download("/download/" + opened).body());
            assertThat(names).anyMatch(n -> n.endsWith(".txt"));
            assertThat(staff.post("/items/" + held + "/unlock", Map.of("password", password))
                            .statusCode())
                    .as("a held file is opened once")
                    .isEqualTo(409);

            // Someone guessing: five wrong passwords close the file for an hour, even to the right one.
            String guessed = partner.upload(
                    "名簿.zip", "city", HostileSpecimens.encryptedZip(Map.of("名簿.txt", utf8("一覧\n")), password, false));
            assertThat(partner.awaitStage(guessed)).isEqualTo("QUARANTINED");
            appliance
                    .accounts()
                    .create(
                            new Account("beta-user", Role.PARTNER, "beta", List.of(), false),
                            Optional.of(ApplianceHarness.PASSWORD.toCharArray()),
                            "test");
            PortalClient stranger = new PortalClient(http, appliance.httpsPort(Zone.INTERNET));
            stranger.signIn("beta-user");
            assertThat(stranger.post("/items/" + guessed + "/unlock", Map.of("password", password))
                            .statusCode())
                    .as("another organisation's file does not exist for them")
                    .isEqualTo(404);
            for (int i = 0; i < 5; i++) {
                assertThat(partner.post("/items/" + guessed + "/unlock", Map.of("password", "guess-" + i))
                                .statusCode())
                        .isEqualTo(409);
            }
            HttpResponse<String> closed = partner.post("/items/" + guessed + "/unlock", Map.of("password", password));
            assertThat(closed.statusCode()).isEqualTo(409);
            assertThat(closed.body()).contains("1時間");
            assertThat(appliance.items().find(guessed).orElseThrow().state()).isEqualTo(ItemState.QUARANTINED);

            Instant deadline = Instant.now().plusSeconds(20);
            while (!ApplianceHarness.auditTypes(data).contains("ITEM_UNLOCKED")
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            assertThat(ApplianceHarness.auditTypes(data)).contains("ITEM_UNLOCKED", "ITEM_UNLOCK_FAILED");
            try (Stream<Path> files = Files.walk(data)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                            .as("the password is nowhere in " + f)
                            .doesNotContain(password);
                }
            }
        }
    }

    private static List<String> zipEntries(byte[] zip) throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
