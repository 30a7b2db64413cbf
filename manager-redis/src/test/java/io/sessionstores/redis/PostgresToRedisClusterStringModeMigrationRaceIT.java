package io.sessionstores.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The migration races from PostgreSQL to Redis Cluster (string mode), on the real servers: a 3-master Redis Cluster (ports 7159-7161). */
class PostgresToRedisClusterStringModeMigrationRaceIT extends PostgresToRedisStringModeMigrationRaceIT {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension(7159, 7160, 7161);

    @Override
    RedisTarget target() {
        return RedisClusterExtension.target();
    }
}
