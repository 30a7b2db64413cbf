package io.sessionstores.redis;

import org.junit.jupiter.api.extension.ExtendWith;

/** The user index of the Redis store on the shared 3-master Redis Cluster ({@link RedisClusterExtension}), hash mode. */
@ExtendWith(RedisClusterExtension.class)
class RedisClusterHashUserIndexIT extends RedisUserIndexContract {

    @Override
    void configure(RedisSessionStore store) {
        store.setRedissonConfig(RedisClusterExtension.cluster().redissonYaml());
    }

    /** 2,000: the scripts of RedisHashUserIndexIT (10,000), one key each. */
    @Override
    protected int randomOperations() {
        return 2_000;
    }
}
