package io.sessionstores.jdbc;

/** The store contract on the real MariaDB of this machine ({@code SESSIONSTORES_MARIADB_URL}). */
class MariaDbSessionStoreIT extends AbstractJdbcSessionStoreIT {

    @Override
    protected String jdbcUrl() {
        return TestDatabases.mariaDbUrl();
    }

    @Override
    protected String expectedDialect() {
        return "mariadb";
    }
}
