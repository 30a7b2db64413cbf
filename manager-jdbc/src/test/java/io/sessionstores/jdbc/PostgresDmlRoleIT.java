package io.sessionstores.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreContext;

import io.sessionstores.testsupport.TestServices;

/**
 * {@code createSchema="true"} for an application role that may only read and write the table
 * (SELECT, INSERT, UPDATE, DELETE), on the real PostgreSQL: PostgreSQL refuses even
 * {@code CREATE INDEX IF NOT EXISTS} to a role that does not own the table, and that must leave
 * a working store with a warning, not a dead one.
 */
class PostgresDmlRoleIT {

    private static final String TABLE = "ssit_dml_role";
    private static final String ROLE = "ssit_dml_role_user";

    private JdbcSessionStore store;

    @BeforeEach
    void tableOwnedByAnotherRole() throws Exception {
        dropAll();
        JdbcSessionStore owner = store(TestServices.postgresUrl());
        owner.stop();
        sql("CREATE ROLE " + ROLE + " LOGIN", "GRANT SELECT, INSERT, UPDATE, DELETE ON " + TABLE + " TO " + ROLE);
    }

    @AfterEach
    void dropAll() throws SQLException {
        if (store != null) {
            store.stop();
        }
        sql("DROP TABLE IF EXISTS " + TABLE, "DROP ROLE IF EXISTS " + ROLE);
    }

    @Test
    void createSchemaWithADmlOnlyRoleUsesTheExistingTable() throws Exception {
        store = store(TestServices.postgresUrl().replaceFirst("user=[^&]*", "user=" + ROLE));
        long now = System.currentTimeMillis();
        SessionRecord record = new SessionRecord("DML1", ByteBuffer.allocate(8).putLong(42).array(), 1, now + 600_000,
                now, 600, 8);

        assertThat(store.write(record, 0)).as("write as the DML-only role").isTrue();
        assertThat(store.read("DML1")).as("read back").isNotNull();
    }

    private static JdbcSessionStore store(String url) throws Exception {
        JdbcSessionStore s = new JdbcSessionStore();
        s.setUrl(url);
        s.setTableName(TABLE);
        s.setCreateSchema(true);
        s.start(new StoreContext("/Catalina/localhost/dml", "dml", PostgresDmlRoleIT.class.getClassLoader(),
                System::currentTimeMillis));
        return s;
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl()); Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }
}
