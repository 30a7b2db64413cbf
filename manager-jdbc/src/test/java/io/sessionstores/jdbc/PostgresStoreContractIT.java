package io.sessionstores.jdbc;

import io.sessionstores.testsupport.TestServices;

/** The store contract on the real PostgreSQL of this machine ({@code SESSIONSTORES_PG_URL}). */
class PostgresStoreContractIT extends JdbcStoreContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.postgresUrl();
    }

    @Override
    protected String expectedDialect() {
        return "postgresql";
    }
}
