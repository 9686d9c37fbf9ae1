package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.hwpf.HWPFDocument;
import org.apache.poi.poifs.filesystem.DirectoryEntry;
import org.apache.poi.poifs.filesystem.DocumentEntry;
import org.apache.poi.poifs.filesystem.DocumentInputStream;
import org.apache.poi.poifs.filesystem.Entry;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/**
 * Rebuilds legacy Office files (.doc/.xls/.ppt) as a fresh compound file without the storages
 * that hold VBA projects and embedded objects (CDR-NOTES §1.3). The document's own streams are
 * copied byte for byte, so text, tables and formatting are exactly as sent.
 *
 * <p>What these formats hide inside their main stream (Excel 4.0 macro sheets and Auto_Open
 * names, links to other workbooks, Word DDE/INCLUDE fields, PowerPoint's embedded objects,
 * VBA and click actions) cannot be cut out without rewriting every offset after it, so such a
 * file is refused with that reason, never passed; the policy's ladder may still give its text.
 */
final class Ole2Disarmer implements Disarmer {
    /** A field instruction between its begin mark (0x13) and its separator (0x14) or end (0x15). */
    private static final Pattern FIELD_CODE = Pattern.compile("\u0013([^\u0013\u0014\u0015]{0,2000})");

    private final long maxBytes;

    Ole2Disarmer(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean handles(String mediaType) {
        return Ole2.EXTENSIONS.containsKey(mediaType);
    }

    @Override
    public long maxInputBytes() {
        return maxBytes;
    }

    @Override
    public DisarmResult disarm(Path input, Detection detection, Path output, DisarmContext context) throws IOException {
        String type = detection.mediaType();
        List<Removal> removals = new ArrayList<>();
        try (POIFSFileSystem in = new POIFSFileSystem(input.toFile(), true)) {
            Optional<Reason> problem = problem(in, type);
            if (problem.isPresent()) {
                return new DisarmResult.Refused(problem.get());
            }
            try (POIFSFileSystem out = new POIFSFileSystem()) {
                out.getRoot().setStorageClsid(in.getRoot().getStorageClsid());
                copy(in.getRoot(), out.getRoot(), "", removals);
                try (OutputStream file = Files.newOutputStream(output)) {
                    out.writeFilesystem(file);
                }
            }
        } catch (EncryptedDocumentException e) {
            return refused(ReasonCode.ENCRYPTED_CONTENT, "password-protected " + type);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(output);
            return refused(
                    ReasonCode.MALFORMED,
                    type + " compound file cannot be read: " + e.getClass().getSimpleName());
        }
        return new DisarmResult.Disarmed(
                output, type, Ole2.EXTENSIONS.getOrDefault(type, ".bin"), Removal.merge(removals));
    }

    /** Why the file cannot be rebuilt by removing storages, read from its main stream. */
    private static Optional<Reason> problem(POIFSFileSystem fs, String type) throws IOException {
        DirectoryEntry root = fs.getRoot();
        for (String name : root.getEntryNames()) {
            if (Ole2.isEncryptionMarker(name)) {
                return Optional.of(Reason.of(ReasonCode.ENCRYPTED_CONTENT, "password-protected " + type));
            }
        }
        return switch (type) {
            case Ole2.EXCEL ->
                root.hasEntry("Workbook")
                        ? LegacyRecords.excelProblem(stream(root, "Workbook"))
                        : Optional.of(
                                Reason.of(ReasonCode.LEGACY_OFFICE, "Excel 95 or older (no BIFF8 Workbook stream)"));
            case Ole2.POWERPOINT ->
                root.hasEntry("PowerPoint Document")
                        ? LegacyRecords.powerPointProblem(stream(root, "PowerPoint Document"))
                        : Optional.of(Reason.of(ReasonCode.MALFORMED, "no PowerPoint Document stream"));
            default -> wordProblem(fs);
        };
    }

    private static Optional<Reason> wordProblem(POIFSFileSystem fs) throws IOException {
        HWPFDocument doc = new HWPFDocument(fs.getRoot());
        Matcher m = FIELD_CODE.matcher(doc.getDocumentText());
        while (m.find()) {
            Matcher dangerous = FieldScrubber.DANGEROUS_FIELD.matcher(m.group(1));
            if (dangerous.find()) {
                return Optional.of(Reason.of(
                        ReasonCode.LEGACY_OFFICE,
                        "contains a " + dangerous.group(1).toUpperCase(java.util.Locale.ROOT) + " field"));
            }
        }
        return Optional.empty();
    }

    private static byte[] stream(DirectoryEntry dir, String name) throws IOException {
        try (InputStream in = new DocumentInputStream((DocumentEntry) dir.getEntry(name))) {
            return in.readAllBytes();
        }
    }

    private static void copy(DirectoryEntry from, DirectoryEntry to, String path, List<Removal> removals)
            throws IOException {
        for (Entry entry : from) {
            String name = entry.getName();
            String where = path + "/" + Escape.forReport(name);
            Optional<String> kind = Ole2.droppedStorage(name);
            if (kind.isPresent()) {
                removals.add(new Removal(kind.get(), where));
                continue;
            }
            if (entry instanceof DirectoryEntry dir) {
                DirectoryEntry copy = to.createDirectory(name);
                copy.setStorageClsid(dir.getStorageClsid());
                copy(dir, copy, where, removals);
            } else if (entry instanceof DocumentEntry doc) {
                try (InputStream in = new DocumentInputStream(doc)) {
                    to.createDocument(name, in);
                }
            }
        }
    }

    private static DisarmResult refused(ReasonCode code, String detail) {
        return new DisarmResult.Refused(Reason.of(code, detail));
    }
}
