package io.sessionstores.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RedisHostileStoredDataContract} in string mode on a real 3-master Redis Cluster (ports 7177-7179). */
class RedisClusterStringHostileStoredDataIT extends RedisStringHostileStoredDataIT {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension(7177, 7178, 7179);

    @Override
    RedisTarget target() {
        return RedisClusterExtension.target();
    }
}
