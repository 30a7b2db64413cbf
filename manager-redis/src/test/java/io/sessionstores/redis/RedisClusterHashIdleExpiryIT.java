package io.sessionstores.redis;

import org.junit.jupiter.api.extension.ExtendWith;

/** Expiry judged from one node's copy (manager webapp, JMX) in hash mode on the shared 3-master Redis Cluster ({@link RedisClusterExtension}). */
@ExtendWith(RedisClusterExtension.class)
class RedisClusterHashIdleExpiryIT extends RedisHashIdleExpiryIT {

    @Override
    RedisTarget target() {
        return RedisClusterExtension.target();
    }
}
