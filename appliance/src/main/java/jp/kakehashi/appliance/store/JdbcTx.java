package jp.kakehashi.appliance.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;

/** A {@link Tx} on a JDBC connection: what the JDBC adapters of the store ports work on. */
public record JdbcTx(Connection connection) implements Tx {
    public JdbcTx {
        requireNonNull(connection, "connection");
    }

    /** The connection under {@code tx}; a transaction some other kind of store opened is a wiring error. */
    public static Connection of(Tx tx) {
        if (tx instanceof JdbcTx jdbc) {
            return jdbc.connection();
        }
        throw new IllegalArgumentException(
                "not a JDBC transaction: " + tx.getClass().getName());
    }

    /**
     * Runs {@code work} on the connection under {@code tx}; an {@link SQLException} leaves as a
     * {@link StoreException} carrying it, which {@link Database#writing} unwraps to retry a busy
     * database as it does for its own work.
     */
    public static <T> T call(Tx tx, Database.Work<T> work) {
        try {
            return work.run(of(tx));
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        }
    }
}
