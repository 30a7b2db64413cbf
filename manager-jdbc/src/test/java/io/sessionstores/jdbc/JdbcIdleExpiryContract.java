package io.sessionstores.jdbc;

import io.sessionstores.core.it.ContextXml;
import io.sessionstores.core.contract.IdleExpiryContract;
import io.sessionstores.core.store.SessionStore;

/** Expiry judged from one node's copy (manager webapp, JMX) with the JDBC store. */
abstract class JdbcIdleExpiryContract extends IdleExpiryContract {

    private static final String TABLE = "ssit_idle_expiry";

    /** The database under test. */
    protected abstract String jdbcUrl();

    @Override
    protected String storeElement() {
        return ContextXml.element("Store", JdbcSessionStore.class.getName(), "createSchema", true, "tableName", TABLE,
                "url", jdbcUrl());
    }

    @Override
    protected void cleanUp(SessionStore store) throws Exception {
        TestTables.deleteRows(jdbcUrl(), TABLE);
    }
}
