/**
 * The JDBC adapters of the core's store ports, over the tables the migrations in
 * {@code store/db/} create: SQLite is the embedded default; the SQL is kept to what PostgreSQL
 * also reads, so its adapter (issue 26) starts from these. The core never sees them; {@code
 * Appliance} wires them in. Each adapter passes its port's contract suite.
 */
@NullMarked
package jp.kakehashi.appliance.jdbc;

import org.jspecify.annotations.NullMarked;
