package jp.kakehashi.appliance.jdbc;

import java.nio.file.Path;
import jp.kakehashi.appliance.quarantine.QuarantineStore;
import jp.kakehashi.appliance.quarantine.QuarantineStoreContract;
import jp.kakehashi.appliance.store.Transactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The quarantine release store contract on SQLite in a temporary folder. */
class SqliteQuarantineStoreTest extends QuarantineStoreContract {
    @TempDir
    Path tmp;

    private SqliteFixture sqlite;
    private final QuarantineStore store = new JdbcQuarantineStore();

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
    protected QuarantineStore store() {
        return store;
    }

    @Override
    protected void staff(String... names) {
        sqlite.staff(names);
    }

    @Override
    protected String item(String sender) {
        return sqlite.item(sender, true);
    }
}
