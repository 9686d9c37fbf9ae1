package jp.kakehashi.appliance.jdbc;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import jp.kakehashi.appliance.approval.ApprovalStore;
import jp.kakehashi.appliance.approval.ApprovalStoreContract;
import jp.kakehashi.appliance.folders.FolderStore;
import jp.kakehashi.appliance.folders.FolderStoreContract;
import jp.kakehashi.appliance.folders.ShareLinkStore;
import jp.kakehashi.appliance.folders.ShareLinkStoreContract;
import jp.kakehashi.appliance.identity.DepartmentStore;
import jp.kakehashi.appliance.identity.DepartmentStoreContract;
import jp.kakehashi.appliance.identity.IdentityStore;
import jp.kakehashi.appliance.identity.IdentityStoreContract;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.ItemStore;
import jp.kakehashi.appliance.item.ItemStoreContract;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.originals.OriginalStore;
import jp.kakehashi.appliance.originals.OriginalStoreContract;
import jp.kakehashi.appliance.policy.PolicyVersionStore;
import jp.kakehashi.appliance.policy.PolicyVersionStoreContract;
import jp.kakehashi.appliance.ppap.UnlockStore;
import jp.kakehashi.appliance.ppap.UnlockStoreContract;
import jp.kakehashi.appliance.quarantine.QuarantineStore;
import jp.kakehashi.appliance.quarantine.QuarantineStoreContract;
import jp.kakehashi.appliance.retention.RetentionStore;
import jp.kakehashi.appliance.retention.RetentionStoreContract;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every store contract on the embedded default: the JDBC adapters over a migrated SQLite file in
 * a temporary folder, a fresh one for each test. A second database adds a class of the same shape.
 */
class SqliteStoresTest {
    @TempDir
    Path tmp;

    private SqliteFixture sqlite;

    @BeforeEach
    void open() {
        sqlite = new SqliteFixture(tmp);
    }

    @AfterEach
    void close() {
        sqlite.close();
    }

    @Nested
    class Items extends ItemStoreContract {
        @Override
        protected Transactions transactions() {
            return sqlite.db;
        }

        @Override
        protected ItemStore store() {
            return new JdbcItemStore();
        }
    }

    @Nested
    class Departments extends DepartmentStoreContract {
        @Override
        protected Transactions transactions() {
            return sqlite.db;
        }

        @Override
        protected DepartmentStore store() {
            return new JdbcDepartmentStore();
        }
    }

    @Nested
    class Folders extends FolderStoreContract {
        @Override
        protected Transactions transactions() {
            return sqlite.db;
        }

        @Override
        protected FolderStore store() {
            return new JdbcFolderStore();
        }

        @Override
        protected String item(Zone from, ItemState state, Optional<String> renditionName) {
            String id = sqlite.item("sender", from != Zone.LGWAN);
            StepFacts facts = renditionName
                    .<StepFacts>map(name -> new StepFacts.Rendition(
                            new StoredBlob(new BlobId("c".repeat(32)), 1, "0".repeat(64)), name, "text/plain", "[]"))
                    .orElse(new StepFacts.None());
            sqlite.items.advance(id, ItemState.RECEIVED, state, facts);
            return id;
        }

        @Override
        protected void setState(String item, ItemState state) {
            sqlite.items.advance(item, ItemState.RECEIVED, state, new StepFacts.None());
        }
    }

    @Nested
    class ShareLinks extends ShareLinkStoreContract {
        @Override
        protected Transactions transactions() {
            return sqlite.db;
        }

        @Override
        protected ShareLinkStore store() {
            return new JdbcShareLinkStore();
        }

        @Override
        protected FolderStore folders() {
            return new JdbcFolderStore();
        }
    }

    @Nested
    class Approvals extends ApprovalStoreContract {
        @Override
        protected Transactions transactions() {
            return sqlite.db;
        }

        @Override
        protected ApprovalStore store() {
            return new JdbcApprovalStore();
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

    @Nested
    class Originals extends OriginalStoreContract {
        @Override
        protected Transactions transactions() {
            return sqlite.db;
        }

        @Override
        protected OriginalStore store() {
            return new JdbcOriginalStore();
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

    @Nested
    class Quarantine extends QuarantineStoreContract {
        @Override
        protected Transactions transactions() {
            return sqlite.db;
        }

        @Override
        protected QuarantineStore store() {
            return new JdbcQuarantineStore();
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

    @Nested
    class PolicyVersions extends PolicyVersionStoreContract {
        @Override
        protected Transactions transactions() {
            return sqlite.db;
        }

        @Override
        protected PolicyVersionStore store() {
            return new JdbcPolicyVersionStore();
        }
    }

    @Nested
    class Unlocks extends UnlockStoreContract {
        @Override
        protected Transactions transactions() {
            return sqlite.db;
        }

        @Override
        protected UnlockStore store() {
            return new JdbcUnlockStore();
        }

        @Override
        protected String item() {
            return sqlite.item("acme-user", true);
        }
    }

    @Nested
    class Identity extends IdentityStoreContract {
        @Override
        protected Transactions transactions() {
            return sqlite.db;
        }

        @Override
        protected IdentityStore store() {
            return new JdbcIdentityStore();
        }
    }

    @Nested
    class Retention extends RetentionStoreContract {
        @Override
        protected Transactions transactions() {
            return sqlite.db;
        }

        @Override
        protected RetentionStore store() {
            return new JdbcRetentionStore();
        }

        @Override
        protected ItemStore items() {
            return new JdbcItemStore();
        }
    }
}
