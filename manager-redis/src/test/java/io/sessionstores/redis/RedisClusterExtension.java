package io.sessionstores.redis;

import io.sessionstores.testsupport.RedisCluster;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Redis Cluster of this module's Cluster test classes: one {@link RedisCluster} on
 * {@link RedisCluster#PORTS} for the whole test JVM, started by the first class that asks
 * ({@code @ExtendWith(RedisClusterExtension.class)}) and {@link RedisCluster#reset() reset} before
 * every class, so that each starts on an empty, consistent Cluster as if it were new; then
 * {@link #cluster()} or {@link #target()}. JUnit stops it when it closes its root store at the end
 * of the run (the cluster's shutdown hook if the run is aborted). A start costs about 2 s (Redis
 * waits that long before a new master says {@code cluster_state:ok}); a reset, a few milliseconds.
 * Its {@code beforeAll} runs before the class's {@code @BeforeAll} methods, a superclass's too.
 */
final class RedisClusterExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisClusterExtension.class);

    private static volatile RedisCluster cluster;

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
        RedisCluster shared = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(RedisCluster.class, key -> start(), RedisCluster.class);
        shared.reset();
        cluster = shared;
    }

    private static RedisCluster start() {
        try {
            return RedisCluster.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the tests' Redis Cluster on ports "
                    + java.util.Arrays.toString(RedisCluster.PORTS), e);
        }
    }
}
