package io.sessionstores.jdbc;

import io.sessionstores.testsupport.TestServices;

/** Raw expiry and the expiry lease on the real Postgres of this machine. */
class PostgresExpiryIT extends AbstractJdbcExpiryIT {

    @Override
    protected String jdbcUrl() {
        return TestServices.postgresUrl();
    }
}
