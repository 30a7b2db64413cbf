package io.sessionstores.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a {@link RedisClusterFixture} before a test class and stops it after, also when tests
 * fail: {@code @ExtendWith(RedisClusterExtension.class)}, then {@link #cluster()}.
 */
final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private static RedisClusterFixture cluster;

    static RedisClusterFixture cluster() {
        return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = RedisClusterFixture.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
