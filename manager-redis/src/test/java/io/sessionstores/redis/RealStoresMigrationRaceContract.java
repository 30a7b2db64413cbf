package io.sessionstores.redis;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.sessionstores.core.contract.MigrationRaceContract;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.jdbc.JdbcSessionStore;
import io.sessionstores.testsupport.TestServices;

/**
 * The migration races ({@link MigrationRaceContract}) on real stores: PostgreSQL
 * ({@code SESSIONSTORES_PG_URL}, tables of the test class's own, dropped after each test) and the
 * shared Redis (a key prefix per test, its keys deleted after it).
 */
abstract class RealStoresMigrationRaceContract extends MigrationRaceContract {

    private final String table;
    private final String prefix = StoreFixture.uniquePrefix();
    private final List<RedisSessionStore> redisStores = new ArrayList<>();
    private final List<CachedJdbcSessionStore> cachedStores = new ArrayList<>();

    /** Races on stores in PostgreSQL tables named {@code table} (and {@code table_new} for a second JDBC store). */
    RealStoresMigrationRaceContract(String table) {
        this.table = table;
    }

    /** A JDBC store on PostgreSQL, in the table {@code table}, not started. */
    SessionStore postgres() {
        JdbcSessionStore s = new JdbcSessionStore();
        s.setUrl(TestServices.postgresUrl());
        s.setTableName(table);
        s.setCreateSchema(true);
        return s;
    }

    /** A Redis store on the shared server in {@code mode} under this test's key prefix, not started. */
    SessionStore redis(String mode) {
        RedisSessionStore s = new RedisSessionStore();
        s.setAddress(StoreFixture.SHARED_REDIS);
        s.setMode(mode);
        s.setKeyPrefix(prefix);
        redisStores.add(s);
        return s;
    }

    /**
     * A cached-JDBC store: PostgreSQL in {@code <table>_new}, the shared Redis in hash mode in
     * front under this test's key prefix; not started.
     */
    SessionStore cachedJdbc() {
        CachedJdbcSessionStore s = new CachedJdbcSessionStore();
        s.setProperty("url", TestServices.postgresUrl());
        s.setProperty("tableName", table + "_new");
        s.setProperty("createSchema", "true");
        s.setProperty("address", StoreFixture.SHARED_REDIS);
        s.setProperty("keyPrefix", prefix);
        cachedStores.add(s);
        return s;
    }

    @Override
    protected void cleanUp(List<SessionStore> sources, List<SessionStore> targets) throws Exception {
        StoreFixture.deleteKeys(redisStores.isEmpty() ? cachedStores.get(0).cache() : redisStores.get(0));
        for (String t : List.of(table, table + "_new")) {
            try (Connection c = DriverManager.getConnection(TestServices.postgresUrl());
                 Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + t);
                st.execute("DROP TABLE IF EXISTS " + t + "_lease");
            }
        }
    }
}
