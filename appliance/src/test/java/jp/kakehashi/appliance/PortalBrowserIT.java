package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The portals in Debian's headless Chromium against the running appliance (real clamd, pipeline
 * and stores): a partner signs in with TOTP and sends two files, one disarmed and one
 * quarantined with its reason; staff find the disarmed one with its receipt and download it;
 * staff send a report, an approver approves it in the browser and the partner downloads it; an
 * officer sees it on the dashboard and the monthly report and finds all of it in the audit view. Every page is written to
 * {@code target/screenshots/portal/} as a test artifact.
 */
class PortalBrowserIT {
    private static final Path SHOTS = Path.of("target", "screenshots", "portal");

    @TempDir
    Path tmp;

    private WebDriver browser;
    private Path downloads;
    private int shot;

    @BeforeEach
    void openBrowser() throws Exception {
        downloads = Files.createDirectories(tmp.resolve("downloads"));
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // The flags that keep Chromium from reaching for the (closed) internet at every start.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--ignore-certificate-errors",
                "--window-size=1280,1000",
                "--user-data-dir=" + tmp.resolve("chromium"));
        options.setExperimentalOption(
                "prefs",
                Map.of(
                        "download.default_directory", downloads.toString(),
                        "download.prompt_for_download", false,
                        "safebrowsing.enabled", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    @Test
    void aPartnerStaffAnApproverAndAnOfficerDoTheirWorkInTheBrowser() throws Exception {
        Path data = tmp.resolve("data");
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
                Appliance appliance = Appliance.start(
                        ApplianceHarness.config(data, clamd.tcpAddress()).withMunicipality("架け橋市"),
                        Clock.systemUTC(),
                        new SecureRandom(),
                        StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            ApplianceHarness.addStaff(appliance, "suzuki", Role.STAFF, "kacho");
            ApplianceHarness.addStaff(appliance, "yamada", Role.OFFICER, "security-officers");
            String internet = "https://127.0.0.1:" + appliance.httpsPort(Zone.INTERNET);
            String lgwan = "https://127.0.0.1:" + appliance.httpsPort(Zone.LGWAN);

            // The partner: enrol an authenticator, then send two files at once.
            signIn(internet, "acme-user");
            assertThat(browser.getCurrentUrl()).endsWith("/send");
            Path docm = write("見積書.docm", Specimens.docm("令和八年度の見積書を送付いたします。"));
            Path eicar = write("eicar.txt", Clamd.eicar());
            browser.findElement(By.id("files")).sendKeys(docm + "\n" + eicar);
            browser.findElement(By.id("start")).click();
            await(d -> d.findElements(By.cssSelector("#progress progress")).size() == 2);
            screenshot("partner-sending");
            await(d -> d.findElements(By.cssSelector("#progress .state a")).size() == 2);
            String progress = browser.findElement(By.id("progress")).getText();
            assertThat(progress).contains("見積書.docm", "受け渡し済", "eicar.txt", "隔離: マルウェアが検出されました");
            screenshot("partner-sent-results");

            browser.get(internet + "/sent");
            String sent = browser.findElement(By.tagName("main")).getText();
            assertThat(sent).contains("見積書.docm", "受け渡し済", "eicar.txt", "隔離");
            screenshot("partner-sent-list");
            browser.findElement(By.linkText("eicar.txt")).click();
            assertThat(browser.findElement(By.cssSelector("dd.reason")).getText())
                    .contains("マルウェアが検出されました", "MALWARE");
            assertThat(browser.findElement(By.id("next-step")).getText())
                    .as("the sender is told what to do next")
                    .contains("ウイルス対策ソフトで検査し");
            screenshot("partner-quarantined-item");

            // Staff: the disarmed file in the inbox, its receipt, and the download.
            signIn(lgwan, "tanaka");
            assertThat(browser.getCurrentUrl()).endsWith("/inbox");
            assertThat(browser.findElement(By.tagName("main")).getText())
                    .contains("見積書.docm", "acme-user")
                    .doesNotContain("eicar");
            screenshot("staff-inbox");
            browser.findElement(By.linkText("見積書.docm")).click();
            assertThat(browser.findElement(By.cssSelector("section.receipt")).getText())
                    .contains("無害化の結果")
                    .as("a recipient reads what a recipient can do, and what was removed in words")
                    .contains("情報セキュリティ担当者に原本の取り出しを申請する", "マクロ: /word/vbaProject.bin")
                    .doesNotContain("もう一度送ってください");
            screenshot("staff-item-receipt");
            browser.findElement(By.cssSelector("a.button[href^='/download/']")).click();
            Path docx = awaitDownload("見積書.docx");
            assertThat(zipEntries(Files.readAllBytes(docx)))
                    .contains("word/document.xml")
                    .noneMatch(e -> e.contains("vbaProject"));

            // Staff send a report to the partner; the policy holds it for the supervisor.
            browser.get(lgwan + "/send");
            new Select(browser.findElement(By.id("to"))).selectByValue("partner:acme");
            Path report = write("報告書.txt", "令和八年度の事業報告です。\n".getBytes(StandardCharsets.UTF_8));
            browser.findElement(By.id("files")).sendKeys(report.toString());
            browser.findElement(By.id("start")).click();
            await(d -> d.findElements(By.cssSelector("#progress .state a")).size() == 1);
            assertThat(browser.findElement(By.id("progress")).getText()).contains("承認待ち");
            screenshot("staff-sent-awaiting-approval");
            signOut();

            // The approver: the queue, the request with its file to review, the approval.
            signIn(lgwan, "suzuki");
            browser.get(lgwan + "/approvals");
            screenshot("approver-queue");
            browser.findElement(By.linkText("報告書.txt")).click();
            assertThat(browser.findElement(By.tagName("main")).getText())
                    .contains("上長の承認", "outbound-supervisor", "tanaka");
            screenshot("approver-request");
            browser.findElement(By.id("review")).click();
            assertThat(Files.readString(awaitDownload("報告書.txt"))).contains("事業報告");
            browser.findElement(By.cssSelector("form[action$='/approve'] textarea"))
                    .sendKeys("内容を確認しました");
            browser.findElement(By.id("approve")).click();
            await(d -> d.getCurrentUrl().contains("/approvals?decided="));
            assertThat(browser.findElement(By.cssSelector(".notice")).getText()).contains("承認しました");
            assertThat(browser.findElement(By.id("decided-list")).getText())
                    .as("the decided request stays on the approver's page")
                    .contains("報告書.txt", "承認した", "内容を確認しました");
            screenshot("approver-approved");
            browser.findElement(By.cssSelector("#decided-list a")).click();
            assertThat(browser.findElement(By.id("decided")).getText()).contains("承認した", "内容を確認しました");
            signOut();

            // The partner receives the approved report.
            browser.get(internet + "/received");
            await(d -> {
                d.navigate().refresh();
                return d.findElement(By.tagName("main")).getText().contains("報告書.txt");
            });
            screenshot("partner-received");
            browser.findElement(By.linkText("報告書.txt")).click();
            browser.findElement(By.cssSelector("a.button[href^='/download/']")).click();
            assertThat(Files.readString(awaitDownload("報告書 (1).txt"))).contains("事業報告");

            // The officer finds all of it in the audit trail.
            signIn(lgwan, "yamada");
            assertThat(browser.getCurrentUrl()).endsWith("/dashboard");
            assertThat(browser.findElement(By.id("received")).getText()).isEqualTo("3");
            assertThat(browser.findElement(By.id("stopped")).getText()).isEqualTo("1");
            assertThat(browser.findElements(By.cssSelector("figure.chart rect")))
                    .hasSize(2);
            assertThat(browser.findElement(By.cssSelector("table.reasons")).getText())
                    .contains("マルウェアが検出されました");
            screenshot("officer-dashboard");
            browser.findElement(By.linkText("月次報告")).click();
            assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("架け橋市 月次報告 20");
            screenshot("officer-monthly-report");
            browser.findElement(By.id("calendar")).click();
            await(d -> d.findElement(By.tagName("h1")).getText().startsWith("架け橋市 月次報告 令和"));
            browser.findElement(By.id("show-year")).click();
            await(d -> d.findElement(By.tagName("h1")).getText().matches("架け橋市 年度報告 令和[0-9]+年度"));
            assertThat(browser.findElement(By.cssSelector("table.monthly")).getText())
                    .as("a 年度 is April to March, by month")
                    .contains("4月", "3月")
                    .doesNotContain("INBOUND");
            // Printed, the report keeps its tables and drops every control.
            ((ChromeDriver) browser).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
            assertThat(browser.findElements(By.cssSelector("button, input, select, a.button, nav")))
                    .isNotEmpty()
                    .noneMatch(WebElement::isDisplayed);
            assertThat(browser.findElement(By.cssSelector("table.monthly")).isDisplayed())
                    .isTrue();
            screenshot("officer-fiscal-year-report-print");
            ((ChromeDriver) browser).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
            await(d -> {
                d.get(lgwan + "/audit");
                String all = d.findElement(By.tagName("main")).getText();
                return all.contains("APPROVAL_GIVEN") && all.contains("ITEM_QUARANTINED");
            });
            String trail = browser.findElement(By.tagName("main")).getText();
            assertThat(trail)
                    .contains("ITEM_RECEIVED", "ITEM_QUARANTINED", "ITEM_PUBLISHED", "APPROVAL_GIVEN")
                    .contains("ITEM_DOWNLOADED", "AUTH_SUCCESS", "ACCOUNT_TOTP_ENROLLED");
            assertThat(browser.findElement(By.cssSelector("table.audit")).getText())
                    .as("each record named as the officer reads it, beside its code")
                    .contains("ファイル受付", "ファイルの隔離", "受け渡し可能", "二要素認証の登録")
                    .as("the details named too, not key=value")
                    .contains("ファイル名 見積書.docm", "前の状態 ", "詳細 ")
                    .doesNotContain("name=見積書.docm");
            screenshot("officer-audit");
            WebElement actor = browser.findElement(By.name("actor"));
            actor.sendKeys("suzuki");
            browser.findElement(By.id("search")).click();
            // The click loads a new page; read the table only once the filtered page is there.
            await(d -> d.getCurrentUrl().contains("actor=suzuki"));
            String bySuzuki =
                    await(d -> d.findElement(By.cssSelector("table.audit")).getText());
            assertThat(bySuzuki).contains("APPROVAL_GIVEN").doesNotContain("acme-user");
            screenshot("officer-audit-filtered");

            // Quarantine review: the officer takes the quarantined original out, with a reason.
            browser.get(lgwan + "/quarantine");
            screenshot("officer-quarantine");
            browser.findElement(By.linkText("eicar.txt")).click();
            browser.findElement(By.name("reason")).sendKeys("誤検知でないか調査用端末で確認するため");
            browser.findElement(By.id("release")).click();
            await(d -> d.getCurrentUrl().contains("released=1"));
            screenshot("officer-quarantine-released");
            browser.findElement(By.id("original")).click();
            assertThat(Files.readAllBytes(awaitDownload("eicar.txt.quarantine")))
                    .isEqualTo(Clamd.eicar());
            await(d -> {
                d.get(lgwan + "/audit?type=QUARANTINE_RELEASED");
                return d.findElement(By.tagName("main")).getText().contains("誤検知でないか");
            });
            signOut();

            // The administrator's pages: users, health, and a policy text that does not lint.
            ApplianceHarness.addStaff(appliance, "kanri", Role.ADMIN, "joho");
            signIn(lgwan, "kanri");
            browser.get(lgwan + "/admin/users");
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("acme-user", "yamada");
            screenshot("admin-users");
            // Disabling asks first, naming whom; "no" sends nothing, "yes" disables.
            browser.get(lgwan + "/admin/users/acme-user");
            browser.findElement(By.id("disable")).click();
            Alert ask = new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent());
            assertThat(ask.getText()).startsWith("acme-user を無効にしますか？");
            ask.dismiss();
            assertThat(browser.findElements(By.id("disable")))
                    .as("still enabled")
                    .hasSize(1);
            browser.findElement(By.id("disable")).click();
            new WebDriverWait(browser, Duration.ofSeconds(5))
                    .until(ExpectedConditions.alertIsPresent())
                    .accept();
            await(d -> d.findElements(By.id("enable")).size() == 1);
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("無効");
            screenshot("admin-user-disabled");
            browser.get(lgwan + "/admin/health");
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("clamd");
            screenshot("admin-health");
            browser.get(lgwan + "/admin/policy");
            screenshot("admin-policy");
            WebElement text = browser.findElement(By.name("text"));
            text.clear();
            text.sendKeys("version: 1\nrules: 3\n");
            browser.findElement(By.id("lint-only")).click();
            await(d -> d.findElements(By.id("lint")).size() == 1);
            assertThat(browser.findElement(By.id("lint")).getText()).contains("portal.yaml:2:");
            screenshot("admin-policy-lint");
            browser.get(lgwan + "/tokens");
            screenshot("admin-tokens");

            // The administrator changes their own password from the account page and signs in again.
            browser.findElement(By.id("account-link")).click();
            assertThat(browser.findElement(By.id("totp")).getText()).isEqualTo("登録済み（認証アプリ）");
            screenshot("admin-account");
            String changed = "あたらしい合言葉は春の小川";
            browser.findElement(By.name("current")).sendKeys("not the password at all");
            browser.findElement(By.name("password")).sendKeys(changed);
            browser.findElement(By.name("confirm")).sendKeys(changed);
            browser.findElement(By.id("change")).click();
            await(d -> d.findElement(By.cssSelector("p.error")).getText().equals("今のパスワードが違います。"));
            await(d -> AuditLog.readRecords(data.resolve("audit")).stream()
                    .anyMatch(r -> r.path("type").asText().equals("AUTH_FAILURE")
                            && r.path("data").path("reason").asText().equals("PASSWORD_CHANGE_WRONG_PASSWORD")));
            browser.findElement(By.name("current")).sendKeys(ApplianceHarness.PASSWORD);
            browser.findElement(By.name("password")).sendKeys(changed);
            browser.findElement(By.name("confirm")).sendKeys(changed);
            browser.findElement(By.id("change")).click();
            await(d -> d.getCurrentUrl().endsWith("/login?password-changed"));
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("パスワードを変更しました。新しいパスワードでログインしてください。");
            assertThat(appliance
                            .accounts()
                            .checkPassword("kanri", changed.toCharArray(), Zone.LGWAN)
                            .accepted())
                    .isPresent();
            assertThat(appliance
                            .accounts()
                            .checkPassword("kanri", ApplianceHarness.PASSWORD.toCharArray(), Zone.LGWAN)
                            .accepted())
                    .isEmpty();
        }
    }

    @Test
    void aPartnerAndStaffShareOneFileInAFolderInTheBrowser() throws Exception {
        Path data = tmp.resolve("data");
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
                Appliance appliance = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            String internet = "https://127.0.0.1:" + appliance.httpsPort(Zone.INTERNET);
            String lgwan = "https://127.0.0.1:" + appliance.httpsPort(Zone.LGWAN);

            // Staff create the folder and let acme in as editors.
            signIn(lgwan, "tanaka");
            browser.get(lgwan + "/folders");
            browser.findElement(By.cssSelector("details.card summary")).click();
            browser.findElement(By.name("name")).sendKeys("見積 2026");
            browser.findElement(By.name("purpose")).sendKeys("acme と令和八年度の見積書を詰める");
            browser.findElement(By.id("create-folder")).click();
            await(d -> d.getCurrentUrl().matches(".*/folders/[0-9]+$"));
            String folder = browser.getCurrentUrl().substring(lgwan.length());
            browser.findElement(By.cssSelector("#add-member input[name='who']")).sendKeys("acme");
            browser.findElement(By.cssSelector("#add-member button")).click();
            await(d -> d.findElements(By.cssSelector("#members td")).stream()
                    .anyMatch(td -> td.getText().startsWith("acme")));
            assertThat(browser.findElement(By.cssSelector("form[data-confirm]")).getAttribute("data-confirm"))
                    .as("removing a member asks first")
                    .startsWith("acme をこのフォルダのメンバーから外しますか？");
            screenshot("staff-folder-members");
            signOut();

            // The partner adds a macro document; staff will see it disarmed.
            signIn(internet, "acme-user");
            browser.get(internet + "/folders");
            browser.findElement(By.linkText("見積 2026")).click();
            browser.findElement(By.id("files"))
                    .sendKeys(write("見積書.docm", Specimens.docm("令和八年度の見積書です。")).toString());
            browser.findElement(By.id("upload")).click();
            await(d -> d.findElement(By.id("progress")).getText().contains("保存しました"));
            screenshot("partner-folder-uploaded");
            await(d -> {
                d.get(internet + folder);
                return d.findElements(By.cssSelector("#files td.num")).stream()
                        .anyMatch(td -> td.getText().equals("#1"));
            });
            screenshot("partner-folder");
            signOut();

            // Staff fetch the disarmed copy, edit it, and save it back as version 2.
            signIn(lgwan, "tanaka");
            browser.get(lgwan + folder);
            browser.findElement(By.linkText("見積書.docx")).click();
            assertThat(browser.findElement(By.id("versions")).getText()).contains("#1", "acme-user");
            screenshot("staff-file-history");
            browser.findElement(By.cssSelector("#versions a[href$='/versions/1']"))
                    .click();
            awaitDownload("見積書.docx");
            browser.findElement(By.id("files"))
                    .sendKeys(
                            write("見積書 (1).docx", Specimens.docx("見積額を改めました。")).toString());
            browser.findElement(By.id("upload")).click();
            await(d -> d.findElement(By.id("progress")).getText().contains("保存しました"));
            await(d -> d.findElements(By.id("versions")).size() == 1
                    && d.findElement(By.id("versions")).getText().contains("#2"));
            // On a phone the page fits its width: a wide table scrolls inside itself.
            ChromeDriver chrome = (ChromeDriver) browser;
            chrome.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
            browser.navigate().refresh();
            await(d -> d.findElements(By.id("versions")).size() == 1);
            Object overflow = chrome.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            screenshot("staff-file-history-phone");
            assertThat(((Number) overflow).longValue())
                    .as("pixels the page is wider than a 390 px phone")
                    .isLessThanOrEqualTo(0);
            chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            assertThat(appliance
                            .folders()
                            .files(appliance
                                    .folders()
                                    .visibleTo("tanaka")
                                    .get(0)
                                    .id()))
                    .as("saved back under another name, it is still the one file")
                    .hasSize(1);
            screenshot("staff-file-version-2");
        }
    }

