package io.sessionstores.redis;

import io.sessionstores.core.store.SessionStore;

/**
 * Listeners of timed-out sessions (fired once across the nodes) with the Redis store in string mode: Redis
 * expires the key itself ({@code PX}), in the real time the test waits.
 */
class RedisStringExpiryListenersIT extends RedisExpiryListenersContract {

    @Override
    String mode() {
        return "string";
    }

    @Override
    protected void runStoreExpiry(SessionStore store) {
        // Redis deletes the key on its own when its PX runs out
    }
}
