package io.sessionstores.jdbc;

/** The {@code expire} command line (run in this JVM) against an in-memory H2 database. */
class H2ExpireCommandIT extends JdbcExpireCommandContract {

    @Override
    protected String jdbcUrl() {
        return "jdbc:h2:mem:expire-command;DB_CLOSE_DELAY=-1";
    }

    @Override
    protected String unreachableJdbcUrl() {
        return "jdbc:h2:tcp://127.0.0.1:7451/mem:nothing";
    }
}
