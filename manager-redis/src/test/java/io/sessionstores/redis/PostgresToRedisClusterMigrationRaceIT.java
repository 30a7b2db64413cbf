package io.sessionstores.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The migration races from PostgreSQL to Redis Cluster (hash mode), on the real servers: a 3-master Redis Cluster (ports 7153-7155). */
class PostgresToRedisClusterMigrationRaceIT extends PostgresToRedisMigrationRaceIT {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension(7153, 7154, 7155);

    @Override
    RedisTarget target() {
        return RedisClusterExtension.target();
    }
}
