package io.sessionstores.redis;

import io.sessionstores.testsupport.RedisCluster;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a {@link RedisCluster} before a test class and stops it after, also when tests
 * fail: {@code @ExtendWith(RedisClusterExtension.class)}, then {@link #cluster()}.
 */
final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private static RedisCluster cluster;

    static RedisCluster cluster() {
        return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = RedisCluster.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
