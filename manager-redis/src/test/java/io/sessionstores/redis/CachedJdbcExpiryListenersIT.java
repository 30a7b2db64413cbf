package io.sessionstores.redis;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import io.sessionstores.core.contract.ExpiryListenersContract;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.testsupport.TestServices;

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
        StoreFixture.deleteKeys(((CachedJdbcSessionStore) store).cache());
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl()); Statement st = c.createStatement()) {
            st.execute("DELETE FROM " + TABLE); // the node still runs: its rows go, the table stays
        }
    }

    @Override
    protected String nodeName() {
        return "cached-expiry";
    }
}
