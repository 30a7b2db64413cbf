package io.sessionstores.jdbc;

import io.sessionstores.testsupport.TestServices;

/** The JDBC store on PostgreSQL in JMX beside its Manager. */
class PostgresStoreJmxIT extends JdbcStoreJmxContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.postgresUrl();
    }

    @Override
    protected String nodeName() {
        return "pg-store";
    }
}
