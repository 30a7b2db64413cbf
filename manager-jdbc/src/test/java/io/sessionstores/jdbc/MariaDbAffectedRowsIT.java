package io.sessionstores.jdbc;

import io.sessionstores.testsupport.MariaDbTest;
import io.sessionstores.testsupport.TestServices;

/**
 * The store contract on MariaDB with {@code useAffectedRows=true}: an UPDATE that changes no
 * column then counts 0 rows, which must not read as "session gone" (a touch with the stored
 * values, or older ones).
 */
@MariaDbTest
class MariaDbAffectedRowsIT extends JdbcStoreContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.mariaDbUrl() + "&useAffectedRows=true";
    }

    @Override
    protected String expectedDialect() {
        return "mariadb";
    }
}
