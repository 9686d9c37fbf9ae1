package jp.kakehashi.appliance.store;

import static java.util.Objects.requireNonNull;

/** A blob that is durably stored: its id, plaintext size and plaintext SHA-256 (hex). */
public record StoredBlob(BlobId id, long size, String sha256) {
    public StoredBlob {
        requireNonNull(id, "id");
        requireNonNull(sha256, "sha256");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
    }
}
