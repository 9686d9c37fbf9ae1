package jp.kakehashi.appliance.jdbc;

import java.nio.file.Path;
import jp.kakehashi.appliance.policy.PolicyVersionStore;
import jp.kakehashi.appliance.policy.PolicyVersionStoreContract;
import jp.kakehashi.appliance.store.Transactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The policy version store contract on SQLite in a temporary folder. */
class SqlitePolicyVersionStoreTest extends PolicyVersionStoreContract {
    @TempDir
    Path tmp;

    private SqliteFixture sqlite;
    private final PolicyVersionStore store = new JdbcPolicyVersionStore();

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
    protected PolicyVersionStore store() {
        return store;
    }
}
