package io.sessionstores.redis;

import io.sessionstores.core.it.ExpiryListenersContract;
import io.sessionstores.core.store.SessionStore;

/**
 * Listeners of timed-out sessions (issue 9, item 7) with the Redis store in string mode: Redis
 * expires the key itself ({@code PX}), in the real time the test waits.
 */
class StringModeExpiryListenersIT extends ExpiryListenersContract {

    private final String prefix = StoreFixture.uniquePrefix();

    @Override
    protected String storeElement() {
        return "<Store className=\"io.sessionstores.redis.RedisSessionStore\" address=\"" + StoreFixture.SHARED_REDIS
                + "\" mode=\"string\" keyPrefix=\"" + prefix + "\"/>";
    }

    @Override
    protected void runStoreExpiry(SessionStore store) {
        // Redis deletes the key on its own when its PX runs out
    }

    @Override
    protected void cleanUp(SessionStore store) {
        StoreFixture.deleteKeys((RedisSessionStore) store);
    }

    @Override
    protected String nodeName() {
        return "redis-string-expiry";
    }
}
