package jp.kakehashi.sanitizer;

import java.nio.charset.StandardCharsets;

/**
 * Whether a document's picture part holds a picture, by its first bytes: PNG, JPEG, GIF, BMP,
 * TIFF, WebP, ICO, EMF, WMF, compressed EMF/WMF (EMZ/WMZ), HD Photo (WDP) and SVG. A part an
 * image's name or content type claims but that holds something else — a VBA project, a ZIP, a
 * program — is not one, and goes (the LGWAN side's antivirus flags such a file, ISSUE 28).
 */
final class ImageMagic {
    /** How many first bytes the check reads. */
    static final int HEAD = 64;

    private ImageMagic() {}

    static boolean isImage(byte[] head) {
        return starts(head, 0x89, 'P', 'N', 'G')
                || starts(head, 0xFF, 0xD8, 0xFF)
                || starts(head, 'G', 'I', 'F', '8')
                || starts(head, 'B', 'M')
                || starts(head, 'I', 'I', 0x2A, 0x00)
                || starts(head, 'M', 'M', 0x00, 0x2A)
                || starts(head, 'I', 'I', 0xBC)
                || (starts(head, 'R', 'I', 'F', 'F') && at(head, 8, "WEBP"))
                || starts(head, 0x00, 0x00, 0x01, 0x00)
                || (starts(head, 0x01, 0x00, 0x00, 0x00) && at(head, 40, " EMF"))
                || starts(head, 0xD7, 0xCD, 0xC6, 0x9A)
                || starts(head, 0x01, 0x00, 0x09, 0x00)
                || starts(head, 0x02, 0x00, 0x09, 0x00)
                || starts(head, 0x1F, 0x8B)
                || svg(head);
    }

    private static final java.util.regex.Pattern PICTURE_NAME = java.util.regex.Pattern.compile(
            ".*\\.(png|jpe?g|gif|bmp|dib|tiff?|emf|wmf|emz|wmz|svg|wdp|jxr|webp|ico)",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** Whether a part is meant to be a picture: its content type or its name says so. */
    static boolean claimed(String partName, String contentType) {
        return contentType.toLowerCase(java.util.Locale.ROOT).startsWith("image/")
                || PICTURE_NAME.matcher(partName).matches();
    }

    private static boolean svg(byte[] head) {
        String text =
                new String(head, StandardCharsets.UTF_8).replace("\uFEFF", "").stripLeading();
        return text.startsWith("<?xml") || text.startsWith("<svg");
    }

    private static boolean starts(byte[] head, int... bytes) {
        if (head.length < bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if ((head[i] & 0xff) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean at(byte[] head, int offset, String ascii) {
        byte[] want = ascii.getBytes(StandardCharsets.US_ASCII);
        if (head.length < offset + want.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (head[offset + i] != want[i]) {
                return false;
            }
        }
        return true;
    }
}
