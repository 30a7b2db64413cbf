package io.sessionstores.redis;

import io.sessionstores.core.it.ExpiryListenersContract;
import io.sessionstores.core.store.SessionStore;

/** Listeners of timed-out sessions (issue 9, item 7) with the Redis store in hash mode: the bucket sweep runs first. */
class HashModeExpiryListenersIT extends ExpiryListenersContract {

    private static final int BUCKETS = 16;
    private final String prefix = StoreFixture.uniquePrefix();

    @Override
    protected String storeElement() {
        return "<Store className=\"io.sessionstores.redis.RedisSessionStore\" address=\"" + StoreFixture.SHARED_REDIS
                + "\" mode=\"hash\" bucketCount=\"" + BUCKETS + "\" keyPrefix=\"" + prefix + "\"/>";
    }

    @Override
    protected void runStoreExpiry(SessionStore store) throws Exception {
        ((RedisSessionStore) store).sweep(System.currentTimeMillis(), BUCKETS, 10_000);
    }

    @Override
    protected void cleanUp(SessionStore store) {
        StoreFixture.deleteKeys((RedisSessionStore) store);
    }

    @Override
    protected String nodeName() {
        return "redis-hash-expiry";
    }
}
