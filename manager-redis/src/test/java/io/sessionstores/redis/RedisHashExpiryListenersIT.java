package io.sessionstores.redis;

import io.sessionstores.core.store.SessionStore;

/** Listeners of timed-out sessions (fired once across the nodes) with the Redis store in hash mode: the bucket sweep runs first. */
class RedisHashExpiryListenersIT extends RedisExpiryListenersContract {

    private static final int BUCKETS = 16;

    @Override
    String mode() {
        return "hash";
    }

    @Override
    Object[] moreAttributes() {
        return new Object[] {"bucketCount", BUCKETS};
    }

    @Override
    protected void runStoreExpiry(SessionStore store) throws Exception {
        ((RedisSessionStore) store).sweep(System.currentTimeMillis(), BUCKETS, 10_000);
    }
}
