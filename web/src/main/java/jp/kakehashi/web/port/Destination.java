package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

/**
 * Somewhere a user may send files: the city for partners; a partner organisation or the My
 * Number zone for staff.
 *
 * @param id what the upload request names ({@code city}, {@code partner:acme}, {@code mynumber})
 */
public record Destination(String id, String ja, String en) {
    public Destination {
        requireNonNull(id, "id");
        requireNonNull(ja, "ja");
        requireNonNull(en, "en");
    }
}
