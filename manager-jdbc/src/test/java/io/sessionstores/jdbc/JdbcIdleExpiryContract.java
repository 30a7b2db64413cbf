package io.sessionstores.jdbc;

import io.sessionstores.core.contract.IdleExpiryContract;
import io.sessionstores.core.store.SessionStore;

/** Expiry judged from one node's copy (manager webapp, JMX) with the JDBC store. */
abstract class JdbcIdleExpiryContract extends IdleExpiryContract {

    private static final String TABLE = "ssit_idle_expiry";

    /** The database under test. */
    protected abstract String jdbcUrl();

    @Override
    protected String storeElement() {
        return TestTables.storeElement(jdbcUrl(), TABLE);
    }

    @Override
    protected void cleanUp(SessionStore store) throws Exception {
        TestTables.deleteRows(jdbcUrl(), TABLE);
    }
}
