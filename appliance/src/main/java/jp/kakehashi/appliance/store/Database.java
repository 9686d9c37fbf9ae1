package jp.kakehashi.appliance.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The metadata store: one SQLite file in WAL mode with full synchronous writes, its schema
 * brought up to date from the numbered migrations in this package's {@code db/} resources.
 *
 * <p>All access goes through {@link #transaction}: one writer at a time, each unit of work
 * committed whole or not at all. SQL is always parameterised (ATTACKS R1).
 */
public final class Database implements AutoCloseable {
    /** Schema migrations, applied in order; append, never edit a released one. */
    private static final String[] MIGRATIONS = {
        "V1__init.sql",
        "V2__audit_outbox.sql",
        "V3__approvals.sql",
        "V4__recorded_facts.sql",
        "V5__retention.sql",
        "V6__policy_versions.sql",
        "V7__originals.sql",
        "V8__web.sql",
        "V9__quarantine.sql",
        "V10__password_links.sql",
        "V11__api_tokens.sql",
        "V12__unlocks.sql"
    };

    /** How long a transaction is retried while another process holds the database. */
    private static final Duration BUSY_RETRY = Duration.ofSeconds(10);

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    private Database(Connection connection) {
        this.connection = connection;
    }

    /** A unit of work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Opens (creating if needed) and migrates the database.
     *
     * @throws StoreException when the file is corrupt: it is never silently recreated
     */
    public static Database open(Path file) {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = FULL");
                s.execute("PRAGMA foreign_keys = ON");
                try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
                    String result = rs.next() ? rs.getString(1) : "no answer";
                    if (!"ok".equals(result)) {
                        c.close();
                        throw new StoreException("database " + file + " failed its integrity check (" + result
                                + "); restore it from backup. データベースが破損しています。バックアップから復元してください。");
                    }
                }
            }
            c.setAutoCommit(false);
            Database db = new Database(c);
            db.migrate();
            return db;
        } catch (SQLException e) {
            throw new StoreException("cannot open database " + file + ": " + e.getMessage(), e);
        }
    }

    private void migrate() throws SQLException {
        transaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
                int current;
                try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                    rs.next();
                    current = rs.getInt(1);
                }
                for (int v = current; v < MIGRATIONS.length; v++) {
                    for (String statement : script(MIGRATIONS[v]).split(";\\s*\\n")) {
                        if (!statement.isBlank()) {
                            s.execute(statement);
                        }
                    }
                    s.execute("INSERT INTO schema_version (version) VALUES (" + (v + 1) + ")");
                }
            }
            return Boolean.TRUE;
        });
    }

    private static String script(String name) {
        try (InputStream in = Database.class.getResourceAsStream("db/" + name)) {
            if (in == null) {
                throw new StoreException("migration " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read migration " + name, e);
        }
    }

    /**
     * Runs {@code work} in one transaction, committing on success and rolling back on any failure.
     *
     * <p>The command line works beside the running daemon on the same file. A transaction that
     * read and then writes fails at once with SQLITE_BUSY when the other process committed in
     * between (SQLite cannot move its snapshot; the busy timeout does not apply), so such a
     * transaction is rolled back and run again, for up to {@link #BUSY_RETRY} in all.
     */
    public <T> T transaction(Work<T> work) {
        long deadline = System.nanoTime() + BUSY_RETRY.toNanos();
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException e) {
                    connection.rollback();
                    if (!busy(e) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(Math.min(200, 5L << Math.min(attempt, 6)));
                } catch (RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while the database was busy", e);
        } finally {
            lock.unlock();
        }
    }

    /** SQLITE_BUSY and its extended codes (e.g. SQLITE_BUSY_SNAPSHOT). */
    private static boolean busy(SQLException e) {
        return (e.getErrorCode() & 0xff) == 5;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the database", e);
        } finally {
            lock.unlock();
        }
    }
}
