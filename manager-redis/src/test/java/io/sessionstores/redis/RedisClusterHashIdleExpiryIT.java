package io.sessionstores.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Expiry judged from one node's copy (manager webapp, JMX) in hash mode on a real 3-master Redis Cluster (ports 7168-7170). */
class RedisClusterHashIdleExpiryIT extends RedisHashIdleExpiryIT {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension(7168, 7169, 7170);

    @Override
    RedisTarget target() {
        return RedisClusterExtension.target();
    }
}
