package io.sessionstores.boot;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import org.redisson.config.Config;

import io.sessionstores.core.config.ConfigException;

/**
 * {@code session-stores.redis-client.*}: the Redis servers as an application's own properties,
 * when neither the store's {@code address}/{@code redisson-config} nor a {@code RedissonClient}
 * bean says where Redis is.
 * <ul>
 *   <li>{@code address}: one server, {@code redis://host:port} ({@code rediss://} for TLS);</li>
 *   <li>{@code sentinel-master} and {@code sentinel-addresses} (comma-separated): Sentinel;</li>
 *   <li>{@code cluster-addresses} (comma-separated): Cluster;</li>
 *   <li>{@code username}, {@code password}, {@code database} (not with Cluster).</li>
 * </ul>
 * Timeouts are the store's {@code timeout} and {@code retry-attempts}.
 */
final class RedisClientProperties {

    static final String PREFIX = SessionStoresSettings.PREFIX + ".redis-client";
    private static final Set<String> KEYS = Set.of("address", "sentinelmaster", "sentineladdresses",
            "clusteraddresses", "username", "password", "database");
    private static final String ALLOWED = "address, sentinel-master, sentinel-addresses, cluster-addresses, username,"
            + " password, database";

    private RedisClientProperties() {
    }

    /** The configuration the properties describe, or {@code null} when none is set. */
    static Config config(Map<String, String> properties, int timeoutMillis, int retryAttempts) {
        if (properties.isEmpty()) {
            return null;
        }
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (!KEYS.contains(Attributes.normalize(e.getKey()))) {
                throw new ConfigException(PREFIX + "." + e.getKey(), mask(e.getKey(), e.getValue()), "one of " + ALLOWED);
            }
        }
        String address = get(properties, "address");
        String sentinelMaster = get(properties, "sentinelmaster");
        String sentinels = get(properties, "sentineladdresses");
        String cluster = get(properties, "clusteraddresses");
        String username = get(properties, "username");
        String password = get(properties, "password");
        int database = database(get(properties, "database"));
        int shapes = (address != null ? 1 : 0) + (sentinels != null || sentinelMaster != null ? 1 : 0) + (cluster != null ? 1 : 0);
        if (shapes != 1) {
            throw new ConfigException(PREFIX, shapes == 0 ? "(no servers)" : "(several server kinds)",
                    "exactly one of address, sentinel-master with sentinel-addresses, or cluster-addresses");
        }
        Config config = new Config();
        if (address != null) {
            config.useSingleServer().setAddress(address).setUsername(username).setPassword(password)
                    .setDatabase(database).setTimeout(timeoutMillis).setConnectTimeout(timeoutMillis)
                    .setRetryAttempts(retryAttempts);
        } else if (cluster != null) {
            if (database != 0) {
                throw new ConfigException(PREFIX + ".database", database, "0 with cluster-addresses (Cluster has one database)");
            }
            config.useClusterServers().addNodeAddress(list(cluster)).setUsername(username).setPassword(password)
                    .setTimeout(timeoutMillis).setConnectTimeout(timeoutMillis).setRetryAttempts(retryAttempts);
        } else {
            if (sentinelMaster == null || sentinels == null) {
                throw new ConfigException(PREFIX + (sentinelMaster == null ? ".sentinel-master" : ".sentinel-addresses"),
                        "(not set)", "both sentinel-master and sentinel-addresses for Sentinel");
            }
            config.useSentinelServers().setMasterName(sentinelMaster).addSentinelAddress(list(sentinels))
                    .setUsername(username).setPassword(password).setDatabase(database).setTimeout(timeoutMillis)
                    .setConnectTimeout(timeoutMillis).setRetryAttempts(retryAttempts);
        }
        return config;
    }

    private static String get(Map<String, String> properties, String key) {
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (Attributes.normalize(e.getKey()).equals(key) && e.getValue() != null && !e.getValue().isBlank()) {
                return e.getValue().trim();
            }
        }
        return null;
    }

    private static int database(String value) {
        if (value == null) {
            return 0;
        }
        try {
            int db = Integer.parseInt(value);
            if (db >= 0) {
                return db;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(PREFIX + ".database", value, "a database number, 0 or more");
    }

    private static String[] list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    private static String mask(String key, String value) {
        return Attributes.normalize(key).contains("password") ? "(masked)" : value;
    }
}
