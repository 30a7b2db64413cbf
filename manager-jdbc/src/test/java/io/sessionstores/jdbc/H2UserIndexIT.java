package io.sessionstores.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;

/** The user index of the JDBC store on H2 (in memory), and a table made before it had its column. */
class H2UserIndexIT extends JdbcUserIndexContract {

    private static final String URL = "jdbc:h2:mem:h2userindexit;DB_CLOSE_DELAY=-1";

    @Override
    protected String jdbcUrl() {
        return URL;
    }

    /** The table as the first release made it: no principal column. */
    private static void oldTable(String table) throws Exception {
        try (Connection c = DriverManager.getConnection(URL); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("CREATE TABLE " + table + " (app VARCHAR(255) NOT NULL, id VARCHAR(1024) NOT NULL,"
                    + " expires_at BIGINT, last_access BIGINT NOT NULL, max_inactive INTEGER NOT NULL,"
                    + " version BIGINT NOT NULL, stored_bytes INTEGER NOT NULL, raw_bytes INTEGER NOT NULL,"
                    + " data BLOB NOT NULL, PRIMARY KEY (app, id))");
        }
    }

    private static JdbcSessionStore store(String table, boolean createSchema) throws Exception {
        JdbcSessionStore s = new JdbcSessionStore();
        s.setUrl(URL);
        s.setTableName(table);
        s.setCreateSchema(createSchema);
        s.start(new StoreContext("/Catalina/localhost/old-table", "old table", H2UserIndexIT.class.getClassLoader(),
                System::currentTimeMillis));
        return s;
    }

    @Test
    void createSchemaAddsTheUserIndexColumnToATableMadeBeforeIt() throws Exception {
        oldTable("ssit_users_old_created");
        JdbcSessionStore s = store("ssit_users_old_created", true);
        try {
            long now = System.currentTimeMillis();
            s.write(Frames.authenticated("/Catalina/localhost/old-table", "O1", 1, now + 60_000, now, "alice"), 0);
            assertThat(s.sessionsOfUser("alice", 10)).hasSize(1);
        } finally {
            s.stop();
            TestTables.drop(URL, "ssit_users_old_created");
        }
    }

    @Test
    void withoutCreateSchemaATableMadeBeforeTheColumnFailsSayingWhatToRun() throws Exception {
        oldTable("ssit_users_old_kept");
        JdbcSessionStore s = store("ssit_users_old_kept", false);
        try {
            long now = System.currentTimeMillis();
            assertThatThrownBy(() -> s.write(
                    Frames.authenticated("/Catalina/localhost/old-table", "O2", 1, now + 60_000, now, "alice"), 0))
                    .isInstanceOf(StoreException.class).hasMessageContaining("principal column")
                    .hasMessageContaining("docs/jdbc.md").hasMessageContaining("createSchema");
        } finally {
            s.stop();
            TestTables.drop(URL, "ssit_users_old_kept");
        }
    }
}
