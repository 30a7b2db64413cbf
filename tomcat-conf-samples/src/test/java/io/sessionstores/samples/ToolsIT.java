package io.sessionstores.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.analysis.AnalysisFixture;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.jdbc.JdbcSessionStore;
import io.sessionstores.redis.RedisSessionStore;
import io.sessionstores.testsupport.TestServices;

/**
 * The command-line tools of the drop-in jars as an operator runs them,
 * {@code java -jar manager-*-all.jar <command>}, with the jars of a real Tomcat distribution
 * (its {@code lib/} and {@code bin/tomcat-juli.jar} copied into an installation of this test's
 * own, with the Redis drop-in jar and the PostgreSQL driver in its {@code lib/}). The launcher
 * finds Tomcat from the jar's own directory, from {@code CATALINA_HOME}, or from
 * {@code --catalina-home}, and says so clearly when there is none.
 */
class ToolsIT {

    private static final String VERSION = System.getProperty("sessionstores.dist.versions", "10.1.60,11.0.25")
            .split(",")[1].trim();
    private static final String REDIS = TestServices.redisAddress();
    private static final String TABLE = Samples.table(ToolsIT.class);
    private static final long HOUR = 3_600_000;
    /** Two expired sessions, a live one, a never-expiring one. */
    private static final List<String> SEEDED_IDS = List.of("E00000000000000000000000000000A1",
            "E00000000000000000000000000000A2", "C00000000000000000000000000000B1", "F00000000000000000000000000000C1");

    private static Path tomcat;
    private static Path elsewhere;
    /** Fixed, so that the few keys a run leaves in the shared Redis (layout, cursor) are always the same ones. */
    private final String app = "/Catalina/localhost/tools-it";
    private final String prefix = "it:tools:";
    private final List<String> redisIds = new ArrayList<>();

