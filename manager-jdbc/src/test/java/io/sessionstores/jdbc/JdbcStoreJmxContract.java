package io.sessionstores.jdbc;

import java.util.Map;

import io.sessionstores.core.contract.StoreJmxContract;
import io.sessionstores.core.store.SessionStore;

/** The JDBC store in JMX beside its Manager, with its own expired-row deletion's figures. */
abstract class JdbcStoreJmxContract extends StoreJmxContract {

    private static final String TABLE = "ssit_store_jmx";

    /** The database under test. */
    protected abstract String jdbcUrl();

    @Override
    protected String storeElement() {
        return TestTables.storeElement(jdbcUrl(), TABLE);
    }

    @Override
    protected Class<? extends SessionStore> storeClass() {
        return JdbcSessionStore.class;
    }

    @Override
    protected Map<String, String> undisclosed() {
        return Map.of("url", "a JDBC URL may carry a password", "password", "a secret",
                "size", "a COUNT(*) of the whole table", "manager", "not a simple value",
                "migrateFromAttributes", "the old store's attributes, a password among them");
    }

    @Override
    protected String frozenStoreAttribute() {
        return "tableName";
    }

    @Override
    protected void cleanUp(SessionStore store) throws Exception {
        TestTables.deleteRows(jdbcUrl(), TABLE);
    }
}
