package io.sessionstores.redis;

import java.util.List;

import io.sessionstores.testsupport.RedisCluster;

/**
 * Where a test's Redis stores connect: the shared server ({@link #SHARED}) or a Cluster the test
 * class started ({@link RedisClusterExtension#target()}), as a store attribute, a setter call and
 * command-line options, so that one adapter of a suite runs on both.
 *
 * @param name      its part of the test's node names
 * @param attribute the store attribute naming it: {@code address} or {@code redissonConfig}
 * @param value     the address, or the path of the Redisson YAML file
 */
record RedisTarget(String name, String attribute, String value) {

    /** The Redis the tests share ({@link StoreFixture#SHARED_REDIS}). */
    static final RedisTarget SHARED = new RedisTarget("redis", "address", StoreFixture.SHARED_REDIS);

    /** The Cluster {@code cluster}, through its Redisson YAML file. */
    static RedisTarget cluster(RedisCluster cluster) {
        return new RedisTarget("redis-cluster", "redissonConfig", cluster.redissonYaml());
    }

    private boolean isAddress() {
        return attribute.equals("address");
    }

    /** Sets the connection on a store not started yet. */
    void connect(RedisSessionStore store) {
        if (isAddress()) {
            store.setAddress(value);
        } else {
            store.setRedissonConfig(value);
        }
    }

    /** The command-line options naming it. */
    List<String> options() {
        return List.of(isAddress() ? "--redis-address" : "--redisson-config", value);
    }
}
