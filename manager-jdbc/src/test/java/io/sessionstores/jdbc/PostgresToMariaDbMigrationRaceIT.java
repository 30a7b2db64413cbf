package io.sessionstores.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import io.sessionstores.core.contract.MigrationRaceContract;
import io.sessionstores.core.store.SessionStore;

import io.sessionstores.testsupport.MariaDbTest;
import io.sessionstores.testsupport.TestServices;

/**
 * The migration races from PostgreSQL to MariaDB (the new store keeps the tombstones), each in a
 * table of this test's own, dropped after each test.
 */
@MariaDbTest
class PostgresToMariaDbMigrationRaceIT extends MigrationRaceContract {

    private static final String TABLE = "ssit_race_pg_to_mariadb";

    @Override
    protected SessionStore newSource() {
        return store(TestServices.postgresUrl());
    }

    @Override
    protected SessionStore newTarget() {
        return store(TestServices.mariaDbUrl());
    }

    private static SessionStore store(String url) {
        JdbcSessionStore s = new JdbcSessionStore();
        s.setUrl(url);
        s.setTableName(TABLE);
        s.setCreateSchema(true);
        return s;
    }

    @Override
    protected void cleanUp(List<SessionStore> sources, List<SessionStore> targets) throws Exception {
        for (String url : List.of(TestServices.postgresUrl(), TestServices.mariaDbUrl())) {
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + TABLE);
                st.execute("DROP TABLE IF EXISTS " + TABLE + "_lease");
            }
        }
    }
}
