package jp.kakehashi.appliance.jdbc;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Zone;

/**
 * A migrated SQLite database in a temporary folder for the store contracts, with the accounts and
 * items other stores' rows refer to.
 */
final class SqliteFixture implements AutoCloseable {
    final Database db;
    final Items items;
    private final Accounts accounts;
    private int serial;

    SqliteFixture(Path dir) {
        db = Database.open(dir.resolve("kakehashi.db"));
        items = new Items(db, new JdbcItemStore(), Clock.systemUTC());
        accounts = new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(new SecureRandom()), Clock.systemUTC());
    }

    void staff(String... names) {
        for (String name : names) {
            accounts.create(
                    new Account(name, Role.STAFF, "doboku", List.of(), false),
                    Optional.of("a long passphrase".toCharArray()),
                    "test");
        }
    }

    /** A received item; from the internet when {@code inbound}, else from LGWAN. */
    String item(String sender, boolean inbound) {
        String id = String.format("%024d", ++serial);
        items.insertReceived(
                id,
                inbound ? new Flow(Zone.INTERNET, Zone.LGWAN) : new Flow(Zone.LGWAN, Zone.INTERNET),
                sender,
                "",
                Optional.empty(),
                "見積書.docx",
                new StoredBlob(new BlobId("b".repeat(32)), 1, "0".repeat(64)));
        return id;
    }

    @Override
    public void close() {
        db.close();
    }
}
