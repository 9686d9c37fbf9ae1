package jp.kakehashi.appliance.jdbc;

import java.nio.file.Path;
import jp.kakehashi.appliance.folders.FolderStore;
import jp.kakehashi.appliance.folders.ShareLinkStore;
import jp.kakehashi.appliance.folders.ShareLinkStoreContract;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.Transactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The share link store contract on SQLite in a temporary folder. */
class SqliteShareLinkStoreTest extends ShareLinkStoreContract {
    @TempDir
    Path tmp;

    private Database db;
    private final ShareLinkStore store = new JdbcShareLinkStore();
    private final FolderStore folders = new JdbcFolderStore();

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve("kakehashi.db"));
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
    protected ShareLinkStore store() {
        return store;
    }

    @Override
    protected FolderStore folders() {
        return folders;
    }
}
