package jp.kakehashi.sanitizer;

import java.util.Optional;

/** Checks archive entry names: no traversal, no absolute or drive paths, no backslashes or controls. */
final class PartNames {
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
        }
        return Optional.empty();
    }
}
