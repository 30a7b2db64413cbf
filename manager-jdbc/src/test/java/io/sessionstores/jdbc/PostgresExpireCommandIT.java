package io.sessionstores.jdbc;

import io.sessionstores.testsupport.TestServices;

/** The {@code expire} command line against PostgreSQL. */
class PostgresExpireCommandIT extends JdbcExpireCommandContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.postgresUrl();
    }

    @Override
    protected String unreachableJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:7449/test?user=postgres&connectTimeout=2";
    }
}
