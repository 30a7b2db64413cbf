package io.sessionstores.jdbc;

import io.sessionstores.testsupport.TestServices;

/** Network faults between the JDBC store and PostgreSQL. */
class PostgresStoreFaultIT extends JdbcStoreFaultContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.postgresUrl();
    }
}
