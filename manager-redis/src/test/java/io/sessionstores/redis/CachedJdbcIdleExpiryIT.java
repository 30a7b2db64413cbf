package io.sessionstores.redis;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import io.sessionstores.core.contract.IdleExpiryContract;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.testsupport.TestServices;

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
        StoreFixture.deleteKeys(((CachedJdbcSessionStore) store).cache());
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl()); Statement st = c.createStatement()) {
            st.execute("DELETE FROM " + TABLE); // the node still runs: its rows go, the table stays
        }
    }

    @Override
    protected String nodeName() {
        return "cached-idle-expiry";
    }
}
