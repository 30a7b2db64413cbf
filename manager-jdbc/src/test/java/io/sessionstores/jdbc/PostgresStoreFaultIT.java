package io.sessionstores.jdbc;

/** Network faults between the JDBC store and PostgreSQL. */
class PostgresStoreFaultIT extends AbstractJdbcStoreFaultIT {

    @Override
    protected String jdbcUrl() {
        return TestDatabases.postgresUrl();
    }
}
