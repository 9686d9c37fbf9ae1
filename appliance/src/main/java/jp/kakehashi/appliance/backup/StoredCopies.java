package jp.kakehashi.appliance.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import jp.kakehashi.appliance.store.Database;

/**
 * The blobs a database file still needs, read from the file itself (the live database, or a
 * snapshot being checked or restored): what a backup copies and a restore must find. Reads the
 * SQLite file a snapshot is, so it is SQL of its own rather than the item store's port.
 */
final class StoredCopies {
    private StoredCopies() {}

    /** A stored copy (original or rendition) of an item, and whether retention already claimed it for erasure. */
    record StoredCopy(String blob, boolean erasing) {}

    /**
     * Every blob the data in {@code c} still needs: each item's original and rendition, unless
     * retention erased that copy. An original claimed for erasure may be gone at any moment.
     */
    static List<StoredCopy> in(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT original_blob, original_erasing_at IS NOT NULL"
                + " FROM items WHERE original_purged_at IS NULL AND original_blob <> ''"
                + " UNION ALL SELECT rendition_blob, 0 FROM items"
                + " WHERE rendition_purged_at IS NULL AND rendition_blob IS NOT NULL AND rendition_blob <> ''")) {
            return Database.rows(s, rs -> new StoredCopy(rs.getString(1), rs.getBoolean(2)));
        }
    }
}
