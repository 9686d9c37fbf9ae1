package jp.kakehashi.appliance.pipeline;

import jp.kakehashi.sanitizer.Detection;

/** The name a rendition is published under: the sender's name with the true type's extension. */
public final class RenditionName {
    private RenditionName() {}

    /** {@code 見積書.docm} with {@code .docx} becomes {@code 見積書.docx}; a matching extension is kept. */
    public static String of(String name, String extension) {
        String current = Detection.extensionOf(name);
        if (current.equals(extension)) {
            return name;
        }
        String base = current.isEmpty() ? name : name.substring(0, name.length() - current.length());
        return base + extension;
    }
}
