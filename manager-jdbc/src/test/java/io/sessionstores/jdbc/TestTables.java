package io.sessionstores.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** What a test leaves in a database, removed: the rows of a table it shares with a running node, or its tables. */
final class TestTables {

    private TestTables() {
    }

    /** Deletes every row of {@code table}: a node still runs on it, so the table stays. */
    static void deleteRows(String jdbcUrl, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
            st.execute("DELETE FROM " + table);
        }
    }

    /** Drops {@code table} and the lease table the store creates beside it. */
    static void drop(String jdbcUrl, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("DROP TABLE IF EXISTS " + table + "_lease");
        }
    }
}
