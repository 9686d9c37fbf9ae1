package jp.kakehashi.appliance.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metadata store shared by the daemon and the command line, two processes on one file. */
class DatabaseTest {
    @TempDir
    Path tmp;

    @Test
    void aTransactionWhoseSnapshotAnotherProcessMovedIsRunAgainNotFailed() {
        Path file = tmp.resolve("kakehashi.db");
        try (Database daemon = Database.open(file);
                Database cli = Database.open(file)) {
            AtomicInteger attempts = new AtomicInteger();
            int count = cli.transaction(c -> {
                int attempt = attempts.incrementAndGet();
                int before = count(c);
                if (attempt == 1) {
                    // The daemon commits after this transaction read: its write below cannot go on this snapshot.
                    daemon.transaction(d -> insert(d, "daemon"));
                }
                insert(c, "cli");
                return before + 1;
            });
            assertThat(attempts.get()).isEqualTo(2);
            assertThat(count).isEqualTo(2);
            assertThat(daemon.transaction(DatabaseTest::count)).isEqualTo(2);
        }
    }

    /** The same through the store ports, whose SQLException arrives wrapped in a StoreException. */
    @Test
    void aPortsUnitOfWorkWhoseSnapshotMovedIsRunAgainNotFailed() {
        Path file = tmp.resolve("kakehashi.db");
        try (Database daemon = Database.open(file);
                Database cli = Database.open(file)) {
            AtomicInteger attempts = new AtomicInteger();
            int count = cli.writing(tx -> JdbcTx.call(tx, c -> {
                int attempt = attempts.incrementAndGet();
                int before = count(c);
                if (attempt == 1) {
                    daemon.transaction(d -> insert(d, "daemon"));
                }
                insert(c, "cli");
                return before + 1;
            }));
            assertThat(attempts.get()).isEqualTo(2);
            assertThat(count).isEqualTo(2);
        }
    }

    @Test
    void aDatabaseANewerVersionMigratedIsRefusedNotDamaged() {
        Path file = tmp.resolve("kakehashi.db");
        try (Database db = Database.open(file)) {
            // What an update that was rolled back leaves behind: a schema this version does not know.
            db.transaction(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO schema_version (version) VALUES (999)")) {
                    return s.executeUpdate();
                }
            });
        }
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("newer than this version knows")
                .hasMessageContaining("更新前のコピー");
    }

    @Test
    void aSnapshotIsAConsistentCopyWithItsSchemaVersion() {
        Path file = tmp.resolve("kakehashi.db");
        try (Database db = Database.open(file)) {
            db.transaction(c -> insert(c, "tanaka"));
            Path copy = tmp.resolve("copy.sqlite");
            int version = Database.snapshot(file, copy);
            assertThat(version).isPositive().isEqualTo(Database.schemaVersion(file));
            try (Database restored = Database.open(copy)) {
                assertThat(restored.read(DatabaseTest::count)).isEqualTo(1);
            }
        }
    }

    @Test
    void aReadSeesWhatWasCommittedAndCannotWrite() {
        try (Database db = Database.open(tmp.resolve("kakehashi.db"))) {
            assertThat(db.read(DatabaseTest::count)).isZero();
            db.transaction(c -> insert(c, "tanaka"));
            assertThat(db.read(DatabaseTest::count)).isEqualTo(1);
            assertThatThrownBy(() -> db.read(c -> insert(c, "sato")))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("readonly");
            assertThat(db.transaction(DatabaseTest::count)).isEqualTo(1);
        }
    }

    @Test
    void aReadInsideATransactionSeesItsUncommittedWrites() {
        try (Database db = Database.open(tmp.resolve("kakehashi.db"))) {
            int seen = db.transaction(c -> {
                insert(c, "tanaka");
                return db.read(DatabaseTest::count);
            });
            assertThat(seen).isEqualTo(1);
        }
    }

    @Test
    void readsRunWhileTheWriterHoldsItsLock() throws Exception {
        try (Database db = Database.open(tmp.resolve("kakehashi.db"))) {
            db.transaction(c -> insert(c, "tanaka"));
            java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch read = new java.util.concurrent.CountDownLatch(1);
            Thread writer = Thread.ofPlatform()
                    .start(() -> db.transaction(c -> {
                        insert(c, "sato");
                        writing.countDown();
                        try {
                            // Holds the writer's lock until the reader is done: a read that queued behind it never
                            // ends.
                            return read.await(10, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }));
            writing.await();
            assertThat(db.read(DatabaseTest::count))
                    .as("the writer's uncommitted row is not seen")
                    .isEqualTo(1);
            read.countDown();
            writer.join();
            assertThat(db.read(DatabaseTest::count)).isEqualTo(2);
        }
    }

    private static int insert(java.sql.Connection c, String name) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO accounts (name, role, organisation, created_at) VALUES (?, 'STAFF', 'somu', '2026-11-24T00:00:00Z')")) {
            s.setString(1, name);
            return s.executeUpdate();
        }
    }

    private static int count(java.sql.Connection c) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM accounts")) {
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getInt(1);
        }
    }
}
