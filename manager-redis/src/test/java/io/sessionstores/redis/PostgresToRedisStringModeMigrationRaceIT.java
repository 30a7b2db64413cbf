package io.sessionstores.redis;

import io.sessionstores.core.store.SessionStore;

/** The migration races from PostgreSQL to Redis (string mode), on the real servers. */
class PostgresToRedisStringModeMigrationRaceIT extends RealStoresMigrationRaceContract {

    @Override
    protected SessionStore newSource() {
        return postgres();
    }

    @Override
    protected SessionStore newTarget() {
        return redis("string");
    }
}
