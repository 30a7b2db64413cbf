package io.sessionstores.redis;

import io.sessionstores.core.contract.ExpiryListenersContract;
import io.sessionstores.core.store.SessionStore;

/** Listeners of timed-out sessions with the cached-JDBC store: PostgreSQL, the shared Redis in front. */
class CachedJdbcExpiryListenersIT extends ExpiryListenersContract {

    private static final String TABLE = "ssit_cached_expiry_listeners";
    private final String prefix = StoreFixture.uniquePrefix();

    @Override
    protected String storeElement() {
        return CachedJdbcFixture.storeElement(TABLE, prefix);
    }

    @Override
    protected void runStoreExpiry(SessionStore store) {
        store.backgroundProcess();
    }

    @Override
    protected void cleanUp(SessionStore store) throws Exception {
        CachedJdbcFixture.deleteSessions(store, TABLE);
    }

    @Override
    protected String nodeName() {
        return "cached-expiry";
    }
}
