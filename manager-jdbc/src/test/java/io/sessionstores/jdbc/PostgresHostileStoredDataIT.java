package io.sessionstores.jdbc;

import io.sessionstores.testsupport.TestServices;

/** Hostile stored data on PostgreSQL ({@code SESSIONSTORES_PG_URL}). */
class PostgresHostileStoredDataIT extends JdbcHostileStoredDataContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.postgresUrl();
    }
}
