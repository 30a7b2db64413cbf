package io.sessionstores.redis;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link RedisHostileStoredDataContract} in string mode on the shared 3-master Redis Cluster ({@link RedisClusterExtension}). */
@ExtendWith(RedisClusterExtension.class)
class RedisClusterStringHostileStoredDataIT extends RedisStringHostileStoredDataIT {

    @Override
    RedisTarget target() {
        return RedisClusterExtension.target();
    }
}
