package io.sessionstores.jdbc;

import io.sessionstores.testsupport.MariaDbTest;
import io.sessionstores.testsupport.TestServices;

/** The migration races from PostgreSQL to MariaDB. */
@MariaDbTest
class PostgresToMariaDbMigrationRaceIT extends JdbcMigrationRaceContract {

    PostgresToMariaDbMigrationRaceIT() {
        super("ssit_race_pg_to_mariadb");
    }

    @Override
    String sourceUrl() {
        return TestServices.postgresUrl();
    }

    @Override
    String targetUrl() {
        return TestServices.mariaDbUrl();
    }
}
