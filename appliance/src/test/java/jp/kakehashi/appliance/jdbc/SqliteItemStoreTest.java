package jp.kakehashi.appliance.jdbc;

import java.nio.file.Path;
import jp.kakehashi.appliance.item.ItemStore;
import jp.kakehashi.appliance.item.ItemStoreContract;
import jp.kakehashi.appliance.store.Transactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The item store contract on SQLite in a temporary folder. */
class SqliteItemStoreTest extends ItemStoreContract {
    @TempDir
    Path tmp;

    private SqliteFixture sqlite;
    private final ItemStore store = new JdbcItemStore();

    @BeforeEach
    void open() {
        sqlite = new SqliteFixture(tmp);
    }

    @AfterEach
    void close() {
        sqlite.close();
    }

    @Override
    protected Transactions transactions() {
        return sqlite.db;
    }

    @Override
    protected ItemStore store() {
        return store;
    }
}
