package io.sessionstores.jdbc;

/** Expiry judged from one node's copy with the JDBC store on an in-memory H2 database the two nodes share. */
class H2IdleExpiryIT extends JdbcIdleExpiryContract {

    @Override
    protected String jdbcUrl() {
        return "jdbc:h2:mem:idle-expiry;DB_CLOSE_DELAY=-1";
    }

    @Override
    protected String nodeName() {
        return "h2-idle-expiry";
    }
}
