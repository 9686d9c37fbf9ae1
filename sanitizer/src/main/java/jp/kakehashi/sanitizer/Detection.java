package jp.kakehashi.sanitizer;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A file's true type, decided from its content, and how it compares with its name.
 *
 * @param mediaType the detected media type, such as {@code application/pdf}
 * @param expectedExtension the usual extension for that type including the dot, or empty
 * @param declaredExtension the extension of the name the sender gave, lower case, or empty
 */
public record Detection(String mediaType, String expectedExtension, String declaredExtension) {
    public Detection {
        requireNonNull(mediaType, "mediaType");
        requireNonNull(expectedExtension, "expectedExtension");
        requireNonNull(declaredExtension, "declaredExtension");
    }

    /**
     * True when the name claims another type than the content, for example a PE executable named
     * {@code .pdf}. Unknown types and names without an extension are not a mismatch.
     */
    public boolean mismatch() {
        if (expectedExtension.isEmpty() || declaredExtension.isEmpty()) {
            return false;
        }
        return !TypeAliases.sameFamily(expectedExtension, declaredExtension);
    }

    /** The extension of a file name, lower case, with its dot; empty when there is none. */
    public static String extensionOf(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return "";
        }
        return name.substring(dot).toLowerCase(Locale.ROOT);
    }
}
