package io.sessionstores.jdbc;

import io.sessionstores.testsupport.MariaDbTest;
import io.sessionstores.testsupport.TestServices;

/** The JDBC store on MariaDB in JMX beside its Manager. */
@MariaDbTest
class MariaDbStoreJmxIT extends JdbcStoreJmxContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.mariaDbUrl();
    }

    @Override
    protected String nodeName() {
        return "mariadb-store";
    }
}
