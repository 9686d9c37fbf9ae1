package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.kakehashi.sanitizer.specimens.HostileSpecimens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PPAP without the pain: the recipient's password opens ZIP, Office and PDF files, and goes nowhere else. */
class DecryptorTest {
    final Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());

    @TempDir
    Path dir;

    @Test
    void anEncryptedWordFileOpensWithItsPasswordAndIsThenDisarmed() throws Exception {
        Path in = write("見積書.docx", HostileSpecimens.encryptedDocx());
        Detection d = sanitizer.detect(in, "見積書.docx");
        assertThat(d.mediaType()).isEqualTo("application/x-tika-ooxml-protected");

        DecryptResult opened = decrypt(in, d, "himitsu");
        assertThat(opened).isInstanceOf(DecryptResult.Decrypted.class);
        Path plain = ((DecryptResult.Decrypted) opened).output();
        DisarmResult r = sanitizer.disarm(plain, sanitizer.detect(plain, "見積書.docx"), dir);
        assertThat(r).isInstanceOf(DisarmResult.Disarmed.class);
        assertThat(sanitizer.extractText(((DisarmResult.Disarmed) r).output(), ((DisarmResult.Disarmed) r).mediaType()))
                .contains("暗号化された見積書");
    }

    @Test
    void aWrongPasswordIsSaidPlainlyAndNeverRepeated() throws Exception {
        Path in = write("見積書.docx", HostileSpecimens.encryptedDocx());
        DecryptResult r = decrypt(in, sanitizer.detect(in, "見積書.docx"), "guess-1234");
        assertThat(r).isInstanceOfSatisfying(DecryptResult.Refused.class, refused -> {
            assertThat(refused.reason().code()).isEqualTo(ReasonCode.WRONG_PASSWORD);
            assertThat(refused.reason().toString()).doesNotContain("guess-1234");
        });
        assertThat(new Password("guess-1234".toCharArray()).toString()).doesNotContain("guess");
    }

    @Test
    void aUserPasswordPdfOpensIntoAnUnencryptedCopy() throws Exception {
        Path in = write("user.pdf", HostileSpecimens.userPasswordPdf());
        Detection d = sanitizer.detect(in, "user.pdf");
        assertThat(decrypt(in, d, "wrong"))
                .isInstanceOfSatisfying(
                        DecryptResult.Refused.class,
                        r -> assertThat(r.reason().code()).isEqualTo(ReasonCode.WRONG_PASSWORD));
        DecryptResult opened = decrypt(in, d, "user-secret");
        assertThat(opened).isInstanceOf(DecryptResult.Decrypted.class);
        Path plain = ((DecryptResult.Decrypted) opened).output();
        assertThat(sanitizer.disarm(plain, sanitizer.detect(plain, "user.pdf"), dir))
                .isInstanceOf(DisarmResult.Disarmed.class);
    }

    @Test
    void aesAndZipCryptoArchivesOpenWithJapaneseNamesAndTheirMembersAreDisarmed() throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("見積書.docx", HostileSpecimens.docxWith("見積"));
        members.put("メモ.txt", "打合せ\n".getBytes(StandardCharsets.UTF_8));
        for (boolean aes : new boolean[] {true, false}) {
            Path in = write("資料.zip", HostileSpecimens.encryptedZip(members, "pass-7890", aes));
            Detection d = sanitizer.detect(in, "資料.zip");
            assertThat(decrypt(in, d, "nope"))
                    .as("aes=" + aes)
                    .isInstanceOfSatisfying(
                            DecryptResult.Refused.class,
                            r -> assertThat(r.reason().code()).isEqualTo(ReasonCode.WRONG_PASSWORD));
            DecryptResult opened = decrypt(in, d, "pass-7890");
            assertThat(opened).as("aes=" + aes).isInstanceOf(DecryptResult.Decrypted.class);
            Path plain = ((DecryptResult.Decrypted) opened).output();
            DisarmResult r = sanitizer.disarm(plain, sanitizer.detect(plain, "資料.zip"), dir);
            assertThat(r)
                    .as("aes=" + aes)
                    .isInstanceOfSatisfying(
                            DisarmResult.Disarmed.class,
                            z -> assertThat(jp.kakehashi.sanitizer.specimens.Zips.read(readAll(z.output()))
                                            .keySet())
                                    .containsExactlyInAnyOrder("見積書.docx", "メモ.txt"));
        }
    }

    /** ISSUE 28: an encrypted ZIP from a Mac (UTF-8 names, no UTF-8 flag) opens with its names intact. */
    @Test
    void anEncryptedMacArchiveOpensWithItsJapaneseNames() throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("見積書.docx", HostileSpecimens.docxWith("見積"));
        members.put("メモ.txt", "打合せ\n".getBytes(StandardCharsets.UTF_8));
        byte[] zip = HostileSpecimens.encryptedZip(members, "pass-7890", true);
        clearUtf8Flag(zip);
        Path in = write("Mac の資料.zip", zip);
        DisarmResult asSent = sanitizer.disarm(in, sanitizer.detect(in, "Mac の資料.zip"), dir);
        assertThat(asSent)
                .as("recognised as encrypted, so that the recipient is asked for the password")
                .isInstanceOfSatisfying(
                        DisarmResult.Refused.class,
                        r -> assertThat(r.reason().code()).isEqualTo(ReasonCode.ENCRYPTED_CONTENT));
        DecryptResult opened = decrypt(in, sanitizer.detect(in, "Mac の資料.zip"), "pass-7890");
        Path plain = ((DecryptResult.Decrypted) opened).output();
        assertThat(jp.kakehashi.sanitizer.specimens.Zips.read(readAll(plain)).keySet())
                .containsExactlyInAnyOrder("見積書.docx", "メモ.txt");
    }

    /** Clears bit 11 (names are UTF-8) in every local and central header, as macOS writes them. */
    private static void clearUtf8Flag(byte[] zip) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int cleared = 0;
        for (int i = 0; i + 10 <= zip.length; i++) {
            int signature = b.getInt(i);
            int at = signature == 0x04034b50 ? i + 6 : signature == 0x02014b50 ? i + 8 : -1;
            if (at > 0) {
                b.putShort(at, (short) (b.getShort(at) & ~0x0800));
                cleared++;
            }
        }
        assertThat(cleared).isEqualTo(4);
    }

    @Test
    void aFileWithoutEncryptionIsLeftAsItIs() throws Exception {
        Path in = write("plain.docx", HostileSpecimens.docxWith("平文"));
        assertThat(decrypt(in, sanitizer.detect(in, "plain.docx"), "x")).isInstanceOf(DecryptResult.NotEncrypted.class);
    }

    private DecryptResult decrypt(Path in, Detection d, String password) {
        try (Password p = new Password(password.toCharArray())) {
            return sanitizer.decrypt(in, d, p, dir);
        }
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path write(String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }
}
