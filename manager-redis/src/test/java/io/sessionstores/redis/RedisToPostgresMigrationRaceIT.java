package io.sessionstores.redis;

import io.sessionstores.core.store.SessionStore;

/** The migration races from Redis (hash mode) to PostgreSQL, on the real servers. */
class RedisToPostgresMigrationRaceIT extends RealStoresMigrationRaceContract {

    @Override
    protected SessionStore newSource() {
        return redis("hash");
    }

    @Override
    protected SessionStore newTarget() {
        return postgres();
    }
}
