package io.sessionstores.redis;

import io.sessionstores.core.contract.ExpiryListenersContract;
import io.sessionstores.core.store.SessionStore;

/** The Redis store in {@link #mode()} under {@link ExpiryListenersContract}, with keys of its own, removed afterwards. */
abstract class RedisExpiryListenersContract extends ExpiryListenersContract {

    private final String prefix = StoreFixture.uniquePrefix();

    /** The store's {@code mode} attribute. */
    abstract String mode();

    /** More store attributes (XML text), or an empty string. */
    String moreAttributes() {
        return "";
    }

    @Override
    protected String storeElement() {
        return "<Store className=\"io.sessionstores.redis.RedisSessionStore\" address=\"" + StoreFixture.SHARED_REDIS
                + "\" mode=\"" + mode() + "\" keyPrefix=\"" + prefix + "\" " + moreAttributes() + "/>";
    }

    @Override
    protected void cleanUp(SessionStore store) {
        StoreFixture.deleteKeys((RedisSessionStore) store);
    }

    @Override
    protected String nodeName() {
        return "redis-" + mode() + "-expiry";
    }
}
