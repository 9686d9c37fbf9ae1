package jp.kakehashi.appliance.jdbc;

import java.nio.file.Path;
import jp.kakehashi.appliance.identity.IdentityStore;
import jp.kakehashi.appliance.identity.IdentityStoreContract;
import jp.kakehashi.appliance.store.Transactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The identity store contract on SQLite in a temporary folder. */
class SqliteIdentityStoreTest extends IdentityStoreContract {
    @TempDir
    Path tmp;

    private SqliteFixture sqlite;
    private final IdentityStore store = new JdbcIdentityStore();

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
    protected IdentityStore store() {
        return store;
    }
}
