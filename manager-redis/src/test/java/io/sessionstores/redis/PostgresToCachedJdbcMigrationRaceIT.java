package io.sessionstores.redis;

import io.sessionstores.core.store.SessionStore;

/**
 * The migration races from one PostgreSQL table (the JDBC store) to the cached-JDBC store on
 * another, with the shared Redis as its cache: the database keeps the tombstones, the cache is
 * evicted as for a delete.
 */
class PostgresToCachedJdbcMigrationRaceIT extends RealStoresMigrationRaceContract {

    @Override
    protected SessionStore newSource() {
        return postgres();
    }

    @Override
    protected SessionStore newTarget() {
        return cachedJdbc();
    }
}
