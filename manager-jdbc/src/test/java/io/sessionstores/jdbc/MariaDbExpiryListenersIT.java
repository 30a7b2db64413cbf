package io.sessionstores.jdbc;

import io.sessionstores.testsupport.MariaDbTest;
import io.sessionstores.testsupport.TestServices;

/** Listeners of timed-out sessions with the JDBC store on MariaDB. */
@MariaDbTest
class MariaDbExpiryListenersIT extends JdbcExpiryListenersContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.mariaDbUrl();
    }

    @Override
    protected String nodeName() {
        return "mariadb-expiry";
    }
}
