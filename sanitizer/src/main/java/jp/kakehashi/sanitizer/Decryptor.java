package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.lingala.zip4j.ZipFile;
import net.lingala.zip4j.exception.ZipException;
import net.lingala.zip4j.model.FileHeader;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/**
 * Opens password-protected ZIP (ZipCrypto and AES), Office (agile and standard encryption) and
 * PDF files with the password their recipient gives, into an unencrypted copy that is then
 * scanned and disarmed like any file. The password is used for this call only: never logged,
 * stored or put in a reason. A ZIP is copied entry by entry within the archive limits, so a bomb
 * stops here, before anything expands on disk.
 */
final class Decryptor {

    private final ArchiveLimits limits;

    Decryptor(ArchiveLimits limits) {
        this.limits = limits;
    }

    DecryptResult decrypt(Path input, Detection detection, Password password, Path output) throws IOException {
        return switch (detection.mediaType()) {
            case "application/x-tika-ooxml-protected" -> office(input, password, output);
            case "application/pdf" -> pdf(input, password, output);
            case "application/zip" -> zip(input, password, output);
            default -> new DecryptResult.NotEncrypted();
        };
    }

    private static DecryptResult office(Path input, Password password, Path output) throws IOException {
        char[] pw = password.chars();
        try (POIFSFileSystem fs = new POIFSFileSystem(input.toFile(), true)) {
            org.apache.poi.poifs.crypt.Decryptor d =
                    org.apache.poi.poifs.crypt.Decryptor.getInstance(new EncryptionInfo(fs));
            if (!d.verifyPassword(new String(pw))) {
                return wrongPassword();
            }
            try (InputStream in = d.getDataStream(fs);
                    OutputStream out = Files.newOutputStream(output)) {
                in.transferTo(out);
            }
            return new DecryptResult.Decrypted(output);
        } catch (GeneralSecurityException | org.apache.poi.EncryptedDocumentException e) {
            return new DecryptResult.Refused(Reason.of(ReasonCode.MALFORMED, "Office encryption cannot be read"));
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    private static DecryptResult pdf(Path input, Password password, Path output) throws IOException {
        char[] pw = password.chars();
        try (PDDocument plain = Loader.loadPDF(
                new RandomAccessReadBufferedFile(input.toFile()),
                "",
                null,
                null,
                IOUtils.createTempFileOnlyStreamCache())) {
            // Opens without a user password: not encrypted for reading; the disarmer lifts owner restrictions.
            return new DecryptResult.NotEncrypted();
        } catch (InvalidPasswordException needsPassword) {
            return openPdf(input, pw, output);
        } catch (IOException damaged) {
            // Not a readable PDF at all: the disarmer gives the verdict.
            return new DecryptResult.NotEncrypted();
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    private static DecryptResult openPdf(Path input, char[] pw, Path output) throws IOException {
        {
            try (PDDocument doc = Loader.loadPDF(
                    new RandomAccessReadBufferedFile(input.toFile()),
                    new String(pw),
                    null,
                    null,
                    IOUtils.createTempFileOnlyStreamCache())) {
                doc.setAllSecurityToBeRemoved(true);
                doc.save(output.toFile());
                return new DecryptResult.Decrypted(output);
            } catch (InvalidPasswordException wrong) {
                return wrongPassword();
            }
        }
    }

    private DecryptResult zip(Path input, Password password, Path output) throws IOException {
        char[] pw = password.chars();
        try (ZipFile zip = new ZipFile(input.toFile(), pw)) {
            // Raw bytes for names without the UTF-8 flag, read by evidence as the ZIP disarmer reads
            // them; set before anything reads the central directory.
            zip.setCharset(ZipNames.RAW);
            if (!zip.isValidZipFile() || !zip.isEncrypted()) {
                return new DecryptResult.NotEncrypted();
            }
            List<FileHeader> headers = zip.getFileHeaders();
            if (headers.size() > limits.maxEntries()) {
                return refused(ReasonCode.ARCHIVE_LIMIT, "more than " + limits.maxEntries() + " entries");
            }
            long total = 0;
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(output))) {
                byte[] buffer = new byte[1 << 16];
                for (FileHeader h : headers) {
                    if (h.isDirectory()) {
                        continue;
                    }
                    // zip4j decodes every name with the charset given, flagged or not: these are the bytes.
                    byte[] raw = h.getFileName().getBytes(ZipNames.RAW);
                    String name = h.isFileNameUTF8Encoded()
                            ? new String(raw, java.nio.charset.StandardCharsets.UTF_8)
                            : ZipNames.undeclared(raw).text();
                    out.putNextEntry(new ZipEntry(name));
                    try (InputStream in = zip.getInputStream(h)) {
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            total += n;
                            if (total > limits.maxExpandedBytes()) {
                                return refused(
                                        ReasonCode.ARCHIVE_LIMIT,
                                        "expands beyond " + limits.maxExpandedBytes() + " bytes");
                            }
                            out.write(buffer, 0, n);
                        }
                    }
                    out.closeEntry();
                }
            }
            return new DecryptResult.Decrypted(output);
        } catch (ZipException e) {
            if (e.getType() == ZipException.Type.WRONG_PASSWORD) {
                return wrongPassword();
            }
            return refused(ReasonCode.MALFORMED, "encrypted ZIP cannot be read");
        } catch (IllegalArgumentException e) {
            return refused(ReasonCode.UNSAFE_ENTRY_NAME, "an entry name cannot be read");
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    private static DecryptResult wrongPassword() {
        return refused(ReasonCode.WRONG_PASSWORD, "the password does not open the file");
    }

    private static DecryptResult refused(ReasonCode code, String detail) {
        return new DecryptResult.Refused(Reason.of(code, detail));
    }
}
