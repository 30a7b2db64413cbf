package io.sessionstores.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import io.sessionstores.core.it.ContextXml;

/** A test's table: the store element naming it, and what the test leaves there removed (rows under a running node, or the tables). */
final class TestTables {

    private TestTables() {
    }

    /**
     * The {@code <Store .../>} element of a JDBC store on {@code jdbcUrl} in {@code table} (created at
     * start): the one way the node tests of every suite configure it.
     */
    static String storeElement(String jdbcUrl, String table) {
        return ContextXml.element("Store", JdbcSessionStore.class.getName(), "createSchema", true, "tableName", table,
                "url", jdbcUrl);
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
