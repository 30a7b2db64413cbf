package io.sessionstores.redis;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link RedisHostileStoredDataContract} in hash mode on the shared 3-master Redis Cluster ({@link RedisClusterExtension}). */
@ExtendWith(RedisClusterExtension.class)
class RedisClusterHashHostileStoredDataIT extends RedisHashHostileStoredDataIT {

    @Override
    RedisTarget target() {
        return RedisClusterExtension.target();
    }
}
