package io.sessionstores.redis;

import io.sessionstores.core.store.SessionStore;

/** The migration races from PostgreSQL to Redis (hash mode), on the real servers. */
class PostgresToRedisMigrationRaceIT extends RealStoresMigrationRaceContract {

    @Override
    protected SessionStore newSource() {
        return postgres();
    }

    @Override
    protected SessionStore newTarget() {
        return redis("hash");
    }
}
