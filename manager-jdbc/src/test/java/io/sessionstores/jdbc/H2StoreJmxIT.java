package io.sessionstores.jdbc;

import java.util.Map;

import io.sessionstores.core.it.StoreJmxContract;
import io.sessionstores.core.store.SessionStore;

/** The JDBC store (in-memory H2) in JMX beside its Manager, with its own expired-row deletion's figures. */
class H2StoreJmxIT extends StoreJmxContract {

    @Override
    protected String storeElement() {
        return "<Store className=\"io.sessionstores.jdbc.JdbcSessionStore\" createSchema=\"true\""
                + " url=\"jdbc:h2:mem:store-jmx;DB_CLOSE_DELAY=-1\"/>";
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
    protected String nodeName() {
        return "h2-store";
    }
}
