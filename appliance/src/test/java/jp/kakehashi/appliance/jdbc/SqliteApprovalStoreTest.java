package jp.kakehashi.appliance.jdbc;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.approval.ApprovalStore;
import jp.kakehashi.appliance.approval.ApprovalStoreContract;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The approval store contract on the embedded default: SQLite in a temporary folder. */
class SqliteApprovalStoreTest extends ApprovalStoreContract {
    @TempDir
    Path tmp;

    private Database db;
    private Items items;
    private Accounts accounts;
    private final ApprovalStore store = new JdbcApprovalStore();
    private int serial;

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve("kakehashi.db"));
        items = new Items(db, Clock.systemUTC());
        accounts = new Accounts(db, new PasswordHasher(new SecureRandom()), Clock.systemUTC());
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
    protected ApprovalStore store() {
        return store;
    }

    @Override
    protected void staff(String... names) {
        for (String name : names) {
            accounts.create(
                    new Account(name, Role.STAFF, "doboku", List.of(), false),
                    Optional.of("a long passphrase".toCharArray()),
                    "test");
        }
    }

    @Override
    protected String item(String sender) {
        String id = String.format("%024d", ++serial);
        items.insertReceived(
                id,
                new Flow(Zone.LGWAN, Zone.INTERNET),
                sender,
                "",
                "見積書.docx",
                new StoredBlob(new BlobId("b".repeat(32)), 1, "0".repeat(64)));
        return id;
    }

    @Override
    protected long originalRequest(String item, String requester) {
        return db.transaction(c -> {
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
