package io.sessionstores.redis;

import org.junit.jupiter.api.extension.ExtendWith;

/** The store contract in hash mode on the shared 3-master Redis Cluster ({@link RedisClusterExtension}). */
@ExtendWith(RedisClusterExtension.class)
class RedisClusterHashStoreContractIT extends RedisStoreContract {

    @Override
    void configure(RedisSessionStore store) {
        store.setRedissonConfig(RedisClusterExtension.cluster().redissonYaml());
    }
}
