package io.sessionstores.redis;

import org.junit.jupiter.api.extension.ExtendWith;

/** The store contract in hash mode on a real 3-master Redis Cluster (ports 7101-7103). */
@ExtendWith(RedisClusterExtension.class)
class RedisClusterHashStoreContractIT extends RedisStoreContract {

    @Override
    void configure(RedisSessionStore store) {
        store.setRedissonConfig(RedisClusterExtension.cluster().redissonYaml());
    }
}
