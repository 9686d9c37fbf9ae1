package jp.kakehashi.appliance.jdbc;

import java.nio.file.Path;
import jp.kakehashi.appliance.item.ItemStore;
import jp.kakehashi.appliance.retention.RetentionStore;
import jp.kakehashi.appliance.retention.RetentionStoreContract;
import jp.kakehashi.appliance.store.Transactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The retention store contract on SQLite in a temporary folder. */
class SqliteRetentionStoreTest extends RetentionStoreContract {
    @TempDir
    Path tmp;

    private SqliteFixture sqlite;
    private final RetentionStore store = new JdbcRetentionStore();
    private final ItemStore items = new JdbcItemStore();

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
    protected RetentionStore store() {
        return store;
    }

    @Override
    protected ItemStore items() {
        return items;
    }
}
