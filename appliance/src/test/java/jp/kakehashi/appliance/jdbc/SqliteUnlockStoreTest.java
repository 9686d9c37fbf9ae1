package jp.kakehashi.appliance.jdbc;

import java.nio.file.Path;
import jp.kakehashi.appliance.ppap.UnlockStore;
import jp.kakehashi.appliance.ppap.UnlockStoreContract;
import jp.kakehashi.appliance.store.Transactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The unlock attempt store contract on SQLite in a temporary folder. */
class SqliteUnlockStoreTest extends UnlockStoreContract {
    @TempDir
    Path tmp;

    private SqliteFixture sqlite;
    private final UnlockStore store = new JdbcUnlockStore();

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
    protected UnlockStore store() {
        return store;
    }

    @Override
    protected String item() {
        return sqlite.item("acme-user", true);
    }
}
