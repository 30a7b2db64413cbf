package io.sessionstores.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import io.sessionstores.core.it.NearCacheTwoTomcatsContract;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.testsupport.RedisCluster;

/**
 * Boots the shipped samples ({@code tomcat-conf-samples/redis-*}) on {@link TomcatNode}s: the
 * WAR gets the sample's very {@code context.xml}, and its {@code redisson.yaml}, if any, goes to
 * the node's {@code $CATALINA_BASE/conf/}, as an operator would install them.
 */
final class RedisSamples {

    static final String HASH = "redis-hash";
    static final String STRING = "redis-string";
    static final String CLUSTER = "redis-cluster";

    private RedisSamples() {
    }

    static Path dir(String sample) {
        return Paths.get("..", "tomcat-conf-samples", sample).toAbsolutePath().normalize();
    }

    /** Starts node {@code nodeName} with the sample's context.xml (and redisson.yaml). */
    static TomcatNode start(String nodeName, String sample) {
        Path base = Paths.get(System.getProperty("sessionstores.it.dir", "target/it-tomcat")).resolve(nodeName);
        Path yaml = dir(sample).resolve("redisson.yaml");
        try {
            if (Files.exists(yaml)) {
                Files.createDirectories(base.resolve("conf"));
                Files.copy(yaml, base.resolve("conf/redisson.yaml"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TomcatNode.start(nodeName, SessionTestApp.war(dir(sample).resolve("context.xml")));
    }

    /** Points the samples at {@code 127.0.0.1:port} (the system properties they read). */
    static void useRedisPort(int port) {
        System.setProperty("sessionstores.redis.host", "127.0.0.1");
        System.setProperty("sessionstores.redis.port", String.valueOf(port));
    }

    /**
     * Points the {@code redis-cluster} sample at {@code cluster} (the system properties its
     * {@code redisson.yaml} reads) and returns the cluster's config.
     */
    static Config useCluster(RedisCluster cluster) throws IOException {
        for (int i = 0; i < cluster.nodes().size(); i++) {
            System.setProperty("sessionstores.redis.cluster.node" + (i + 1), "127.0.0.1:" + cluster.nodes().get(i).port());
        }
        return Config.fromYAML(new File(cluster.redissonYaml()));
    }

    /** Points the samples at the Redis of this machine (SESSIONSTORES_REDIS_HOST/_PORT) and returns its config. */
    static Config useSharedRedis() {
        URI uri = URI.create(StoreFixture.SHARED_REDIS);
        System.setProperty("sessionstores.redis.host", uri.getHost());
        System.setProperty("sessionstores.redis.port", String.valueOf(uri.getPort()));
        Config config = new Config();
        config.useSingleServer().setAddress(StoreFixture.SHARED_REDIS);
        return config;
    }

    /** Deletes the keys of the samples' default prefix for {@code appName} on the servers of {@code config}. */
    static void deleteSessions(String appName, Config config) {
        RedisSessionStore store = new RedisSessionStore();
        store.setAddress("redis://127.0.0.1:1");
        String prefix = RedisStoreSettings.validate(store, appName).keyPrefix();
        RedissonClient client = Redisson.create(config);
        try {
            client.getKeys().deleteByPattern(prefix + "*");
        } finally {
            client.shutdown();
        }
    }

    /** Waits until {@code node}'s Manager follows its store's change stream (see the contract). */
    static void awaitFollowing(TomcatNode node) throws InterruptedException {
        NearCacheTwoTomcatsContract.awaitFollowing(node);
    }
}