    /**
     * ISSUE 27: a partner's upload stopped half-way (its first half sent through the API, as a
     * dropped connection leaves it). The send page says so, and choosing the same file again goes
     * on from where it stopped, showing it: the file is received once, whole.
     */
    /**
     * Issue 25 in the browser: a partner sends to 税務課, the department the city linked to it;
     * 税務課's clerk reads the sender and the department by name, 子ども家庭課's clerk sees nothing
     * of it, and the partner's own list names the department it went to.
     */
    @Test
    void aPartnerSendsToADepartmentAndOnlyThatDepartmentSeesIt() throws Exception {
        Path data = tmp.resolve("data");
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
                Appliance appliance = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            for (String[] staff : List.of(new String[] {"suzuki", "zeimu"}, new String[] {"kato", "kodomo"})) {
                appliance
                        .accounts()
                        .create(
                                new jp.kakehashi.appliance.identity.Account(
                                        staff[0], Role.STAFF, staff[1], List.of(), false),
                                java.util.Optional.of(ApplianceHarness.PASSWORD.toCharArray()),
                                "test");
            }
            for (String[] command : List.of(
                    new String[] {"department", "add", "zeimu", "--name", "税務課"},
                    new String[] {"department", "add", "kodomo", "--name", "子ども家庭課"},
                    new String[] {"department", "link", "zeimu", "--partner", "acme"})) {
                String[] args = java.util.Arrays.copyOf(command, command.length + 2);
                args[command.length] = "--data-dir";
                args[command.length + 1] = data.toString();
                assertThat(jp.kakehashi.appliance.cli.CliRunner.run("", args).exit())
                        .isZero();
            }
            String internet = "https://127.0.0.1:" + appliance.httpsPort(Zone.INTERNET);
            String lgwan = "https://127.0.0.1:" + appliance.httpsPort(Zone.LGWAN);

            signIn(internet, "acme-user");
            var to = new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("to")));
            assertThat(to.getOptions())
                    .extracting(org.openqa.selenium.WebElement::getText)
                    .as("acme may address 税務課 alone, or one person of it")
                    .containsExactly("税務課", "suzuki（税務課）");
            to.selectByVisibleText("税務課");
            browser.findElement(By.id("subject")).sendKeys("令和8年度 固定資産税の件");
            browser.findElement(By.id("message")).sendKeys("ご確認ください。\n不明な点は担当の佐藤までご連絡ください。");
            browser.findElement(By.id("files"))
                    .sendKeys(write("納税通知.txt", "固定資産税の納税通知".getBytes(StandardCharsets.UTF_8))
                            .toString());
            browser.findElement(By.id("start")).click();
            await(d -> d.findElement(By.id("progress")).getText().contains("受け渡し済"));
            browser.get(internet + "/sent");
            String sent =
                    browser.findElement(By.cssSelector("table.items tbody")).getText();
            assertThat(sent)
                    .as("送り先 is the department, not acme itself")
                    .contains("納税通知.txt", "税務課")
                    .doesNotContain("acme");
            screenshot("partner-sent-to-department");
            signOut();

            signIn(lgwan, "suzuki");
            browser.get(lgwan + "/inbox");
            String inbox =
                    browser.findElement(By.cssSelector("table.items tbody")).getText();
            assertThat(inbox).contains("納税通知.txt", "acme-user（acme）");
            browser.findElement(By.linkText("納税通知.txt")).click();
            assertThat(browser.findElement(By.cssSelector("dd.sent-by")).getText())
                    .isEqualTo("acme-user（acme）");
            assertThat(browser.findElement(By.cssSelector("dd.sent-to")).getText())
                    .isEqualTo("税務課");
            assertThat(browser.findElement(By.cssSelector("dd.note-subject")).getText())
                    .isEqualTo("令和8年度 固定資産税の件");
            assertThat(browser.findElement(By.cssSelector("dd.note-message")).getText())
                    .isEqualTo("ご確認ください。\n不明な点は担当の佐藤までご連絡ください。");
            screenshot("department-staff-item");
            signOut();

            signIn(lgwan, "kato");
            browser.get(lgwan + "/inbox");
            assertThat(browser.findElement(By.tagName("main")).getText())
                    .as("子ども家庭課 sees nothing of 税務課's file")
                    .doesNotContain("納税通知.txt");
            screenshot("other-department-inbox");
        }
    }

    @Test
    void theSendPageResumesAnUploadThatStoppedHalfWay() throws Exception {
        Path data = tmp.resolve("data");
        byte[] drawing = new byte[3 * 1024 * 1024];
        new java.util.Random(27).nextBytes(drawing);
        Path file = write("図面.dwg", drawing);
        try (Appliance appliance = ApplianceHarness.start(data, "tcp://127.0.0.1:9", StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            String internet = "https://127.0.0.1:" + appliance.httpsPort(Zone.INTERNET);
            String token = ApplianceHarness.apiToken(data, "acme-user");
            java.net.http.HttpClient http = PortalClient.trusting(data);
            var created = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(internet + "/api/v1/uploads"))
                            .header("Authorization", "Bearer " + token)
                            .header("Upload-Length", String.valueOf(drawing.length))
                            .header("Upload-Metadata", "filename " + b64("図面.dwg") + ",destination " + b64("city"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            var half = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(internet
                                    + created.headers().firstValue("Location").orElseThrow()))
                            .header("Authorization", "Bearer " + token)
                            .header("Upload-Offset", "0")
                            .header("Content-Type", "application/offset+octet-stream")
                            .method(
                                    "PATCH",
                                    java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                                            drawing, 0, drawing.length / 2))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(half.statusCode()).as(half.body()).isEqualTo(204);

            signIn(internet, "acme-user");
            assertThat(browser.getCurrentUrl()).endsWith("/send");
            await(d -> d.findElement(By.id("unfinished")).isDisplayed());
            assertThat(browser.findElement(By.id("unfinished")).getText())
                    .contains("途中で止まった送信があります", "図面.dwg (1.5 MB / 3.0 MB)", "取り消す");
            screenshot("partner-unfinished-upload");

            browser.findElement(By.id("files")).sendKeys(file.toString());
            browser.findElement(By.id("start")).click();
            await(d -> d.findElement(By.id("progress")).getText().contains("受け付けました")
                    || d.findElements(By.cssSelector("#progress .state a")).size() == 1);
            assertThat(browser.findElement(By.id("progress")).getText())
                    .contains("図面.dwg", "再開しました 1.5 MB / 3.0 MB")
                    .doesNotContain("送れませんでした");
            await(d -> !d.findElement(By.id("unfinished")).isDisplayed());
            screenshot("partner-resumed-upload");
            assertThat(appliance.items().bySender("acme-user")).singleElement().satisfies(item -> {
                assertThat(item.name()).isEqualTo("図面.dwg");
                assertThat(item.sha256())
                        .isEqualTo(java.util.HexFormat.of()
                                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                        .digest(drawing)));
            });
        }
    }

    private static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Signs in as a person would: password, then the authenticator's code (enrolling it the first time). */
    private void signIn(String base, String name) throws Exception {
        browser.get(base + "/login");
        screenshot("login-" + name);
        browser.findElement(By.name("name")).sendKeys(name);
        browser.findElement(By.name("password")).sendKeys(ApplianceHarness.PASSWORD);
        browser.findElement(By.cssSelector("form[action='/login'] button")).click();
        await(d ->
                d.getCurrentUrl().endsWith("/login/enrol") || d.getCurrentUrl().endsWith("/login/totp"));
        if (browser.getCurrentUrl().endsWith("/login/enrol")) {
            String secret = browser.findElement(By.cssSelector("code.secret")).getText();
            PortalClient.SECRETS.put(name, secret);
            screenshot("enrol-" + name);
            browser.findElement(By.name("code")).sendKeys(Authenticator.fresh(secret));
            browser.findElement(By.cssSelector("form[action='/login/enrol'] button"))
                    .click();
        } else {
            browser.findElement(By.name("code")).sendKeys(Authenticator.fresh(PortalClient.SECRETS.get(name)));
            browser.findElement(By.cssSelector("form[action='/login/totp'] button"))
                    .click();
        }
        await(d -> !d.getCurrentUrl().contains("/login"));
    }

    private void signOut() {
        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        await(d -> d.getCurrentUrl().contains("/login"));
    }

    private <T> T await(java.util.function.Function<WebDriver, T> condition) {
        // A page the script reloads may go stale between finding an element and reading it.
        return new WebDriverWait(browser, Duration.ofSeconds(90), Duration.ofMillis(250))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
    }

    private Path awaitDownload(String name) {
        Path file = downloads.resolve(name);
        await(d -> Files.exists(file) && !Files.exists(downloads.resolve(name + ".crdownload")));
        return file;
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("outbox"));
        return Files.write(dir.resolve(name), bytes);
    }

    private void screenshot(String name) throws Exception {
        shot++;
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(String.format("%02d-%s.png", shot, name)), png);
    }

    private static List<String> zipEntries(byte[] zip) throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
