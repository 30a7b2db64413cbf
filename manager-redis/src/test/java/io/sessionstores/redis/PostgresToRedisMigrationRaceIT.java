package io.sessionstores.redis;

import org.junit.jupiter.api.AfterAll;

import io.sessionstores.core.store.SessionStore;

/** The migration races from PostgreSQL to Redis (hash mode), on the real servers. */
class PostgresToRedisMigrationRaceIT extends RealStoresMigrationRace {

    private static final String TABLE = "ssit_race_pg_to_redis";

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
        return redis("hash");
    }

    @AfterAll
    static void drop() throws Exception {
        dropTable(TABLE);
    }
}
