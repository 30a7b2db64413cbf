package io.sessionstores.jdbc;

/** Raw expiry and the expiry lease on the real MariaDb of this machine. */
class MariaDbExpiryIT extends AbstractJdbcExpiryIT {

    @Override
    protected String jdbcUrl() {
        return TestDatabases.mariaDbUrl();
    }
}
