package io.sessionstores.redis;

import io.sessionstores.core.contract.IdleExpiryContract;
import io.sessionstores.core.store.SessionStore;

/** Expiry judged from one node's copy (manager webapp, JMX) with the cached-JDBC store. */
class CachedJdbcIdleExpiryIT extends IdleExpiryContract {

    private static final String TABLE = "ssit_cached_idle_expiry";
    private final String prefix = StoreFixture.uniquePrefix();

    @Override
    protected String storeElement() {
        return CachedJdbcFixture.storeElement(TABLE, prefix);
    }

    @Override
    protected void cleanUp(SessionStore store) throws Exception {
        CachedJdbcFixture.deleteSessions(store, TABLE);
    }

    @Override
    protected String nodeName() {
        return "cached-idle-expiry";
    }
}
