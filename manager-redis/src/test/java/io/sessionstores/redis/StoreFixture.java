package io.sessionstores.redis;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.sessionstores.core.it.ContextXml;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.testsupport.TestServices;

/** Starts {@link RedisSessionStore}s for tests with a clock the test moves, and cleans up their keys. */
final class StoreFixture {

    /** The Redis the tests share: this machine's (SESSIONSTORES_REDIS_HOST / _PORT), or an embedded one. */
    static final String SHARED_REDIS = TestServices.redisAddress();

    final AtomicLong clock = new AtomicLong(1_763_700_000_000L);

    long now() {
        return clock.get();
    }

    /** A fresh prefix per test run, so parallel runs and other engineers never collide. */
    static String uniquePrefix() {
        return "it:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    /** Starts {@code store} (mode and connection already set) under a prefix of its own, for {@code appName}. */
    static RedisSessionStore startedUnderOwnPrefix(RedisSessionStore store, String appName,
                                                   LongSupplier clock) throws StoreException {
        store.setKeyPrefix(uniquePrefix());
        store.start(new StoreContext(appName, appName, StoreFixture.class.getClassLoader(), clock));
        return store;
    }

    StoreContext context(String appName) {
        return new StoreContext(appName, "test" + appName, getClass().getClassLoader(), clock::get);
    }

    RedisSessionStore start(RedisSessionStore store, String appName) throws StoreException {
        store.start(context(appName));
        return store;
    }

    /**
     * The {@code <Store .../>} element of a Redis store on the shared server under {@code keyPrefix},
     * with more attributes as name, value pairs: the one way the node tests of every suite configure it.
     */
    static String storeElement(String keyPrefix, Object... moreAttributes) {
        return storeElement(RedisTarget.SHARED, keyPrefix, moreAttributes);
    }

    /** As {@link #storeElement(String, Object...)}, connected to {@code target}. */
    static String storeElement(RedisTarget target, String keyPrefix, Object... moreAttributes) {
        Object[] attributes = new Object[4 + moreAttributes.length];
        attributes[0] = target.attribute();
        attributes[1] = target.value();
        attributes[2] = "keyPrefix";
        attributes[3] = keyPrefix;
        System.arraycopy(moreAttributes, 0, attributes, 4, moreAttributes.length);
        return ContextXml.element("Store", RedisSessionStore.class.getName(), attributes);
    }

    /** Deletes every key under the store's prefix (SCAN + DEL on every master), and its layout key. */
    static void deleteKeys(RedisSessionStore store) {
        if (store != null && store.redisson() != null) {
            store.redisson().getKeys().deleteByPattern(store.layout().prefix() + "*");
            store.redisson().getKeys().delete(store.layoutKey());
        }
    }
}
