package io.sessionstores.jdbc;

/** The store contract on the real PostgreSQL of this machine ({@code SESSIONSTORES_PG_URL}). */
class PostgresSessionStoreIT extends AbstractJdbcSessionStoreIT {

    @Override
    protected String jdbcUrl() {
        return TestDatabases.postgresUrl();
    }

    @Override
    protected String expectedDialect() {
        return "postgresql";
    }
}
