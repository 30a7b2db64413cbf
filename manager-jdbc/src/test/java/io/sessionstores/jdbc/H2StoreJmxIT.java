package io.sessionstores.jdbc;

/** The JDBC store (in-memory H2) in JMX beside its Manager. */
class H2StoreJmxIT extends JdbcStoreJmxContract {

    @Override
    protected String jdbcUrl() {
        return "jdbc:h2:mem:store-jmx;DB_CLOSE_DELAY=-1";
    }

    @Override
    protected String nodeName() {
        return "h2-store";
    }
}
