package io.sessionstores.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Expiry judged from one node's copy (manager webapp, JMX) in string mode on a real 3-master Redis Cluster (ports 7171-7173). */
class RedisClusterStringIdleExpiryIT extends RedisStringIdleExpiryIT {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension(7171, 7172, 7173);

    @Override
    RedisTarget target() {
        return RedisClusterExtension.target();
    }
}
