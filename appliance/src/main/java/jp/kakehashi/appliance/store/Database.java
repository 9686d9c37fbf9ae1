package jp.kakehashi.appliance.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The metadata store: one SQLite file in WAL mode with full synchronous writes, its schema
 * brought up to date from the numbered migrations in this package's {@code db/} resources.
 *
 * <p>Writes go through {@link #transaction}: one writer at a time, each unit of work committed
 * whole or not at all. Reads that write nothing may go through {@link #read} instead, on a small
 * pool of read-only connections: WAL lets them run beside each other and beside the writer, so a
 * portal page does not queue behind the pipeline or behind another page. SQL is always
 * parameterised (ATTACKS R1).
 */
public final class Database implements Transactions, AutoCloseable {
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
        "V12__unlocks.sql",
        "V13__folders.sql",
        "V14__item_folders.sql",
        "V15__folder_reads.sql",
        "V16__share_links.sql",
        "V17__sign_in.sql",
        "V18__key_checks.sql",
        "V19__original_erasing.sql",
        "V20__retrying.sql",
        "V21__disarm_plan.sql",
        "V22__departments.sql",
        "V23__mail.sql",
        "V24__display_names.sql",
        "V25__cover_notes.sql",
        "V26__recovery_codes.sql",
        "V27__sign_in_history.sql",
        "V28__item_recipient.sql",
        "V29__mail_digest.sql",
        "V30__directory_accounts.sql"
    };

    /** SQLite's primary result codes for a damaged file and for a file that is not a database. */
    private static final int SQLITE_CORRUPT = 11;

    private static final int SQLITE_NOTADB = 26;

    /** How long a transaction is retried while another process holds the database. */
    private static final Duration BUSY_RETRY = Duration.ofSeconds(10);

    /** Read connections beside the writer: more than the cores buys nothing, fewer queues pages. */
    private static final int READERS = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final Semaphore readers = new Semaphore(READERS);
    private final ConcurrentLinkedQueue<Connection> idleReaders = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** A unit of work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Reads one row of a result into a value. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs a prepared query and reads every row of its result, in order. */
    public static <T> List<T> rows(PreparedStatement query, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                out.add(row.read(rs));
            }
        }
        return out;
    }

    /**
     * Opens (creating if needed) and migrates the database, and proves it writable now rather
     * than at the first upload.
     *
     * @throws StoreException when the file is corrupt (it is never silently recreated) or another
     *     process holds its write lock past {@link #BUSY_RETRY}; the message says what to do
     */
    public static Database open(Path file) {
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw cannotOpen(file, e);
        }
        try {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + BUSY_RETRY.toMillis());
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = FULL");
                s.execute("PRAGMA foreign_keys = ON");
                try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
                    String result = rs.next() ? rs.getString(1) : "no answer";
                    if (!"ok".equals(result)) {
                        throw new StoreException(corrupt(file, result));
                    }
                }
            }
            c.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e instanceof StoreException se ? se : cannotOpen(file, e);
        }
        Database db = new Database(file, c);
        try {
            db.migrate();
        } catch (StoreException e) {
            db.close();
            throw e.getCause() instanceof SQLException sql ? cannotOpen(file, sql) : e;
        }
        return db;
    }

    private static StoreException cannotOpen(Path file, Exception e) {
        if (e instanceof SQLException sql && busy(sql)) {
            return new StoreException(
                    "database " + file + " stayed locked by another process for "
                            + BUSY_RETRY.toSeconds()
                            + " s (is another kakehashi running on this data directory?); stop it"
                            + " and start again. データベースが他のプロセスに使用されています。同じデータで動いている架け橋を止めてから起動してください。",
                    e);
        }
        if (e instanceof SQLException sql
                && ((sql.getErrorCode() & 0xff) == SQLITE_CORRUPT || (sql.getErrorCode() & 0xff) == SQLITE_NOTADB)) {
            return new StoreException(corrupt(file, String.valueOf(sql.getMessage())), e);
        }
        return new StoreException("cannot open database " + file + ": " + e.getMessage(), e);
    }

    private static String corrupt(Path file, String detail) {
        return "database " + file + " failed its integrity check (" + detail
                + "); restore it from backup. データベースが破損しています。バックアップから復元してください。";
    }

    private void migrate() {
        transaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
                int current;
                try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                    rs.next();
                    current = rs.getInt(1);
                }
                if (current > MIGRATIONS.length) {
                    // Migrations only go forward: an older version writing a newer schema would
                    // damage it. After a rolled-back update the pre-update copy is the way back.
                    throw new StoreException("database schema " + current + " is newer than this version knows ("
                            + MIGRATIONS.length + "): start the newer version, or restore the copy taken before"
                            + " the update (backups/). データベースがこの版より新しい形式です。新しい版で起動するか、"
                            + "更新前のコピー (backups/) を戻してください。");
                }
                for (int v = current; v < MIGRATIONS.length; v++) {
                    for (String statement : script(MIGRATIONS[v]).split(";\\s*\\n")) {
                        if (!statement.isBlank()) {
                            s.execute(statement);
                        }
                    }
                    s.execute("INSERT INTO schema_version (version) VALUES (" + (v + 1) + ")");
                }
                // A write on every open: a lock another process holds is met here, at start, with
                // bounded retries and a clear refusal (ATTACKS F-12), not by the first sender.
                s.execute("PRAGMA user_version = " + MIGRATIONS.length);
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

    @Override
    public <T> T writing(TxWork<T> work) {
        return transaction(c -> {
            try {
                return work.run(new JdbcTx(c));
            } catch (StoreException e) {
                // A port's SQLException, rethrown as such so a busy database is retried (see above).
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw e;
            }
        });
    }

    @Override
    public <T> T reading(TxWork<T> work) {
        return read(c -> work.run(new JdbcTx(c)));
    }

    /**
     * Runs {@code work} on one consistent snapshot without taking the writer's lock. The
     * connection is read-only ({@code query_only}): work that tries to write fails instead of
     * writing outside {@link #transaction}'s lock and retry. Called inside a transaction, it runs
     * in that transaction, so it sees what the transaction wrote so far.
     */
    public <T> T read(Work<T> work) {
        if (lock.isHeldByCurrentThread()) {
            try {
                return work.run(connection);
            } catch (SQLException e) {
                throw new StoreException("database error: " + e.getMessage(), e);
            }
        }
        try {
            readers.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a database reader", e);
        }
        Connection c = null;
        try {
            c = idleReaders.poll();
            if (c == null) {
                c = openReader();
            }
            try {
                return work.run(c);
            } finally {
                // Ends the read transaction, so the next read sees what was committed since.
                c.rollback();
            }
        } catch (SQLException e) {
            closeQuietly(c);
            c = null;
            throw new StoreException("database error: " + e.getMessage(), e);
        } finally {
            if (c != null) {
                if (closed) {
                    closeQuietly(c);
                } else {
                    idleReaders.add(c);
                }
            }
            readers.release();
        }
    }

    /**
     * Writes a consistent copy of the database file at {@code file} to {@code target} (SQLite's
     * {@code VACUUM INTO}: safe while another process writes, unlike copying a WAL database), and
     * returns the copy's schema version. Does not migrate.
     */
    public static int snapshot(Path file, Path target) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + BUSY_RETRY.toMillis());
            }
            try (java.sql.PreparedStatement vacuum = c.prepareStatement("VACUUM INTO ?")) {
                vacuum.setString(1, target.toString());
                vacuum.execute();
            }
            return schemaVersion(file);
        } catch (SQLException e) {
            throw cannotOpen(file, e);
        }
    }

    /**
     * Runs {@code work} on a database file opened read-only, without migrating it or changing a
     * byte (a backup's copy, whose hash its manifest records).
     */
    public static <T> T readFile(Path file, Work<T> work) {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file)) {
            return work.run(c);
        } catch (SQLException e) {
            throw cannotOpen(file, e);
        }
    }

    /** SQLite's full {@code integrity_check} of a database file: "ok", or the first problems it lists. */
    public static String integrityCheck(Path file) {
        return readFile(file, c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA integrity_check(5)")) {
                List<String> found = new ArrayList<>();
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
                return found.isEmpty() ? "no answer" : String.join("; ", found);
            }
        });
    }

    /** The schema version the database file was last opened with; 0 for a database never migrated. */
    public static int schemaVersion(Path file) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            throw cannotOpen(file, e);
        }
    }

    private Connection openReader() throws SQLException {
        if (closed) {
            throw new StoreException("the database is closed");
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + BUSY_RETRY.toMillis());
            s.execute("PRAGMA query_only = 1");
        }
        c.setAutoCommit(false);
        return c;
    }

    private static void closeQuietly(@Nullable Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // Already broken; the pool opens a fresh one.
            }
        }
    }

    /** SQLITE_BUSY and its extended codes (e.g. SQLITE_BUSY_SNAPSHOT). */
    private static boolean busy(SQLException e) {
        return (e.getErrorCode() & 0xff) == 5;
    }

    @Override
    public void close() {
        closed = true;
        for (Connection c = idleReaders.poll(); c != null; c = idleReaders.poll()) {
            closeQuietly(c);
        }
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
