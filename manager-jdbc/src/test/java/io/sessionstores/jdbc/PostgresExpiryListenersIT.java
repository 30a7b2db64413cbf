package io.sessionstores.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import io.sessionstores.core.it.ExpiryListenersContract;
import io.sessionstores.core.store.SessionStore;

import io.sessionstores.testsupport.TestServices;

/** Listeners of timed-out sessions (fired once across the nodes, though the store deletes expired records itself) with the JDBC store on PostgreSQL. */
class PostgresExpiryListenersIT extends ExpiryListenersContract {

    @Override
    protected String storeElement() {
        return "<Store className=\"io.sessionstores.jdbc.JdbcSessionStore\" createSchema=\"true\""
                + " tableName=\"expiry_listeners\" url=\"" + TestServices.postgresUrl().replace("&", "&amp;") + "\"/>";
    }

    @Override
    protected void runStoreExpiry(SessionStore store) {
        store.backgroundProcess();
    }

    @Override
    protected void cleanUp(SessionStore store) throws Exception {
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl()); Statement st = c.createStatement()) {
            st.execute("DELETE FROM expiry_listeners");
        }
    }

    @Override
    protected String nodeName() {
        return "pg-expiry";
    }
}
