package io.sessionstores.jdbc;

import io.sessionstores.testsupport.TestServices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sessionstores.core.analysis.AnalysisFixture;
import io.sessionstores.core.analysis.CommandRun;
import io.sessionstores.core.store.StoreContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code migrate} between two tables of H2 and of PostgreSQL, as an operator runs it:
 * {@code --keep-source yes} keeps the old table's sessions, {@code --keep-source maybe} is refused
 * with exit status 2 before anything is copied or deleted.
 */
class JdbcMigrateCommandIT {

    private static final String OLD = "ssit_migrate_cmd_old";
    private static final String NEW = "ssit_migrate_cmd_new";
    private static final String H2_URL = "jdbc:h2:file:./target/h2-migrate-command;DB_CLOSE_DELAY=-1";

    private static String url(String database) {
        return database.equals("h2") ? H2_URL : TestServices.postgresUrl();
    }

    /** Empties both tables of {@code app} and seeds the old one with two live sessions. */
    private static List<AnalysisFixture.Seeded> seed(String url, String app) throws Exception {
        long now = System.currentTimeMillis();
        List<AnalysisFixture.Seeded> seeded = List.of(
                AnalysisFixture.session("C0000000000000000000000000000001", now + 3_600_000, false, false,
                        Map.of("user", 40)),
                AnalysisFixture.session("C0000000000000000000000000000002", now + 3_600_000, false, false,
                        Map.of("cart", 900)));
        for (String table : List.of(OLD, NEW)) {
            JdbcSessionStore store = store(url, table, app);
            try {
                for (AnalysisFixture.Seeded s : seeded) {
                    store.delete(s.id());
                    if (table.equals(OLD)) {
                        assertThat(store.write(s.record(), 0)).as("seeding %s", s.id()).isTrue();
                    }
                }
            } finally {
                store.stop();
            }
        }
        return seeded;
    }

    private static JdbcSessionStore store(String url, String table, String app) throws Exception {
        JdbcSessionStore store = new JdbcSessionStore();
        store.setUrl(url);
        store.setTableName(table);
        store.setCreateSchema(true);
        store.start(new StoreContext(app, "seed", JdbcMigrateCommandIT.class.getClassLoader(),
                System::currentTimeMillis));
        return store;
    }

    private static long count(String url, String table, String app) throws Exception {
        JdbcSessionStore store = store(url, table, app);
        try {
            return store.count();
        } finally {
            store.stop();
        }
    }

    private static CommandRun migrate(String url, String app, String keepSource) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--from-jdbc-url", url);
        options.put("--from-table", OLD);
        options.put("--to-jdbc-url", url);
        options.put("--to-table", NEW);
        options.put("--keep-source", keepSource);
        return CommandRun.migrate(CommandRun.argv("migrate", app, options));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void keepSourceYesKeepsTheSource(String database) throws Exception {
        String app = "/Catalina/localhost/migrate-yes-" + System.nanoTime();
        seed(url(database), app);

        CommandRun run = migrate(url(database), app, "yes");

        assertThat(run.exit()).as("exit; output: %s", run.out()).isZero();
        assertThat(count(url(database), OLD, app)).as("sessions left in the old table").isEqualTo(2);
        assertThat(count(url(database), NEW, app)).as("sessions copied to the new table").isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void keepSourceMaybeIsRefusedWithExit2AndChangesNothing(String database) throws Exception {
        String app = "/Catalina/localhost/migrate-maybe-" + System.nanoTime();
        seed(url(database), app);

        CommandRun run = migrate(url(database), app, "maybe");

        assertThat(run.exit()).as("exit; output: %s", run.out()).isEqualTo(2);
        assertThat(run.out()).contains("Invalid value 'maybe' for option '--keep-source': allowed values are true,"
                + " false, yes, no");
        assertThat(count(url(database), OLD, app)).as("sessions left in the old table").isEqualTo(2);
        assertThat(count(url(database), NEW, app)).as("sessions in the new table").isZero();
    }
}
