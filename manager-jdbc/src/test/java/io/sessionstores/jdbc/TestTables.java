package io.sessionstores.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongSupplier;

import io.sessionstores.core.it.ContextXml;
import io.sessionstores.core.store.StoreContext;

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

    /**
     * A started JDBC store on {@code jdbcUrl} in {@code table} (created at start) for a contract
     * test's application, reading time from {@code clock}, named after {@code test} in its logs.
     */
    static JdbcSessionStore started(String jdbcUrl, String table, int maxPoolSize, String appName, Class<?> test,
                                    LongSupplier clock) throws Exception {
        JdbcSessionStore s = new JdbcSessionStore();
        s.setUrl(jdbcUrl);
        s.setTableName(table);
        s.setCreateSchema(true);
        s.setMaxPoolSize(maxPoolSize);
        s.start(new StoreContext(appName, test.getSimpleName(), test.getClassLoader(),
                clock));
        return s;
    }
}
