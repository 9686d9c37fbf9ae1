package jp.kakehashi.web;

import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition: attachment} with the name in both forms (RFC 6266): an ASCII
 * fallback with everything else replaced by '_', and the exact UTF-8 name percent-encoded.
 */
final class ContentDisposition {
    private static final String HEX = "0123456789ABCDEF";

    private ContentDisposition() {}

    static String attachment(String name) {
        StringBuilder ascii = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' ? c : '_');
        }
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int v = b & 0xff;
            if ((v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') || (v >= '0' && v <= '9') || "-._~".indexOf(v) >= 0) {
                encoded.append((char) v);
            } else {
                encoded.append('%').append(HEX.charAt(v >> 4)).append(HEX.charAt(v & 15));
            }
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
