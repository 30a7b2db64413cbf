package io.sessionstores.boot;

import java.util.Map;
import java.util.function.Supplier;

import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import io.sessionstores.redis.RedisSessionStore;

/**
 * Where the Redis store connects: its own {@code address} or {@code redisson-config} when set;
 * else the {@code session-stores.redis-client.*} properties; else the configuration of the
 * application's {@code RedissonClient} bean.
 */
final class RedisConnection {

    private RedisConnection() {
    }

    static void connect(RedisSessionStore store, Map<String, String> clientProperties, Supplier<Object> redissonBean) {
        if (store.getAddress() != null || store.getRedissonConfig() != null) {
            return;
        }
        Config config = RedisClientProperties.config(clientProperties, store.getTimeout(), store.getRetryAttempts());
        if (config == null && redissonBean.get() instanceof RedissonClient client) {
            config = client.getConfig();
        }
        if (config != null) {
            store.setClientConfig(config);
        }
    }
}
