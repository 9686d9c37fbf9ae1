package jp.kakehashi.appliance.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The id an INSERT was given, read the way both SQLite's and PostgreSQL's drivers answer. */
final class Keys {
    private Keys() {}

    /** The key {@code s} (prepared with {@code RETURN_GENERATED_KEYS}) generated. */
    static long generated(PreparedStatement s) throws SQLException {
        try (ResultSet keys = s.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("no key generated");
            }
            return keys.getLong(1);
        }
    }
}
