package jp.kakehashi.sanitizer;

import java.util.List;
import java.util.Set;

/** Extensions that name the same content type, so that {@code .jpeg} for a JPEG is no mismatch. */
final class TypeAliases {
    private static final List<Set<String>> FAMILIES = List.of(
            Set.of(".jpg", ".jpeg", ".jpe"),
            Set.of(".txt", ".text", ".log", ".csv", ".tsv", ".md"),
            Set.of(".htm", ".html"),
            Set.of(".tif", ".tiff"),
            Set.of(".xml", ".xsd"),
            // A macro-enabled document is detected as its macro type; its plain name is the same family.
            Set.of(".docx", ".docm", ".dotx", ".dotm"),
            Set.of(".xlsx", ".xlsm", ".xltx", ".xltm"),
            Set.of(".pptx", ".pptm", ".potx", ".potm", ".ppsx", ".ppsm"));

    private TypeAliases() {}

    static boolean sameFamily(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        return FAMILIES.stream().anyMatch(f -> f.contains(a) && f.contains(b));
    }
}
