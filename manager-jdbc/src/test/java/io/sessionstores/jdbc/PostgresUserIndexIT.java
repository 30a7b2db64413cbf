package io.sessionstores.jdbc;

import io.sessionstores.testsupport.TestServices;

/** The user index of the JDBC store on PostgreSQL. */
class PostgresUserIndexIT extends JdbcUserIndexContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.postgresUrl();
    }
}
