package io.sessionstores.jdbc;

import io.sessionstores.testsupport.MariaDbTest;
import io.sessionstores.testsupport.TestServices;

/** The store contract on the real MariaDB of this machine ({@code SESSIONSTORES_MARIADB_URL}). */
@MariaDbTest
class MariaDbStoreContractIT extends JdbcStoreContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.mariaDbUrl();
    }

    @Override
    protected String expectedDialect() {
        return "mariadb";
    }
}
