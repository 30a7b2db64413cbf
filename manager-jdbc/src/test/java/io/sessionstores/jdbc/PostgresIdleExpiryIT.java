package io.sessionstores.jdbc;

import io.sessionstores.testsupport.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import io.sessionstores.core.it.IdleExpiryContract;
import io.sessionstores.core.store.SessionStore;

/** Expiry judged from one node's copy (manager webapp, JMX) with the JDBC store on PostgreSQL. */
class PostgresIdleExpiryIT extends IdleExpiryContract {

    @Override
    protected String storeElement() {
        return "<Store className=\"io.sessionstores.jdbc.JdbcSessionStore\" createSchema=\"true\""
                + " tableName=\"idle_expiry\" url=\"" + TestServices.postgresUrl().replace("&", "&amp;") + "\"/>";
    }

    @Override
    protected void cleanUp(SessionStore store) throws Exception {
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl()); Statement st = c.createStatement()) {
            st.execute("DELETE FROM idle_expiry");
        }
    }

    @Override
    protected String nodeName() {
        return "pg-idle-expiry";
    }
}
