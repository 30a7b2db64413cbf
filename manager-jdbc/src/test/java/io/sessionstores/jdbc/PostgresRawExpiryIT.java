package io.sessionstores.jdbc;

import io.sessionstores.testsupport.TestServices;

/** Raw expiry and the expiry lease on the real Postgres of this machine. */
class PostgresRawExpiryIT extends JdbcRawExpiryContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.postgresUrl();
    }
}
