package io.sessionstores.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RedisHostileStoredDataContract} in hash mode on a real 3-master Redis Cluster (ports 7174-7176). */
class RedisClusterHashHostileStoredDataIT extends RedisHashHostileStoredDataIT {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension(7174, 7175, 7176);

    @Override
    RedisTarget target() {
        return RedisClusterExtension.target();
    }
}
