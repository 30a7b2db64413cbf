package io.sessionstores.redis;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.sessionstores.core.contract.MigrationRaceContract;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.jdbc.JdbcSessionStore;
import io.sessionstores.testsupport.TestServices;

/**
 * The migration races ({@link MigrationRaceContract}) on real stores: PostgreSQL
 * ({@code SESSIONSTORES_PG_URL}, tables named after the test class, dropped after each test) and the
 * shared Redis or a Cluster ({@link #target()}: a key prefix per test, its keys deleted after it).
 */
abstract class RealStoresMigrationRaceContract extends MigrationRaceContract {

    /** The test class's own table: {@code ssit_race_<old>to<new>} after the class's name. */
    private final String table = "ssit_race_" + getClass().getSimpleName().replace("MigrationRaceIT", "")
            .toLowerCase(Locale.ROOT);
    private final String prefix = StoreFixture.uniquePrefix();
    private final List<RedisSessionStore> redisStores = new ArrayList<>();
    private final List<CachedJdbcSessionStore> cachedStores = new ArrayList<>();

    /** A JDBC store on PostgreSQL, in the table of the test class, not started. */
    SessionStore postgres() {
        JdbcSessionStore s = new JdbcSessionStore();
        s.setUrl(TestServices.postgresUrl());
        s.setTableName(table);
        s.setCreateSchema(true);
        return s;
    }

    /** Where the Redis stores connect: the shared Redis unless a Cluster test says otherwise. */
    RedisTarget target() {
        return RedisTarget.SHARED;
    }

    /** A Redis store on {@link #target()} in {@code mode} under this test's key prefix, not started. */
    SessionStore redis(String mode) {
        RedisSessionStore s = new RedisSessionStore();
        target().connect(s);
        s.setMode(mode);
        s.setKeyPrefix(prefix);
        redisStores.add(s);
        return s;
    }

    /**
     * A cached-JDBC store: PostgreSQL in the test class's table with {@code _new} appended, the
     * shared Redis in hash mode in front under this test's key prefix; not started.
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
