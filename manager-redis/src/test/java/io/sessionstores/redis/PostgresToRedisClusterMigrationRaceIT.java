package io.sessionstores.redis;

import org.junit.jupiter.api.extension.ExtendWith;

/** The migration races from PostgreSQL to Redis Cluster (hash mode), on the real servers: the shared 3-master Redis Cluster ({@link RedisClusterExtension}). */
@ExtendWith(RedisClusterExtension.class)
class PostgresToRedisClusterMigrationRaceIT extends PostgresToRedisMigrationRaceIT {

    @Override
    RedisTarget target() {
        return RedisClusterExtension.target();
    }
}
