package jp.kakehashi.appliance.jdbc;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import jp.kakehashi.appliance.approval.ApprovalStore;
import jp.kakehashi.appliance.approval.ApprovalStoreContract;
import jp.kakehashi.appliance.store.Transactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The approval store contract on the embedded default: SQLite in a temporary folder. */
class SqliteApprovalStoreTest extends ApprovalStoreContract {
    @TempDir
    Path tmp;

    private SqliteFixture sqlite;
    private final ApprovalStore store = new JdbcApprovalStore();

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
    protected ApprovalStore store() {
        return store;
    }

    @Override
    protected void staff(String... names) {
        sqlite.staff(names);
    }

    @Override
    protected String item(String sender) {
        return sqlite.item(sender, false);
    }

    @Override
    protected long originalRequest(String item, String requester) {
        return sqlite.db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO original_requests (item, requester, reason, state, available_for, requested_at)"
                            + " VALUES (?, ?, '監査', 'REQUESTED', 3600, '2026-12-01T00:00:00Z')",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                s.setString(1, item);
                s.setString(2, requester);
                s.executeUpdate();
                ResultSet keys = s.getGeneratedKeys();
                keys.next();
                return keys.getLong(1);
            }
        });
    }
}
