package io.sessionstores.jdbc;

/** Listeners of timed-out sessions (fired once across the nodes, though the store deletes expired records itself) with the JDBC store on an in-memory H2 database. */
class H2ExpiryListenersIT extends JdbcExpiryListenersContract {

    @Override
    protected String jdbcUrl() {
        return "jdbc:h2:mem:expiry-listeners;DB_CLOSE_DELAY=-1";
    }

    @Override
    protected String nodeName() {
        return "h2-expiry";
    }
}
