package io.sessionstores.jdbc;

import io.sessionstores.testsupport.MariaDbTest;
import io.sessionstores.testsupport.TestServices;

/** Hostile stored data on MariaDB ({@code SESSIONSTORES_MARIADB_URL}). */
@MariaDbTest
class MariaDbHostileStoredDataIT extends JdbcHostileStoredDataContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.mariaDbUrl();
    }
}
