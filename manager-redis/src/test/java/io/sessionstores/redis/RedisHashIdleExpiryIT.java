package io.sessionstores.redis;

import io.sessionstores.core.contract.IdleExpiryContract;
import io.sessionstores.core.store.SessionStore;

/** Expiry judged from one node's copy (manager webapp, JMX) with the Redis store in hash mode, keys of its own. */
class RedisHashIdleExpiryIT extends IdleExpiryContract {

    private final String prefix = StoreFixture.uniquePrefix();

    @Override
    protected String storeElement() {
        return StoreFixture.storeElement(prefix);
    }

    @Override
    protected void cleanUp(SessionStore store) {
        StoreFixture.deleteKeys((RedisSessionStore) store);
    }

    @Override
    protected String nodeName() {
        return "redis-idle-expiry";
    }
}
