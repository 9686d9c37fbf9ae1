package jp.kakehashi.policies;

import static java.util.Objects.requireNonNull;

/**
 * What is known about one file when policy decides.
 *
 * @param flow the direction it is crossing
 * @param mediaType its true type, from content
 * @param sizeBytes its size as received
 * @param typeMismatch whether its name claims another type
 */
public record Facts(Flow flow, String mediaType, long sizeBytes, boolean typeMismatch) {
    public Facts {
        requireNonNull(flow, "flow");
        requireNonNull(mediaType, "mediaType");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative, was " + sizeBytes);
        }
    }
}
