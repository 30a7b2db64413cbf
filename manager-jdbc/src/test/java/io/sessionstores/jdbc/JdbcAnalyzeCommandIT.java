package io.sessionstores.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessionstores.core.analysis.AnalysisFixture;
import io.sessionstores.core.analysis.CommandRun;
import io.sessionstores.core.analysis.AnalyzeCommand;
import io.sessionstores.core.store.SessionIds;
import io.sessionstores.core.store.StoreContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sessionstores.testsupport.TestServices;

/**
 * The {@code analyze} command line on H2 and PostgreSQL, as an operator runs it: the backend found
 * by ServiceLoader, sessions seeded through the store, figures checked against the fixture's own
 * arithmetic; bad arguments and an unreachable database end with their exit codes.
 */
class JdbcAnalyzeCommandIT {

    private static final String TABLE = "ssit_analyze_command";
    private static final String APP = "/Catalina/localhost/analyze-command-" + System.nanoTime();
    private static final String H2_URL = "jdbc:h2:file:./target/h2-analyze-command;DB_CLOSE_DELAY=-1";
    private static List<AnalysisFixture.Seeded> seeded;

    @TempDir
    static Path dir;

    @BeforeAll
    static void seed() throws Exception {
        long now = System.currentTimeMillis();
        seeded = AnalysisFixture.population(now + 1_800_000, now + 1_000);
        for (String url : List.of(H2_URL, TestServices.postgresUrl())) {
            JdbcSessionStore store = new JdbcSessionStore();
            store.setUrl(url);
            store.setTableName(TABLE);
            store.setCreateSchema(true);
            store.start(new StoreContext(APP, "seed", JdbcAnalyzeCommandIT.class.getClassLoader(), () -> now));
            try {
                for (AnalysisFixture.Seeded s : seeded) {
                    store.delete(s.id());
                    assertThat(store.write(s.record(), 0)).as("seeding %s", s.id()).isTrue();
                }
            } finally {
                store.stop();
            }
        }
        Thread.sleep(1_100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void biggerThanReportMatchesTheSeededSessions(String database) throws Exception {
        String url = database.equals("h2") ? H2_URL : TestServices.postgresUrl();
        Path report = dir.resolve(database + ".json");

        CommandRun outcome = CommandRun.of("analyze", "--app", APP, "--jdbc-url", url, "--table", TABLE, "--bigger-than", "10240",
                "--format", "json", "--output", report.toString(), "--batch-size", "2");

        assertThat(outcome.exit()).as("exit code; stderr: %s", outcome.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(Files.readString(report));
        List<AnalysisFixture.Seeded> bigger = seeded.stream().filter(s -> !s.expired() && s.rawBytes() > 10_240).toList();
        assertThat(json.get("processed").asLong()).as("sessions over 10240 bytes").isEqualTo(bigger.size());
        assertThat(json.get("totalRawBytes").asLong())
                .isEqualTo(bigger.stream().mapToLong(AnalysisFixture.Seeded::rawBytes).sum());
        assertThat(json.get("expired").asLong()).as("the big expired session").isEqualTo(1);
        assertThat(json.get("totalSessions").asLong()).isEqualTo(seeded.size());
    }

    @Test
    void idsFromAFileListTheMissingOnesInText() throws Exception {
        Path ids = dir.resolve("ids.txt");
        String missing = "FFFF0000FFFF0000FFFF0000FFFF0000";
        Files.writeString(ids, seeded.get(0).id() + "\n" + seeded.get(3).id() + "\n" + missing + "\n");

        CommandRun outcome = CommandRun.of("analyze", "--app", APP, "--jdbc-url", TestServices.postgresUrl(), "--table", TABLE,
                "--ids-from", ids.toString());

        assertThat(outcome.exit()).as("exit code; stderr: %s", outcome.err()).isZero();
        assertThat(outcome.out()).startsWith(AnalysisFixture.classicText(List.of(seeded.get(0), seeded.get(3)),
                        seeded.size()))
                .contains("Ids that no longer exist: 1 of 3 (id hashes)\n    " + SessionIds.hash(missing))
                .doesNotContain(missing);
    }

    @Test
    void badArgumentsExitWith2AndSayWhatIsWrong() {
        assertThat(CommandRun.of("analyze", "--app", APP, "--jdbc-url", H2_URL, "--colour", "red"))
                .satisfies(o -> assertThat(o.exit()).isEqualTo(AnalyzeCommand.BAD_ARGUMENTS))
                .satisfies(o -> assertThat(o.err()).contains("unknown option '--colour'").contains("--jdbc-url URL"));
        assertThat(CommandRun.of("analyze", "--app", APP, "--jdbc-url", H2_URL, "--format", "pdf").err())
                .contains("--format").contains("pdf").contains("text");
        assertThat(CommandRun.of("analyze", "--app", APP, "--jdbc-url", H2_URL, "--bigger-than", "ten").err())
                .contains("--bigger-than").contains("ten");
        assertThat(CommandRun.of("analyze", "--jdbc-url", H2_URL).err()).contains("--app");
        assertThat(CommandRun.of("analyze", "--app", APP).err()).contains("name one store");
        assertThat(CommandRun.of("analyze", "--app", APP, "--jdbc-url", H2_URL, "--table", "x; drop").exit())
                .as("a table name the store refuses").isEqualTo(AnalyzeCommand.BAD_ARGUMENTS);
    }

    @Test
    void anUnreachableDatabaseExitsWith3() {
        CommandRun outcome = CommandRun.of("analyze", "--app", APP, "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/test?user=x&connectTimeout=2");

        assertThat(outcome.exit()).as("exit code; stderr: %s", outcome.err()).isEqualTo(AnalyzeCommand.STORE_UNREACHABLE);
        assertThat(outcome.err()).contains("cannot reach the store");
    }
}
