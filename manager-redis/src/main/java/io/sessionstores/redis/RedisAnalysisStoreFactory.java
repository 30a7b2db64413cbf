package io.sessionstores.redis;

import java.util.Map;
import java.util.Set;

import io.sessionstores.core.analysis.AnalysisStoreFactory;
import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.store.SessionStore;

/**
 * The Redis store for the {@code analyze} command line: {@code --redisson-config FILE} or
 * {@code --redis-address redis://host:port}, and {@code --mode}, {@code --key-prefix},
 * {@code --bucket-count}, {@code --bucket-generator}: the same meaning and checks as the store's
 * attributes of those names. Give the key prefix and bucket settings the context uses (the
 * default prefix is derived from {@code --app}, as in Tomcat).
 */
public class RedisAnalysisStoreFactory implements AnalysisStoreFactory {

    @Override
    public Set<String> options() {
        return Set.of("--redisson-config", "--redis-address", "--mode", "--key-prefix", "--bucket-count",
                "--bucket-generator");
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
        store.setRedissonConfig(options.get("--redisson-config"));
        store.setAddress(options.get("--redis-address"));
        store.setMode(options.getOrDefault("--mode", store.getMode()));
        store.setKeyPrefix(options.get("--key-prefix"));
        if (options.containsKey("--bucket-count")) {
            store.setBucketCount(bucketCount(options.get("--bucket-count")));
        }
        store.setBucketGenerator(options.getOrDefault("--bucket-generator", store.getBucketGenerator()));
        return store;
    }

    private static int bucketCount(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException("bucketCount", value, "a power of two from 1 to 65536");
        }
    }
}
