package io.sessionstores.redis;

import io.sessionstores.testsupport.RedisCluster;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a {@link RedisCluster} before a test class and stops it after, also when tests
 * fail: {@code @ExtendWith(RedisClusterExtension.class)} on {@link RedisCluster#PORTS}, or on
 * ports of the class's own {@code @RegisterExtension static final RedisClusterExtension CLUSTER =
 * new RedisClusterExtension(7150, 7151, 7152);} (in the one class, not in a superclass), then
 * {@link #cluster()} or {@link #target()}. Its {@code beforeAll} runs before the class's
 * {@code @BeforeAll} methods, a superclass's too.
 */
final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private static RedisCluster cluster;

    private final int[] ports;

    /** On {@link RedisCluster#PORTS}. */
    RedisClusterExtension() {
        this(RedisCluster.PORTS);
    }

    /** On three loopback ports of the test class's own. */
    RedisClusterExtension(int... ports) {
        this.ports = ports.clone();
    }

    /** The cluster of the running test class. */
    static RedisCluster cluster() {
        return cluster;
    }

    /** The cluster of the running test class, as the stores' {@link RedisTarget}. */
    static RedisTarget target() {
        return RedisTarget.cluster(cluster);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = RedisCluster.start(ports);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
