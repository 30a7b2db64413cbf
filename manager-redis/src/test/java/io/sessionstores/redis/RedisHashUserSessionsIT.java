package io.sessionstores.redis;

import io.sessionstores.core.contract.UserSessionsContract;
import io.sessionstores.core.store.SessionStore;

/**
 * Sessions by user with two Tomcats on the Redis store in hash mode (its user index: a sorted
 * set per user, listed before a login's write, checked when read), keys of its own.
 */
class RedisHashUserSessionsIT extends UserSessionsContract {

    private final String prefix = StoreFixture.uniquePrefix();

    @Override
    protected String storeElement() {
        return StoreFixture.storeElement(RedisTarget.SHARED, prefix, "mode", "hash");
    }

    @Override
    protected String nodeName() {
        return "redis-hash-users";
    }

    @Override
    protected void cleanUp(SessionStore store) {
        StoreFixture.deleteKeys((RedisSessionStore) store);
    }
}
