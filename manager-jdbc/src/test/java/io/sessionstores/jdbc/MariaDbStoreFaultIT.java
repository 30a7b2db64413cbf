package io.sessionstores.jdbc;

/** Network faults between the JDBC store and MariaDB. */
class MariaDbStoreFaultIT extends AbstractJdbcStoreFaultIT {

    @Override
    protected String jdbcUrl() {
        return TestDatabases.mariaDbUrl();
    }
}
