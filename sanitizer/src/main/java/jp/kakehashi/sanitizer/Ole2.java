package jp.kakehashi.sanitizer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.poi.poifs.filesystem.DirectoryEntry;
import org.apache.poi.poifs.filesystem.DocumentEntry;
import org.apache.poi.poifs.filesystem.Entry;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/**
 * Facts about legacy Office files (OLE2 compound files: .doc/.xls/.ppt, CDR-NOTES §1.3) shared by
 * the disarmer and its verifier: which storages hold code or embedded objects, and which mark an
 * encrypted file.
 */
final class Ole2 {
    static final String WORD = "application/msword";
    static final String EXCEL = "application/vnd.ms-excel";
    static final String POWERPOINT = "application/vnd.ms-powerpoint";

    /** Media type to the extension a rebuilt file gets. */
    static final Map<String, String> EXTENSIONS = Map.of(WORD, ".doc", EXCEL, ".xls", POWERPOINT, ".ppt");

    /** Storages (at any depth) that are removed whole, with the removal kind. */
    static final Map<String, String> DROPPED_STORAGES = Map.of(
            "macros", "macro", // Word's VBA project
            "_vba_project_cur", "macro", // Excel's VBA project
            "_vba_project", "macro",
            "vba", "macro",
            "objectpool", "ole-object"); // Word's embedded objects

    /** Names that mean the content is encrypted (RC4 CryptoAPI, IRM, agile). */
    static final Set<String> ENCRYPTION_MARKERS =
            Set.of("encryptioninfo", "encryptedpackage", "\u0006dataspaces", "encryptedsummary");

    private Ole2() {}

    /** How large an empty compound file may be (a header and a few sectors); anything larger holds something. */
    static final int MAX_EMPTY_COMPOUND_FILE = 64 * 1024;

    /**
     * The streams OLE keeps about an object rather than in it: its flags ({@code \u0001Ole}), class
     * ({@code \u0001CompObj}), object info and property sets. {@code \u0001Ole10Native} (a Package's
     * payload) is content and is not here.
     */
    private static final Set<String> BOOKKEEPING = Set.of(
            "\u0001ole",
            "\u0001compobj",
            "\u0003objinfo",
            "\u0005summaryinformation",
            "\u0005documentsummaryinformation");

    /**
     * Whether bytes are a compound file that holds no content stream at any depth, only OLE's
     * bookkeeping: what PowerPoint can leave in an embedded-object record after its content was
     * removed. Nothing in it can run or be shown, so it blocks nothing (ISSUE 28).
     */
    static boolean isEmptyCompoundFile(byte[] bytes) {
        if (bytes.length > MAX_EMPTY_COMPOUND_FILE) {
            return false;
        }
        try (POIFSFileSystem fs = new POIFSFileSystem(new ByteArrayInputStream(bytes))) {
            return holdsNoStream(fs.getRoot(), 0);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean holdsNoStream(DirectoryEntry dir, int depth) {
        for (Entry e : dir) {
            boolean bookkeeping = e instanceof DocumentEntry
                    && BOOKKEEPING.contains(e.getName().toLowerCase(Locale.ROOT));
            boolean emptyStorage = e instanceof DirectoryEntry sub && depth < 8 && holdsNoStream(sub, depth + 1);
            if (!bookkeeping && !emptyStorage) {
                return false;
            }
        }
        return true;
    }

    /** The removal kind of a storage that goes whole, if {@code name} is one. */
    static Optional<String> droppedStorage(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("\u0001ole10native")) {
            return Optional.of("ole-object"); // a Package object: carries an exe, js or lnk with a picture on top
        }
        if (lower.startsWith("mbd") && lower.length() == 11) {
            return Optional.of("ole-object"); // Excel's embedded objects: MBD + 8 hex digits
        }
        return Optional.ofNullable(DROPPED_STORAGES.get(lower));
    }

    static boolean isEncryptionMarker(String name) {
        return ENCRYPTION_MARKERS.contains(name.toLowerCase(Locale.ROOT));
    }
}
