package io.sessionstores.redis;

import java.util.Map;
import java.util.Set;

import io.sessionstores.core.config.OptionValues;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreFactory;

/**
 * The Redis store for the {@code analyze} command line: {@code --redisson-config FILE} or
 * {@code --redis-address redis://host:port}, and {@code --mode}, {@code --key-prefix},
 * {@code --bucket-count}, {@code --bucket-generator}: the same meaning and checks as the store's
 * attributes of those names. Give the key prefix and bucket settings the context uses (the
 * default prefix is derived from {@code --app}, as in Tomcat).
 */
public class RedisStoreFactory implements StoreFactory {

    @Override
    public Set<String> options() {
        return Set.of("--redisson-config", "--redis-address", "--mode", "--key-prefix", "--bucket-count",
                "--bucket-generator");
    }

    @Override
    public Map<String, String> attributes() {
        return Map.of("--redisson-config", "redissonConfig", "--redis-address", "address", "--mode", "mode",
                "--key-prefix", "keyPrefix", "--bucket-count", "bucketCount", "--bucket-generator", "bucketGenerator");
    }

    @Override
    public String usage() {
        return "  Redis: --redisson-config FILE | --redis-address redis://host:port [--mode hash|string]"
                + " [--key-prefix P] [--bucket-count 4096] [--bucket-generator CLASS]\n";
    }

    @Override
    public boolean accepts(Map<String, String> options) {
        return options.containsKey("--redisson-config") || options.containsKey("--redis-address");
    }

    @Override
    public SessionStore create(Map<String, String> options) {
        RedisSessionStore store = new RedisSessionStore();
        store.setRedissonConfig(OptionValues.text(options, "--redisson-config", "a Redisson YAML file"));
        store.setAddress(OptionValues.text(options, "--redis-address", "redis://host:port or rediss://host:port"));
        store.setMode(options.getOrDefault("--mode", store.getMode()));
        store.setKeyPrefix(OptionValues.text(options, "--key-prefix", "the key prefix the context uses"));
        store.setBucketCount(OptionValues.integer(options, "--bucket-count", store.getBucketCount(), 1,
                RedisStoreSettings.MAX_BUCKETS));
        store.setBucketGenerator(options.getOrDefault("--bucket-generator", store.getBucketGenerator()));
        return store;
    }
}
