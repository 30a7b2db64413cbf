package io.sessionstores.jdbc;

import io.sessionstores.core.contract.ExpiryListenersContract;
import io.sessionstores.core.store.SessionStore;

/** Listeners of timed-out sessions with the JDBC store: its background deletion of expired rows runs. */
abstract class JdbcExpiryListenersContract extends ExpiryListenersContract {

    private static final String TABLE = "ssit_expiry_listeners";

    /** The database under test. */
    protected abstract String jdbcUrl();

    @Override
    protected String storeElement() {
        return TestTables.storeElement(jdbcUrl(), TABLE);
    }

    @Override
    protected void runStoreExpiry(SessionStore store) {
        store.backgroundProcess();
    }

    @Override
    protected void cleanUp(SessionStore store) throws Exception {
        TestTables.deleteRows(jdbcUrl(), TABLE);
    }
}
