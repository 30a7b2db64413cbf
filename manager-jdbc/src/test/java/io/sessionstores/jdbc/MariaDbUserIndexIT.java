package io.sessionstores.jdbc;

import io.sessionstores.testsupport.MariaDbTest;
import io.sessionstores.testsupport.TestServices;

/** The user index of the JDBC store on MariaDB. */
@MariaDbTest
class MariaDbUserIndexIT extends JdbcUserIndexContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.mariaDbUrl();
    }
}
