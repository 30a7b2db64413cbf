package io.sessionstores.redis;

import org.junit.jupiter.api.extension.ExtendWith;

/** Raw expiry and the expiry lease in hash mode on the shared 3-master Redis Cluster ({@link RedisClusterExtension}). */
@ExtendWith(RedisClusterExtension.class)
class RedisClusterHashRawExpiryIT extends RedisRawExpiryContract {

    @Override
    void connect(RedisSessionStore store) {
        store.setRedissonConfig(RedisClusterExtension.cluster().redissonYaml());
    }
}
