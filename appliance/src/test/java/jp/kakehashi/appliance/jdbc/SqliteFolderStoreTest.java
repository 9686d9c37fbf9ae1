package jp.kakehashi.appliance.jdbc;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Optional;
import jp.kakehashi.appliance.folders.FolderStore;
import jp.kakehashi.appliance.folders.FolderStoreContract;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The folder store contract on the embedded default: SQLite in a temporary folder. */
class SqliteFolderStoreTest extends FolderStoreContract {
    @TempDir
    Path tmp;

    private Database db;
    private Items items;
    private final FolderStore store = new JdbcFolderStore();
    private int serial;

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve("kakehashi.db"));
        items = new Items(db, new JdbcItemStore(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected Transactions transactions() {
        return db;
    }

    @Override
    protected FolderStore store() {
        return store;
    }

    @Override
    protected String item(Zone from, ItemState state, Optional<String> renditionName) {
        String id = String.format("%024d", ++serial);
        Flow flow = from == Zone.LGWAN ? new Flow(Zone.LGWAN, Zone.INTERNET) : new Flow(Zone.INTERNET, Zone.LGWAN);
        items.insertReceived(
                id, flow, "sender", "", "file", new StoredBlob(new BlobId("b".repeat(32)), 1, "0".repeat(64)));
        return db.transaction(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE items SET state = ?, rendition_name = ? WHERE id = ?")) {
                s.setString(1, state.name());
                s.setString(2, renditionName.orElse(null));
                s.setString(3, id);
                s.executeUpdate();
            }
            return id;
        });
    }

    @Override
    protected void setState(String item, ItemState state) {
        items.advance(item, ItemState.RECEIVED, state, new StepFacts.None());
    }
}
