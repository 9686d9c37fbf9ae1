package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ATTACKS ARC-04..15: archives are rebuilt member by member, or refused before anything expands. */
class ZipDisarmerTest {
    @TempDir
    Path dir;

    final Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());

    @Test
    void explorerStyleShiftJisArchivesAreRebuiltMemberByMember() throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("見積/見積書.docm", SanitizerTest.docm());
        members.put("見積/明細.csv", "品目,金額\n工事,=1+2\n".getBytes(Charset.forName("windows-31j")));
        byte[] pe = new byte[512];
        pe[0] = 'M';
        pe[1] = 'Z';
        members.put("setup.exe", pe);
        DisarmResult.Disarmed d = disarm("案件資料.zip", zip(members, Charset.forName("windows-31j")));
        assertThat(entries(d.output())).containsExactly("見積/見積書.docx", "見積/明細.csv");
        String report = d.removals().toString();
        assertThat(report)
                .contains("見積/見積書.docm: ")
                .contains("macro")
                .contains("formula")
                .contains("setup.exe");
        assertThat(d.removals()).extracting(Removal::kind).contains("member-removed");
        try (ZipFile out = new ZipFile(d.output().toFile(), StandardCharsets.UTF_8)) {
            byte[] csv = out.getInputStream(out.getEntry("見積/明細.csv")).readAllBytes();
            assertThat(new String(csv, Charset.forName("windows-31j"))).isEqualTo("品目,金額\n工事,'=1+2\n");
        }
    }

    /**
     * ISSUE 28: macOS's Archive Utility and Info-ZIP write UTF-8 names without the UTF-8 flag. Such
     * an archive was blocked as damaged; its names are now read as UTF-8 because they are valid
     * UTF-8 (and a Windows CP932 archive still as CP932), and an encrypted one is recognised as
     * encrypted, so that its recipient is asked for the password.
     */
    @Test
    void namesAreDecodedByEvidenceNeverFailingTheArchive() throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("見積/明細.csv", "品目,金額\n工事,100\n".getBytes(StandardCharsets.UTF_8));
        members.put("説明.txt", "補修工事の説明".getBytes(StandardCharsets.UTF_8));
        // What Archive Utility adds of its own: a resource fork per file and the Finder's folder view.
        members.put(
                "__MACOSX/見積/._明細.csv", new byte[] {0, 5, 22, 7, 0, 2, 0, 0, 'M', 'a', 'c', ' ', 'O', 'S', ' ', 'X'});
        members.put("見積/.DS_Store", new byte[] {0, 0, 0, 1, 'B', 'u', 'd', '1', 0, 0, 16, 0});
        byte[] mac = unflaggedUtf8Zip(members);
        DisarmResult.Disarmed fromMac = disarm("Mac で圧縮.zip", mac);
        assertThat(entries(fromMac.output())).containsExactly("見積/明細.csv", "説明.txt");
        assertThat(fromMac.removals())
                .as("the Mac's own files are left out as such, not as files that cannot be passed on")
                .extracting(Removal::kind)
                .containsOnly("os-metadata");
        assertThat(Receipts.of(fromMac.removals(), Receipts.Reader.RECIPIENT).ja())
                .as("and the receipt says so in words")
                .contains("Mac や Windows が自動で作る管理用のファイル（__MACOSX、.DS_Store、Thumbs.db）を除きました。中のファイルはそのままです。");

        byte[] encrypted = unflaggedUtf8Zip(Map.of("秘密.txt", "中身".getBytes(StandardCharsets.UTF_8)));
        setEncryptedFlag(encrypted);
        assertThat(disarmRaw("Mac で暗号化.zip", encrypted))
                .isInstanceOfSatisfying(
                        DisarmResult.Refused.class,
                        f -> assertThat(f.reason().code()).isEqualTo(ReasonCode.ENCRYPTED_CONTENT));

        // Bytes that are neither UTF-8 nor CP932 name a member all the same (replacement characters).
        byte[] odd = zip(Map.of("ab.txt", "x".getBytes(StandardCharsets.UTF_8)), StandardCharsets.ISO_8859_1);
        replaceNameBytes(odd, "ab".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0x81, (byte) 0xFF});
        assertThat(disarmRaw("odd.zip", odd)).isInstanceOf(DisarmResult.Disarmed.class);
    }

    /** ISSUE 28: an archive's text is its members' text (for DLP and search), nested archives too. */
    @Test
    void anArchivesTextIsItsMembersText() throws Exception {
        byte[] inner = zip(
                Map.of("名簿.csv", "氏名,個人番号\n山田太郎,123456789018\n".getBytes(Charset.forName("windows-31j"))),
                Charset.forName("windows-31j"));
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("説明.txt", "見守り活動の報告".getBytes(StandardCharsets.UTF_8));
        members.put("添付.zip", inner);
        Path in = dir.resolve("報告.zip");
        Files.write(in, zip(members, StandardCharsets.UTF_8));
        String text = sanitizer.extractText(in, "application/zip");
        assertThat(text).contains("見守り活動の報告").contains("123456789018");
        assertThat(text)
                .as("each member's text begins with a line that names it, for DLP to say where it found something")
                .contains(TextExtractor.MEMBER + "添付.zip/名簿.csv\n");
    }

    /** A ZIP as macOS's Archive Utility writes it: UTF-8 names, no UTF-8 flag, no Unicode extra field. */
    static byte[] unflaggedUtf8Zip(Map<String, byte[]> members) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream zip =
                new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(bytes)) {
            zip.setEncoding("UTF-8");
            zip.setUseLanguageEncodingFlag(false);
            zip.setCreateUnicodeExtraFields(
                    org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream.UnicodeExtraFieldPolicy.NEVER);
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                zip.putArchiveEntry(new org.apache.commons.compress.archivers.zip.ZipArchiveEntry(m.getKey()));
                zip.write(m.getValue());
                zip.closeArchiveEntry();
            }
        }
        byte[] out = bytes.toByteArray();
        assertThat(out[7] & 0x08).as("no UTF-8 flag (bit 11)").isZero();
        return out;
    }

    /** Overwrites every occurrence of a name's bytes (same length) in the local and central headers. */
    private static void replaceNameBytes(byte[] zip, byte[] from, byte[] to) {
        for (int i = 0; i + from.length <= zip.length; i++) {
            if (java.util.Arrays.equals(zip, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, zip, i, to.length);
            }
        }
    }

    @Test
    void traversalAndDeviceNamesRefuseTheWholeArchive() throws Exception {
        for (String name : List.of(
                "../../evil.txt",
                "/etc/passwd",
                "a/../../x.txt",
                "C:\\x.txt",
                "a\\..\\x.txt",
                "CON.txt",
                "report.txt.",
                "a.txt:Zone.Identifier",
                "請求書\u202Etxt.exe")) {
            DisarmResult r = disarmRaw(
                    "slip.zip", zip(Map.of(name, "x".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
            assertThat(r)
                    .as(name)
                    .isInstanceOfSatisfying(
                            DisarmResult.Refused.class,
                            f -> assertThat(f.reason().code()).isEqualTo(ReasonCode.UNSAFE_ENTRY_NAME));
        }
    }

    @Test
    void duplicateNamesAreAmbiguousAndRefused() throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("Report.txt", "a".getBytes(StandardCharsets.UTF_8));
        members.put("ｒｅｐｏｒｔ.txt", "b".getBytes(StandardCharsets.UTF_8));
        assertThat(disarmRaw("dup.zip", zip(members, StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        DisarmResult.Refused.class,
                        f -> assertThat(f.reason().detail()).contains("two entries"));
    }

    @Test
    void nestingBeyondTheLimitIsRefused() throws Exception {
        byte[] inner = zip(Map.of("a.txt", "深い".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        for (int i = 0; i < 3; i++) {
            inner = zip(Map.of("level" + i + ".zip", inner), StandardCharsets.UTF_8);
        }
        assertThat(disarmRaw("deep.zip", inner)).isInstanceOfSatisfying(DisarmResult.Refused.class, f -> {
            assertThat(f.reason().code()).isEqualTo(ReasonCode.ARCHIVE_TOO_DEEP);
            assertThat(f.reason().detail()).startsWith("level2.zip → level1.zip → level0.zip");
        });
        byte[] ok = zip(
                Map.of("in.zip", zip(Map.of("a.txt", "浅い".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        assertThat(disarm("ok.zip", ok).removals()).isEmpty();
    }

    @Test
    void aRatioBombStopsWhileStreaming() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("zeros.txt"));
            byte[] zeros = new byte[1 << 20];
            java.util.Arrays.fill(zeros, (byte) 'a');
            for (int i = 0; i < 64; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertThat(disarmRaw("bomb.zip", bytes.toByteArray()))
                .isInstanceOfSatisfying(
                        DisarmResult.Refused.class,
                        f -> assertThat(f.reason().code()).isEqualTo(ReasonCode.ARCHIVE_LIMIT));
    }

    @Test
    void anEncryptedMemberQuarantinesTheArchive() throws Exception {
        byte[] zip = zip(Map.of("secret.txt", "中身".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        setEncryptedFlag(zip);
        assertThat(disarmRaw("ppap.zip", zip)).isInstanceOfSatisfying(DisarmResult.Refused.class, f -> {
            assertThat(f.reason().code()).isEqualTo(ReasonCode.ENCRYPTED_CONTENT);
            assertThat(f.reason().code().verdict()).isEqualTo(Verdict.QUARANTINED);
        });
    }

    @Test
    void overlappingEntriesAreRefusedBeforeExpanding() throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("a.txt", "aaaa".getBytes(StandardCharsets.UTF_8));
        members.put("b.txt", "bbbb".getBytes(StandardCharsets.UTF_8));
        byte[] zip = zip(members, StandardCharsets.UTF_8);
        pointSecondCentralEntryAtFirstLocalHeader(zip);
        assertThat(disarmRaw("overlap.zip", zip))
                .isInstanceOfSatisfying(
                        DisarmResult.Refused.class,
                        f -> assertThat(f.reason().code()).isEqualTo(ReasonCode.MALFORMED));
    }

    @Test
    void symbolicLinksAreRefused() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            ZipArchiveEntry link = new ZipArchiveEntry("passwd");
            link.setUnixMode(UnixStat.LINK_FLAG | 0777);
            zip.putArchiveEntry(link);
            zip.write("/etc/passwd".getBytes(StandardCharsets.US_ASCII));
            zip.closeArchiveEntry();
        }
        assertThat(disarmRaw("link.zip", bytes.toByteArray()))
                .isInstanceOfSatisfying(
                        DisarmResult.Refused.class,
                        f -> assertThat(f.reason().detail()).contains("symbolic link"));
    }

    @Test
    void truncatedArchivesEndInAVerdict() throws Exception {
        byte[] zip = zip(Map.of("a.txt", "本文".repeat(1000).getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        for (int len = 1; len < zip.length; len = len * 2 + 3) {
            assertThat(disarmRaw("cut.zip", java.util.Arrays.copyOf(zip, len))).isNotNull();
        }
    }

    private DisarmResult.Disarmed disarm(String name, byte[] content) throws IOException {
        DisarmResult r = disarmRaw(name, content);
        assertThat(r).isInstanceOf(DisarmResult.Disarmed.class);
        return (DisarmResult.Disarmed) r;
    }

    private DisarmResult disarmRaw(String name, byte[] content) throws IOException {
        Path in = dir.resolve(name);
        Files.write(in, content);
        return sanitizer.disarm(in, new Detection("application/zip", ".zip", ".zip"), dir);
    }

    static byte[] zip(Map<String, byte[]> members, Charset names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, names)) {
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                zip.putNextEntry(new ZipEntry(m.getKey()));
                zip.write(m.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static List<String> entries(Path zip) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
            List<String> names = new ArrayList<>();
            for (ZipEntry e : Collections.list(z.entries())) {
                names.add(e.getName());
            }
            return names;
        }
    }

    /** Sets bit 0 (encrypted) of the general purpose flags in every local and central header. */
    private static void setEncryptedFlag(byte[] zip) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 4 <= zip.length; i++) {
            int sig = b.getInt(i);
            if (sig == 0x04034b50) {
                b.putShort(i + 6, (short) (b.getShort(i + 6) | 1));
            } else if (sig == 0x02014b50) {
                b.putShort(i + 8, (short) (b.getShort(i + 8) | 1));
            }
        }
    }

    /** Makes the second central-directory entry claim the first entry's local header. */
    private static void pointSecondCentralEntryAtFirstLocalHeader(byte[] zip) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int seen = 0;
        for (int i = 0; i + 4 <= zip.length; i++) {
            if (b.getInt(i) == 0x02014b50 && ++seen == 2) {
                b.putInt(i + 42, 0);
                return;
            }
        }
    }

    static byte[] read(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
