package io.sessionstores.redis;

import org.junit.jupiter.api.AfterAll;

import io.sessionstores.core.store.SessionStore;

/** The migration races from Redis (hash mode) to PostgreSQL, on the real servers. */
class RedisToPostgresMigrationRaceIT extends RealStoresMigrationRace {

    private static final String TABLE = "ssit_race_redis_to_pg";

    @Override
    String table() {
        return TABLE;
    }

    @Override
    protected SessionStore newSource() {
        return redis("hash");
    }

    @Override
    protected SessionStore newTarget() {
        return postgres();
    }

    @AfterAll
    static void drop() throws Exception {
        dropTable(TABLE);
    }
}
