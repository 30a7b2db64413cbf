package io.sessionstores.jdbc;

import io.sessionstores.testsupport.MariaDbTest;
import io.sessionstores.testsupport.TestServices;

/** Network faults between the JDBC store and MariaDB. */
@MariaDbTest
class MariaDbStoreFaultIT extends JdbcStoreFaultContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.mariaDbUrl();
    }
}
