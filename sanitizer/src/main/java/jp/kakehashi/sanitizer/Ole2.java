package jp.kakehashi.sanitizer;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
