package io.sessionstores.jdbc;

import io.sessionstores.testsupport.TestServices;

/** Listeners of timed-out sessions (fired once across the nodes, though the store deletes expired records itself) with the JDBC store on PostgreSQL. */
class PostgresExpiryListenersIT extends JdbcExpiryListenersContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.postgresUrl();
    }

    @Override
    protected String nodeName() {
        return "pg-expiry";
    }
}
