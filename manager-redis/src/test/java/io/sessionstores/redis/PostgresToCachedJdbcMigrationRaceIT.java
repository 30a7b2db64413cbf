package io.sessionstores.redis;

import org.junit.jupiter.api.AfterAll;

import io.sessionstores.core.store.SessionStore;

/**
 * The migration races from one PostgreSQL table (the JDBC store) to the cached-JDBC store on
 * another, with the shared Redis as its cache: the database keeps the tombstones, the cache is
 * evicted as for a delete.
 */
class PostgresToCachedJdbcMigrationRaceIT extends RealStoresMigrationRace {

    private static final String TABLE = "ssit_race_pg_to_cached";
    private static final String CACHED_TABLE = "ssit_race_pg_to_cached_new";

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
        return cachedJdbc(CACHED_TABLE);
    }

    @AfterAll
    static void drop() throws Exception {
        dropTable(TABLE);
        dropTable(CACHED_TABLE);
    }
}
