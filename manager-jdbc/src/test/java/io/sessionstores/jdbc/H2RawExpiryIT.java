package io.sessionstores.jdbc;

/** Raw expiry and the expiry lease on embedded H2. */
class H2RawExpiryIT extends JdbcRawExpiryContract {

    @Override
    protected String jdbcUrl() {
        return "jdbc:h2:mem:h2expiryit;DB_CLOSE_DELAY=-1";
    }
}
