package io.sessionstores.jdbc;

import io.sessionstores.core.it.ExpiryListenersContract;
import io.sessionstores.core.store.SessionStore;

/** Listeners of timed-out sessions (fired once across the nodes, though the store deletes expired records itself) with the JDBC store on an in-memory H2 database. */
class H2ExpiryListenersIT extends ExpiryListenersContract {

    @Override
    protected String storeElement() {
        return "<Store className=\"io.sessionstores.jdbc.JdbcSessionStore\" createSchema=\"true\""
                + " url=\"jdbc:h2:mem:expiry-listeners;DB_CLOSE_DELAY=-1\"/>";
    }

    @Override
    protected void runStoreExpiry(SessionStore store) {
        store.backgroundProcess();
    }

    @Override
    protected String nodeName() {
        return "h2-expiry";
    }
}
