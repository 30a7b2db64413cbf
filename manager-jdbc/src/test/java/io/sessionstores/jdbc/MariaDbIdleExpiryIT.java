package io.sessionstores.jdbc;

import io.sessionstores.testsupport.MariaDbTest;
import io.sessionstores.testsupport.TestServices;

/** Expiry judged from one node's copy with the JDBC store on MariaDB. */
@MariaDbTest
class MariaDbIdleExpiryIT extends JdbcIdleExpiryContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.mariaDbUrl();
    }

    @Override
    protected String nodeName() {
        return "mariadb-idle-expiry";
    }
}
