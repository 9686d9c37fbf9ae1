package jp.kakehashi.sanitizer;

import java.util.Optional;

/** Checks archive entry names: no traversal, no absolute or drive paths, no backslashes or controls. */
final class PartNames {
    private static final java.util.Set<String> WINDOWS_DEVICES = java.util.Set.of(
            "con", "prn", "aux", "nul", "conin$", "conout$", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
            "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private PartNames() {}

    /** Why {@code name} is unsafe, or empty when it is a plain relative name. */
    static Optional<String> problem(String name) {
        if (name.isEmpty()) {
            return Optional.of("empty name");
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            return Optional.of("absolute path");
        }
        if (name.indexOf('\\') >= 0) {
            return Optional.of("backslash");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
                return Optional.of("control or bidi character U+" + String.format("%04X", (int) c));
            }
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return Optional.of("dot segment");
            }
            if (!segment.isEmpty() && (segment.endsWith(".") || segment.endsWith(" "))) {
                return Optional.of("trailing dot or space (Windows drops it)");
            }
            if (segment.indexOf(':') >= 0) {
                return Optional.of("':' (drive letter or NTFS stream)");
            }
            String stem = java.text.Normalizer.normalize(segment, java.text.Normalizer.Form.NFKC)
                    .toLowerCase(java.util.Locale.ROOT);
            int dot = stem.indexOf('.');
            if (WINDOWS_DEVICES.contains((dot < 0 ? stem : stem.substring(0, dot)).strip())) {
                return Optional.of("Windows reserved name");
            }
        }
        return Optional.empty();
    }
}
