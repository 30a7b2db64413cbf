package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sessionstores.core.analysis.AnalyzeCommand;
import io.sessionstores.core.analysis.CommandRun;
import io.sessionstores.core.it.LogCapture;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.ContextXml;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.testsupport.RedisCli;
import io.sessionstores.testsupport.RedisServer;

/**
 * A Redis server that requires a password, given a wrong one or none: the command line and the
 * Manager's start-up log say that authentication failed (never that the server is unreachable),
 * and never print the password. A private {@code redis-server} on port {@value #PORT} with
 * {@code requirepass}.
 */
class RedisAuthenticationIT {

    private static final int PORT = 7140;
    private static final String PASSWORD = "right-" + Long.toHexString(System.nanoTime());
    private static final String WRONG = "wrong-" + Long.toHexString(System.nanoTime());
    private static final String APP = "/Catalina/localhost/redis-auth";

    private static RedisServer server;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startServerWithAPassword() throws Exception {
        server = RedisServer.start(PORT);
        server.cli("config", "set", "requirepass", PASSWORD);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            RedisCli.authenticatedReply(PORT, PASSWORD, "config", "set", "requirepass", "");
            server.stop();
        }
    }

    @Test
    void aWrongRedisPasswordOnTheCommandLineSaysAuthenticationFailed() {
        CommandRun run = CommandRun.of("analyze", "--app", APP, "--redis-address",
                "redis://:" + WRONG + "@127.0.0.1:" + PORT);

        assertThat(run.exit()).as("exit code; stderr: %s", run.err()).isEqualTo(AnalyzeCommand.STORE_UNREACHABLE);
        assertThat(run.err()).as("the message").containsIgnoringCase("authentication")
                .doesNotContain("Unable to connect").doesNotContain(WRONG);
        assertThat(run.out()).doesNotContain(WRONG);
    }

    @Test
    void noRedisPasswordForAServerThatRequiresOneSaysAuthenticationFailed() {
        CommandRun run = CommandRun.of("analyze", "--app", APP, "--redis-address", "redis://127.0.0.1:" + PORT);

        assertThat(run.exit()).as("exit code; stderr: %s", run.err()).isEqualTo(AnalyzeCommand.STORE_UNREACHABLE);
        assertThat(run.err()).as("the message").containsIgnoringCase("authentication")
                .doesNotContain("Unable to connect");
    }

    @Test
    void theRightPasswordWorks() {
        CommandRun run = CommandRun.of("analyze", "--app", APP, "--redis-address",
                "redis://:" + PASSWORD + "@127.0.0.1:" + PORT);

        assertThat(run.exit()).as("exit code; stderr: %s", run.err()).isZero();
    }

    @Test
    void aWrongRedisPasswordInContextXmlIsLoggedAtStartAsAnAuthenticationFailure() throws Exception {
        Path contextXml = dir.resolve("context.xml");
        Files.writeString(contextXml, ContextXml.sessionStoreManager().store(RedisSessionStore.class,
                "address", "redis://:" + WRONG + "@127.0.0.1:" + PORT, "timeout", 1000, "retryAttempts", 0).xml());
        List<String> lines;
        try (LogCapture log = LogCapture.of("");
             TomcatNode node = TomcatNode.start("redis-auth", SessionTestApp.war(contextXml))) {
            lines = log.lines();
        }

        assertThat(lines).as("the start-up log").anySatisfy(line -> assertThat(line)
                .containsIgnoringCase("authentication").contains("127.0.0.1:" + PORT));
        assertThat(lines).as("the start-up log").noneSatisfy(line -> assertThat(line).contains(WRONG));
        assertThat(lines).as("no line calls it a network fault")
                .noneSatisfy(line -> assertThat(line).contains("Unable to connect"));
    }
}
