package io.sessionstores.jdbc;

/** The store contract on H2 2.x (embedded, in memory). */
class H2StoreContractIT extends JdbcStoreContract {

    @Override
    protected String jdbcUrl() {
        return "jdbc:h2:mem:h2sessionstoreit;DB_CLOSE_DELAY=-1";
    }

    @Override
    protected String expectedDialect() {
        return "h2";
    }
}
