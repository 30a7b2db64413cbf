package io.sessionstores.jdbc;

/**
 * The store contract on MariaDB with {@code useAffectedRows=true}: an UPDATE that changes no
 * column then counts 0 rows, which must not read as "session gone" (a touch with the stored
 * values, or older ones).
 */
class MariaDbAffectedRowsIT extends AbstractJdbcSessionStoreIT {

    @Override
    protected String jdbcUrl() {
        return TestDatabases.mariaDbUrl() + "&useAffectedRows=true";
    }

    @Override
    protected String expectedDialect() {
        return "mariadb";
    }
}