    @BeforeAll
    static void install() throws IOException {
        Path dir = Samples.testDir("tools");
        tomcat = dir.resolve("tomcat");
        elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path home = TomcatDistribution.home(VERSION);
        Files.createDirectories(tomcat.resolve("lib"));
        Files.createDirectories(tomcat.resolve("bin"));
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, tomcat.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(home.resolve("bin/tomcat-juli.jar"), tomcat.resolve("bin/tomcat-juli.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        for (Path jar : List.of(Samples.dropIn("redis"), Samples.driver("jdbc-postgresql"))) {
            Files.copy(jar, tomcat.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        for (Path jar : List.of(Samples.dropIn("redis"), Samples.dropIn("jdbc"))) {
            Files.copy(jar, elsewhere.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @AfterAll
    static void dropTables() throws Exception {
        try (Connection c = DriverManager.getConnection(Samples.postgresUrl()); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
            st.execute("DROP TABLE IF EXISTS " + TABLE + "_lease");
        }
    }

    private record Run(int exit, String out, String err) {
    }

    /** {@code java -jar jar args...} with only {@code env} of the CATALINA_* variables. */
    private static Run java(Path jar, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(elsewhere, "out", ".txt");
        Path err = Files.createTempFile(elsewhere, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("CATALINA_HOME");
        builder.environment().remove("CATALINA_BASE");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Path inTomcatLib(String backend) {
        return tomcat.resolve("lib").resolve(Samples.dropIn(backend).getFileName());
    }

    private static Path elsewhere(String backend) {
        return elsewhere.resolve(Samples.dropIn(backend).getFileName());
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Run help = java(inTomcatLib("redis"), Map.of(), "help");
        assertThat(help.exit()).as("exit; stderr: %s", help.err()).isZero();
        assertThat(help.out()).contains("usage: java -jar").contains("  analyze ").contains("  expire ")
                .contains("  migrate ").doesNotContain("(not in this build)");
    }

    @Test
    void everyCommandAnswersHelpWithItsUsageAndExit0() throws Exception {
        for (String command : List.of("analyze", "expire", "migrate")) {
            Run help = java(inTomcatLib("redis"), Map.of(), command, "--help");
            assertThat(help.exit()).as("%s --help: exit; stderr: %s", command, help.err()).isZero();
            assertThat(help.out()).as("%s --help", command).startsWith("usage: " + command)
                    .contains("--redis-address").contains("--jdbc-url");
        }
    }

    /**
     * {@code analyze --help} answered "Tomcat's classes are needed" (exit 2) from a jar outside a
     * Tomcat with no CATALINA_HOME: a usage text needs no Tomcat. {@code help <command>} printed
     * the list of commands instead of the command's usage.
     */
    @Test
    void helpOfEveryCommandNeedsNoTomcat() throws Exception {
        for (String command : List.of("analyze", "expire", "migrate")) {
            Run help = java(elsewhere("jdbc"), Map.of(), command, "--help");
            assertThat(help.exit()).as("%s --help without a Tomcat: exit; stderr: %s", command, help.err()).isZero();
            assertThat(help.out()).as("%s --help", command).startsWith("usage: " + command).contains("--jdbc-url");
        }
        Run helpAnalyze = java(elsewhere("jdbc"), Map.of(), "help", "analyze");
        assertThat(helpAnalyze.exit()).as("help analyze: exit; stderr: %s", helpAnalyze.err()).isZero();
        assertThat(helpAnalyze.out()).startsWith("usage: analyze").contains("--bigger-than");
    }

    /** The Redis drop-in jar holds the JDBC store too: one jar migrates PostgreSQL -> Redis. */
    @Test
    void migrateCopiesFromPostgresqlToRedisWithTheRedisJarAlone() throws Exception {
        JdbcSessionStore database = new JdbcSessionStore();
        database.setUrl(Samples.postgresUrl());
        database.setTableName(TABLE);
        database.setCreateSchema(true);
        database.setExpiredBatchSize(0);
        start(database);
        RedisSessionStore redis = redisStore();
        try {
            for (String id : SEEDED_IDS) {
                database.delete(id); // what the expire test (or an aborted run) left in the table
            }
            List<String> ids = seedExpiredLiveAndNever(database);
            Run run = java(inTomcatLib("redis"), Map.of(), "migrate", "--app", app, "--from-jdbc-url",
                    Samples.postgresUrl(), "--from-table", TABLE, "--to-redis-address", REDIS, "--to-key-prefix", prefix,
                    "--to-bucket-count", "16");
            assertThat(run.exit()).as("exit; stdout: %s; stderr: %s", run.out(), run.err()).isZero();
            assertThat(run.out()).contains("copied 2,").contains("expired 2").contains("complete");
            assertThat(redis.read(ids.get(2))).as("the live session, in Redis").isNotNull();
            assertThat(redis.read(ids.get(3))).as("the never-expiring session, in Redis").isNotNull();
            assertThat(database.read(ids.get(2))).as("copied sessions leave the database").isNull();
        } finally {
            clear(redis);
            for (String id : SEEDED_IDS) {
                database.delete(id);
            }
            database.stop();
        }
    }

    @Test
    void analyzeRunsFromTomcatLibAgainstRedis() throws Exception {
        long now = System.currentTimeMillis();
        List<AnalysisFixture.Seeded> seeded = AnalysisFixture.population(now + HOUR, now - HOUR);
        RedisSessionStore store = redisStore();
        try {
            for (AnalysisFixture.Seeded s : seeded) {
                assertThat(store.write(s.record(), 0)).isTrue();
            }
            Run run = java(inTomcatLib("redis"), Map.of(), "analyze", "--app", app, "--redis-address", REDIS,
                    "--key-prefix", prefix, "--bucket-count", "16", "--bigger-than", "0");
            long live = seeded.stream().filter(s -> !s.expired()).count();
            assertThat(run.exit()).as("exit; stderr: %s", run.err()).isZero();
            assertThat(run.out()).startsWith("Processed " + live + " sessions out of " + seeded.size()
                    + " total sessions");
        } finally {
            clear(store);
        }
    }

    @Test
    void expireRunsWithCatalinaHomeAgainstPostgresql() throws Exception {
        JdbcSessionStore store = new JdbcSessionStore();
        store.setUrl(Samples.postgresUrl());
        store.setTableName(TABLE);
        store.setCreateSchema(true);
        store.setExpiredBatchSize(0);
        start(store);
        try {
            List<String> ids = seedExpiredLiveAndNever(store);
            Run run = java(elsewhere("jdbc"), Map.of("CATALINA_HOME", tomcat.toString()), "expire", "--app", app,
                    "--jdbc-url", Samples.postgresUrl(), "--table", TABLE, "--batch-size", "1");
            assertThat(run.exit()).as("exit; stderr: %s", run.err()).isZero();
            assertThat(run.out()).contains(app + ": deleted 2 expired sessions in 3 batches");
            assertThat(store.lookup(ids)).as("left: the live and the never-expiring session").hasSize(2);
        } finally {
            store.stop();
        }
    }

    @Test
    void expireRunsWithTheCatalinaHomeOptionAgainstRedis() throws Exception {
        RedisSessionStore store = redisStore();
        try {
            List<String> ids = seedExpiredLiveAndNever(store);
            Run run = java(elsewhere("redis"), Map.of(), "expire", "--catalina-home", tomcat.toString(), "--app", app,
                    "--redis-address", REDIS, "--key-prefix", prefix, "--bucket-count", "16");
            assertThat(run.exit()).as("exit; stderr: %s", run.err()).isZero();
            assertThat(run.out()).contains(app + ": deleted 2 expired sessions");
            assertThat(store.lookup(ids)).as("left: the live and the never-expiring session").hasSize(2);
        } finally {
            clear(store);
        }
    }

    @Test
    void withoutTomcatTheToolSaysWhereItLooked() throws Exception {
        Run run = java(elsewhere("redis"), Map.of(), "expire", "--app", app, "--redis-address", REDIS);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no Tomcat was found").contains("CATALINA_HOME").contains("--catalina-home");
        Run wrong = java(elsewhere("jdbc"), Map.of("CATALINA_HOME", elsewhere.toString()), "analyze", "--app", app);
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("is not a Tomcat installation");
    }

    private List<String> seedExpiredLiveAndNever(SessionStore store) throws Exception {
        long now = System.currentTimeMillis();
        List<String> ids = SEEDED_IDS;
        long[] expiry = {now - HOUR, now - HOUR, now + HOUR, SessionRecord.NEVER_EXPIRES};
        for (int i = 0; i < ids.size(); i++) {
            assertThat(store.write(Frames.record(ids.get(i), 1, expiry[i], "tools"), 0))
                    .isTrue();
        }
        return ids;
    }

    /** The Redis store the tools are pointed at, cleared of what an earlier run may have left. */
    private RedisSessionStore redisStore() throws Exception {
        RedisSessionStore store = new RedisSessionStore();
        store.setAddress(REDIS);
        store.setKeyPrefix(prefix);
        store.setBucketCount(16);
        start(store);
        long now = System.currentTimeMillis();
        AnalysisFixture.population(now, now).forEach(s -> redisIds.add(s.id()));
        redisIds.addAll(SEEDED_IDS);
        for (String id : redisIds) {
            store.delete(id);
        }
        return store;
    }

    private void start(SessionStore store) throws Exception {
        store.start(new StoreContext(app, "ToolsIT", getClass().getClassLoader(), System::currentTimeMillis));
    }

    /** Deletes every session this test stores in Redis (also what an aborted run left), then stops the store. */
    private void clear(RedisSessionStore store) throws Exception {
        try {
            for (String id : redisIds) {
                store.delete(id);
            }
        } finally {
            store.stop();
        }
    }
}
