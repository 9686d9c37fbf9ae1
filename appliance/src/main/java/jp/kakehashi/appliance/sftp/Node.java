package jp.kakehashi.appliance.sftp;

import java.time.Instant;
import jp.kakehashi.appliance.item.TransferItem;

/** An entry of an account's virtual SFTP tree. */
sealed interface Node {
    String name();

    Instant modified();

    /** A folder: a listing, a drop box, or both. */
    record Folder(String name, Instant modified, boolean writable) implements Node {}

    /** A published rendition, a receipt, or another read-only file. */
    record Leaf(String name, Instant modified, long size, Source source) implements Node {}

    /** Where a leaf's bytes come from. */
    sealed interface Source {
        /** The rendition of a file delivered to the reader. */
        record Delivered(TransferItem item) implements Source {}

        /**
         * A version of a shared-folder file: the original or the rendition, as the reader's zone
         * may have it; membership is checked again when it is opened.
         */
        record Version(long folder, long file, int number, String itemId, String blobId) implements Source {}

        /** A released original (原本取り出し), checked again when it is opened. */
        record Original(long request) implements Source {}

        /**
         * The reader's own upload that has not ended (interrupted, or awaiting its rename); never
         * readable, and writable (resumable) unless a session still writes it.
         */
        record Partial(boolean resumable) implements Source {}

        /** Text rendered on the fly, such as a receipt. */
        record Text(byte[] bytes) implements Source {}
    }
}
