package io.sessionstores.jdbc;

import io.sessionstores.testsupport.MariaDbTest;
import io.sessionstores.testsupport.TestServices;

/** The {@code expire} command line against MariaDB. */
@MariaDbTest
class MariaDbExpireCommandIT extends JdbcExpireCommandContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.mariaDbUrl();
    }

    @Override
    protected String unreachableJdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:7450/test?user=root&connectTimeout=2000";
    }
}
