package io.sessionstores.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The migration races from Redis Cluster (hash mode) to PostgreSQL, on the real servers: a 3-master Redis Cluster (ports 7156-7158). */
class RedisClusterToPostgresMigrationRaceIT extends RedisToPostgresMigrationRaceIT {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension(7156, 7157, 7158);

    @Override
    RedisTarget target() {
        return RedisClusterExtension.target();
    }
}
