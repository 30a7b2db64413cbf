package io.sessionstores.redis;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;

/** Starts {@link RedisSessionStore}s for tests with a clock the test moves, and cleans up their keys. */
final class StoreFixture {

    /** Redis on this machine, from SESSIONSTORES_REDIS_HOST / _PORT. */
    static final String SHARED_REDIS = "redis://" + env("SESSIONSTORES_REDIS_HOST", "127.0.0.1") + ":"
            + env("SESSIONSTORES_REDIS_PORT", "6379");

    final AtomicLong clock = new AtomicLong(1_763_700_000_000L);

    long now() {
        return clock.get();
    }

    /** A fresh prefix per test run, so parallel runs and other engineers never collide. */
    static String uniquePrefix() {
        return "it:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    StoreContext context(String appName) {
        return new StoreContext(appName, "test" + appName, getClass().getClassLoader(), clock::get);
    }

    RedisSessionStore start(RedisSessionStore store, String appName) throws StoreException {
        store.start(context(appName));
        return store;
    }

    /** Deletes every key under the store's prefix (SCAN + DEL on every master), and its layout key. */
    static void deleteKeys(RedisSessionStore store) {
        if (store != null && store.redisson() != null) {
            store.redisson().getKeys().deleteByPattern(store.layout().prefix() + "*");
            store.redisson().getKeys().delete(store.layoutKey());
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
