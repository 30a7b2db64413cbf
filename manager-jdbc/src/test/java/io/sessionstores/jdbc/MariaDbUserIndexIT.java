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

    /** 2,000: the same statements as PostgreSQL's but the upserts. */
    @Override
    protected int randomOperations() {
        return 2_000;
    }
}
