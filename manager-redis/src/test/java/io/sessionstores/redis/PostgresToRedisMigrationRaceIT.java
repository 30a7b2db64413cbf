package io.sessionstores.redis;

import io.sessionstores.core.store.SessionStore;

/** The migration races from PostgreSQL to Redis (hash mode), on the real servers. */
class PostgresToRedisMigrationRaceIT extends RealStoresMigrationRaceContract {

    PostgresToRedisMigrationRaceIT() {
        super("ssit_race_pg_to_redis");
    }

    @Override
    protected SessionStore newSource() {
        return postgres();
    }

    @Override
    protected SessionStore newTarget() {
        return redis("hash");
    }
}
