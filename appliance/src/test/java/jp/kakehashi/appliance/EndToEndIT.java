package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditVerifier;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatPathExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The path of issue 2, against real parts: a partner uploads over SFTP on the internet listener,
 * a real clamd scans, the pipeline disarms and indexes, and staff download the renditions on the
 * LGWAN listener; EICAR never crosses and its reason reaches the partner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndIT {
    @TempDir
    static Path tmp;

    Clamd clamd;
    Appliance appliance;

    @BeforeAll
    void start() throws Exception {
        clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
        appliance = ApplianceHarness.start(tmp.resolve("data"), clamd.tcpAddress(), StageHook.NONE);
        ApplianceHarness.addAccounts(appliance);
    }

    @AfterAll
    void stop() throws Exception {
        appliance.close();
        clamd.close();
    }

    @Test
    void partnerUploadsAreDisarmedForStaffAndMalwareNeverCrosses() throws Exception {
        int internet = appliance.sftpPort(Zone.INTERNET);
        try (var partner = ApplianceHarness.login(internet, "acme-user")) {
            put(partner.sftp(), "/to-city/見積書.docm", Specimens.docm("令和八年度の見積書を送付いたします。"));
            put(partner.sftp(), "/to-city/report.pdf", Specimens.pdfWithOpenActionJavaScript());
            put(partner.sftp(), "/to-city/議事録メモ.txt", "会議の議事録です。予算について。\n".getBytes(StandardCharsets.UTF_8));
            put(partner.sftp(), "/to-city/eicar.txt", Clamd.eicar());
        }
        List<TransferItem> items = awaitFinal(4);
        TransferItem malware = items.stream()
                .filter(i -> i.name().equals("eicar.txt"))
                .findFirst()
                .orElseThrow();
        assertThat(malware.state()).isEqualTo(ItemState.QUARANTINED);
        assertThat(malware.reasonCode()).isEqualTo("MALWARE");
        assertThat(malware.reasonDetail()).contains(Clamd.SIGNATURE);
        assertThat(items)
                .filteredOn(i -> i != malware)
                .allSatisfy(i -> assertThat(i.state()).isEqualTo(ItemState.PUBLISHED));

        int lgwan = appliance.sftpPort(Zone.LGWAN);
        try (var staff = ApplianceHarness.login(lgwan, "tanaka")) {
            List<String> names = list(staff.sftp(), "/from-partners/acme");
            assertThat(names).containsExactlyInAnyOrder("見積書.docx", "report.pdf", "議事録メモ.txt");

            byte[] docx = get(staff.sftp(), "/from-partners/acme/見積書.docx");
            List<String> parts = zipEntries(docx);
            assertThat(parts).contains("word/document.xml").noneMatch(p -> p.contains("vbaProject"));
            assertThat(new String(entry(docx, "[Content_Types].xml"), StandardCharsets.UTF_8))
                    .doesNotContain("macroEnabled");

            byte[] pdf = get(staff.sftp(), "/from-partners/acme/report.pdf");
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                assertThat(doc.getDocumentCatalog()
                                .getCOSObject()
                                .containsKey(org.apache.pdfbox.cos.COSName.OPEN_ACTION))
                        .isFalse();
                assertThat(doc.getNumberOfPages()).isEqualTo(1);
            }
            assertThat(new String(get(staff.sftp(), "/from-partners/acme/議事録メモ.txt"), StandardCharsets.UTF_8))
                    .contains("予算");
        }

        try (var partner = ApplianceHarness.login(internet, "acme-user")) {
            String receipts = String.join("\n", list(partner.sftp(), "/receipts"));
            String eicarReceipt = list(partner.sftp(), "/receipts").stream()
                    .filter(n -> n.contains("eicar"))
                    .findFirst()
                    .orElseThrow();
            assertThat(receipts).contains("見積書.docm");
            String docmReceipt = list(partner.sftp(), "/receipts").stream()
                    .filter(n -> n.contains("見積書"))
                    .findFirst()
                    .orElseThrow();
            assertThat(new String(get(partner.sftp(), "/receipts/" + docmReceipt), StandardCharsets.UTF_8))
                    .contains("マクロを削除しました。表・計算式・書式はそのまま使えます。")
                    .contains("Macros were removed.")
                    .as("the sender reads what a sender can do, and what was removed in words")
                    .contains("保存し直して、もう一度送ってください", "- マクロ: /word/vbaProject.bin / macro: /word/vbaProject.bin")
                    .doesNotContain("送信者に");
            String text = new String(get(partner.sftp(), "/receipts/" + eicarReceipt), StandardCharsets.UTF_8);
            assertThat(text).contains("MALWARE").contains("マルウェアが検出されました").contains("Malware was detected");
        }

        assertThat(appliance.index().search("見積書", Zone.LGWAN, Optional.empty(), 10))
                .containsExactly(items.stream()
                        .filter(i -> i.name().equals("見積書.docm"))
                        .findFirst()
                        .orElseThrow()
                        .id());
        assertThat(appliance.index().search("見積書", Zone.INTERNET, Optional.of("acme"), 10))
                .isEmpty();

        AuditVerifier.Result audit = AuditVerifier.verify(appliance.dataDir().resolve("audit"));
        assertThat(audit.ok()).as(audit.problem()).isTrue();
        assertThat(AuditLog.readRecords(appliance.dataDir().resolve("audit"))).anySatisfy(r -> {
            assertThat(r.path("type").asText()).isEqualTo("ITEM_DOWNLOADED");
            assertThat(r.path("actor").asText()).isEqualTo("tanaka");
            assertThat(r.path("zone").asText()).isEqualTo("lgwan");
        });
    }

    @Test
    void accountsLogInOnlyOnTheirOwnZone() {
        assertThatThrownBy(() -> ApplianceHarness.login(appliance.sftpPort(Zone.LGWAN), "acme-user")
                        .close())
                .isInstanceOf(Exception.class);
        assertThatThrownBy(() -> ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "tanaka")
                        .close())
                .isInstanceOf(Exception.class);
        assertThatThrownBy(() -> ApplianceHarness.loginWithPasswordAndCode(
                                appliance.sftpPort(Zone.INTERNET), "acme-user", "wrong password!!", "000000")
                        .close())
                .isInstanceOf(Exception.class);
    }

    @Test
    void pathsOutsideTheVirtualTreeAndWritesOutsideDropFoldersAreRefused() throws Exception {
        try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
            SftpClient sftp = partner.sftp();
            for (String path : List.of(
                    "/../../etc/passwd",
                    "/etc/passwd",
                    "/from-city/x.txt",
                    "/x.txt",
                    "/to-city/../x.txt",
                    "/receipts/x.txt",
                    "/shared/x.txt",
                    "/shared/no-such-folder/x.txt")) {
                assertThatThrownBy(() -> put(sftp, path, "x".getBytes(StandardCharsets.UTF_8)))
                        .as(path)
                        .isInstanceOf(IOException.class);
            }
            assertThatThrownBy(() -> sftp.read("/../../etc/passwd").readAllBytes())
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.symLink("/to-city/link", "/etc/passwd"))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.mkdir("/to-city/sub")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.rename("/to-city", "/elsewhere")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> put(sftp, "/to-city/bad\u202Etxt.exe", "x".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("NAME_BIDI_CONTROL");
            assertThat(list(sftp, "/")).containsExactlyInAnyOrder("to-city", "from-city", "receipts", "shared");
            assertThat(list(sftp, "/..")).containsExactlyInAnyOrder("to-city", "from-city", "receipts", "shared");
            // The virtual tree has no file store: statvfs is refused and the session carries on.
            OpenSSHStatPathExtension statvfs = sftp.getExtension(OpenSSHStatPathExtension.class);
            assertThatThrownBy(() -> statvfs.stat("/to-city")).isInstanceOf(IOException.class);
            assertThat(sftp.stat("/to-city").isDirectory()).isTrue();
        }
        try (var mynumber = ApplianceHarness.login(appliance.sftpPort(Zone.MYNUMBER), "mn-import")) {
            assertThat(list(mynumber.sftp(), "/")).containsExactly("from-lgwan");
            for (String path : List.of("/from-lgwan/x.csv", "/x.csv")) {
                assertThatThrownBy(() -> put(mynumber.sftp(), path, "a,b\n".getBytes(StandardCharsets.UTF_8)))
                        .as(path)
                        .isInstanceOf(IOException.class);
            }
        }
    }

    private List<TransferItem> awaitFinal(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<TransferItem> all = appliance.items().bySender("acme-user");
            if (all.size() >= count && all.stream().allMatch(i -> i.state().terminal())) {
                return all;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("items did not finish: " + appliance.items().bySender("acme-user"));
    }

    /**
     * ATTACKS SFTP-05 and F-09: two sessions write one path at once, their chunks interleaved on
     * the wire. Each upload is its own file, byte for byte, never a mix of the two.
     */
    @Test
    void twoSessionsWritingOnePathAtOnceMakeTwoWholeFiles() throws Exception {
        byte[] first = "一つ目の版です。\n".repeat(20_000).getBytes(StandardCharsets.UTF_8);
        byte[] second = "二つ目の版、別の内容。\n".repeat(20_000).getBytes(StandardCharsets.UTF_8);
        int internet = appliance.sftpPort(Zone.INTERNET);
        try (var one = ApplianceHarness.login(internet, "acme-user");
                var two = ApplianceHarness.login(internet, "acme-user");
                OutputStream a = one.sftp().write("/to-city/同時送信.txt");
                OutputStream b = two.sftp().write("/to-city/同時送信.txt")) {
            int chunk = 32 * 1024;
            for (int at = 0; at < Math.max(first.length, second.length); at += chunk) {
                if (at < first.length) {
                    a.write(first, at, Math.min(chunk, first.length - at));
                    a.flush();
                }
                if (at < second.length) {
                    b.write(second, at, Math.min(chunk, second.length - at));
                    b.flush();
                }
            }
        }
        long deadline = System.nanoTime() + 120_000_000_000L;
        List<TransferItem> both = List.of();
        while (System.nanoTime() < deadline) {
            both = appliance.items().bySender("acme-user").stream()
                    .filter(i -> i.name().equals("同時送信.txt"))
                    .toList();
            if (both.size() == 2 && both.stream().allMatch(i -> i.state().terminal())) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(both).hasSize(2).allSatisfy(i -> assertThat(i.state()).isEqualTo(ItemState.PUBLISHED));
        assertThat(both).extracting(TransferItem::sha256).containsExactlyInAnyOrder(sha256(first), sha256(second));
    }

    private static String sha256(byte[] bytes) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static void put(SftpClient sftp, String path, byte[] content) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write(content);
        }
    }

    static byte[] get(SftpClient sftp, String path) throws IOException {
        try (InputStream in = sftp.read(path)) {
            return in.readAllBytes();
        }
    }

    static List<String> list(SftpClient sftp, String dir) throws IOException {
        List<String> names = new ArrayList<>();
        for (SftpClient.DirEntry e : sftp.readDir(dir)) {
            if (!e.getFilename().equals(".") && !e.getFilename().equals("..")) {
                names.add(e.getFilename());
            }
        }
        Collections.sort(names);
        return names;
    }

    static List<String> zipEntries(byte[] zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        return names;
    }

    static byte[] entry(byte[] zip, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError("no entry " + name);
    }
}
