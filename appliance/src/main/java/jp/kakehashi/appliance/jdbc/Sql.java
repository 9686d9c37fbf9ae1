package jp.kakehashi.appliance.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.JdbcTx;
import jp.kakehashi.appliance.store.Tx;
import org.jspecify.annotations.Nullable;

/**
 * One parameterised statement inside a {@link Tx}, the way every adapter here runs SQL: the
 * parameters bound in order (an {@link Instant} as its ISO text, an empty {@link Optional} as
 * NULL), a failure leaving as a {@link jp.kakehashi.appliance.store.StoreException}. Statements are
 * always constants of the adapters, never built from user text (ATTACKS R1).
 */
final class Sql {
    private Sql() {}

    /** Every row the query returns, in order. */
    static <T> List<T> list(Tx tx, String sql, Database.Row<T> row, @Nullable Object... params) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind(s, params);
                return Database.rows(s, row);
            }
        });
    }

    /** The first row the query returns, if any. */
    static <T> Optional<T> one(Tx tx, String sql, Database.Row<T> row, @Nullable Object... params) {
        List<T> rows = list(tx, sql, row, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Runs an INSERT, UPDATE or DELETE; returns how many rows it changed. */
    static int update(Tx tx, String sql, @Nullable Object... params) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind(s, params);
                return s.executeUpdate();
            }
        });
    }

    /** Runs an INSERT of one row; returns the key it was given, or empty when it inserted nothing. */
    static Optional<Long> insert(Tx tx, String sql, @Nullable Object... params) {
        return JdbcTx.call(tx, c -> insert(c, sql, params));
    }

    private static Optional<Long> insert(Connection c, String sql, @Nullable Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql, PreparedStatement.RETURN_GENERATED_KEYS)) {
            bind(s, params);
            if (s.executeUpdate() != 1) {
                return Optional.empty();
            }
            try (ResultSet keys = s.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no key generated");
                }
                return Optional.of(keys.getLong(1));
            }
        }
    }

    private static void bind(PreparedStatement s, @Nullable Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            @Nullable Object p = params[i];
            if (p instanceof Optional<?> o) {
                p = o.orElse(null);
            }
            if (p instanceof Instant t) {
                p = t.toString();
            }
            if (p == null) {
                s.setNull(i + 1, Types.NULL);
            } else {
                s.setObject(i + 1, p);
            }
        }
    }
}
