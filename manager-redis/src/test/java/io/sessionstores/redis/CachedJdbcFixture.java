package io.sessionstores.redis;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.testsupport.TestServices;

/**
 * Cached-JDBC stores for tests: PostgreSQL ({@code SESSIONSTORES_PG_URL}, or another database) in a table of the test
 * class's own, each store's Redis keys under a prefix of its own; {@link #close} deletes both.
 */
final class CachedJdbcFixture implements AutoCloseable {

    final String table;
    private final String databaseUrl;
    private final List<CachedJdbcSessionStore> stores = new ArrayList<>();

    CachedJdbcFixture(String table) throws SQLException {
        this(table, TestServices.postgresUrl());
    }

    /** Stores whose table lives in the database at {@code databaseUrl} (dropped before and after). */
    CachedJdbcFixture(String table, String databaseUrl) throws SQLException {
        this.table = table;
        this.databaseUrl = databaseUrl;
        dropTable();
    }

    /** A cached store on PostgreSQL ({@code jdbcUrl}) and Redis ({@code redisAddress}), started. */
    CachedJdbcSessionStore start(String app, LongSupplier clock, String jdbcUrl, String redisAddress, String mode)
            throws StoreException {
        return start(app, clock, jdbcUrl, redisAddress, mode, StoreFixture.uniquePrefix());
    }

    /** A cached store with the Redis keys under {@code keyPrefix} (two nodes of one application share it). */
    CachedJdbcSessionStore start(String app, LongSupplier clock, String jdbcUrl, String redisAddress, String mode,
            String keyPrefix) throws StoreException {
        return start(app, clock, jdbcUrl, redisAddress, mode, keyPrefix, new String[0]);
    }

    /** As {@link #start(String, LongSupplier, String, String, String, String)}, with more attributes as name, value pairs. */
    CachedJdbcSessionStore start(String app, LongSupplier clock, String jdbcUrl, String redisAddress, String mode,
            String keyPrefix, String... moreAttributes) throws StoreException {
        CachedJdbcSessionStore s = new CachedJdbcSessionStore();
        s.setProperty("url", jdbcUrl);
        s.setProperty("tableName", table);
        s.setProperty("createSchema", "true");
        s.setProperty("address", redisAddress);
        s.setProperty("keyPrefix", keyPrefix);
        s.setProperty("mode", mode);
        s.setProperty("timeout", "2000"); // a loaded machine's margin: a slow answer would count as a cache error
        s.setProperty("retryAttempts", "0");
        s.setProperty("queryTimeout", "2");
        s.setProperty("connectionTimeout", "1000");
        for (int i = 0; i + 1 < moreAttributes.length; i += 2) {
            // as Tomcat's digester sets an attribute: the store's own setter, else its setProperty
            org.apache.tomcat.util.IntrospectionUtils.setProperty(s, moreAttributes[i], moreAttributes[i + 1]);
        }
        s.start(new StoreContext(app, "test " + app, getClass().getClassLoader(), clock));
        stores.add(s);
        return s;
    }

    /**
     * The {@code <Store .../>} element of a cached-JDBC store on PostgreSQL in {@code table} (created
     * at start), with the shared Redis in front in hash mode under {@code keyPrefix}.
     */
    static String storeElement(String table, String keyPrefix) {
        return "<Store className=\"" + CachedJdbcSessionStore.class.getName() + "\" createSchema=\"true\" tableName=\""
                + table + "\" url=\"" + TestServices.postgresUrl().replace("&", "&amp;") + "\" address=\""
                + StoreFixture.SHARED_REDIS + "\" keyPrefix=\"" + keyPrefix + "\"/>";
    }

    CachedJdbcSessionStore start(String app, LongSupplier clock) throws StoreException {
        return start(app, clock, TestServices.postgresUrl(), StoreFixture.SHARED_REDIS, "hash");
    }

    /**
     * Removes the sessions a node test left: the Redis keys of the running node's store and the rows
     * of its PostgreSQL {@code table} (the node still runs, so the table stays).
     */
    static void deleteSessions(SessionStore store, String table) throws SQLException {
        StoreFixture.deleteKeys(((CachedJdbcSessionStore) store).cache());
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl()); Statement st = c.createStatement()) {
            st.execute("DELETE FROM " + table);
        }
    }

    void dropTable() throws SQLException {
        dropTables(databaseUrl, table);
    }

    /** Drops the session table {@code table} of the database at {@code databaseUrl} and its side tables. */
    static void dropTables(String databaseUrl, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(databaseUrl); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("DROP TABLE IF EXISTS " + table + "_evictions");
            st.execute("DROP TABLE IF EXISTS " + table + "_lease");
        }
    }

    /** Stops {@code store} now (a node going away); {@link #close} leaves it alone. */
    void stop(CachedJdbcSessionStore store) {
        store.stop();
        stores.remove(store);
    }

    @Override
    public void close() throws SQLException {
        for (CachedJdbcSessionStore s : stores) {
            try {
                StoreFixture.deleteKeys(s.cache());
            } catch (RuntimeException e) {
                // a test's private Redis, stopped: nothing to delete
            }
            s.stop();
        }
        stores.clear();
        dropTable();
    }
}
