package io.sessionstores.jdbc;

import io.sessionstores.testsupport.TestServices;

/** Expiry judged from one node's copy with the JDBC store on PostgreSQL. */
class PostgresIdleExpiryIT extends JdbcIdleExpiryContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.postgresUrl();
    }

    @Override
    protected String nodeName() {
        return "pg-idle-expiry";
    }
}
