package io.sessionstores.redis;

import org.junit.jupiter.api.extension.ExtendWith;

/** The migration races from Redis Cluster (hash mode) to PostgreSQL, on the real servers: the shared 3-master Redis Cluster ({@link RedisClusterExtension}). */
@ExtendWith(RedisClusterExtension.class)
class RedisClusterToPostgresMigrationRaceIT extends RedisToPostgresMigrationRaceIT {

    @Override
    RedisTarget target() {
        return RedisClusterExtension.target();
    }
}
