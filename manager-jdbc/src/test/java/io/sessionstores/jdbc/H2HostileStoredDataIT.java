package io.sessionstores.jdbc;

/** Hostile stored data on an in-memory H2 database of this test JVM. */
class H2HostileStoredDataIT extends JdbcHostileStoredDataContract {

    @Override
    protected String jdbcUrl() {
        return "jdbc:h2:mem:hostile-stored-data;DB_CLOSE_DELAY=-1";
    }
}
