package jp.kakehashi.appliance.store;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.HexFormat;

/** A blob's random id: 32 lower-case hex characters, never derived from a user's file name. */
public record BlobId(String value) {
    public BlobId {
        requireNonNull(value, "value");
        if (!value.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("a blob id is 32 lower-case hex characters, was '" + value + "'");
        }
    }

    static BlobId random(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return new BlobId(HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
