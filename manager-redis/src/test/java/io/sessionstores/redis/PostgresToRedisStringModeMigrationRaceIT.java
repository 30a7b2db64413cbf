package io.sessionstores.redis;

import org.junit.jupiter.api.AfterAll;

import io.sessionstores.core.store.SessionStore;

/** The migration races from PostgreSQL to Redis (string mode), on the real servers. */
class PostgresToRedisStringModeMigrationRaceIT extends RealStoresMigrationRace {

    private static final String TABLE = "ssit_race_pg_to_redis_str";

    @Override
    String table() {
        return TABLE;
    }

    @Override
    protected SessionStore newSource() {
        return postgres();
    }

    @Override
    protected SessionStore newTarget() {
        return redis("string");
    }

    @AfterAll
    static void drop() throws Exception {
        dropTable(TABLE);
    }
}
