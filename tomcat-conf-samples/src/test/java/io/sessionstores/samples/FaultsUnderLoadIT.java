package io.sessionstores.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sessionstores.core.fault.TcpRelay;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.samples.MixedLoad.Phase;
import io.sessionstores.testsupport.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults under load: eight browsers, each with a session of its own, send mixed
 * reads and writes to two Tomcats (two JVMs, the samples' context.xml as they are, no stickiness)
 * for about 25 s while, in the middle,
 * <ul>
 *   <li>Redis is killed (SIGKILL) and started again 10 s later: a private {@code redis-server}
 *       with an append-only file synced on every write ({@link RedisServer#durable}), never the shared
 *       one;</li>
 *   <li>PostgreSQL "restarts": a {@link TcpRelay} between the Tomcats and the shared server drops
 *       every connection and refuses new ones for 5 s (the shared server itself is never
 *       restarted);</li>
 *   <li>one Tomcat is killed with SIGKILL and started again.</li>
 * </ul>
 * Asserted: no request takes longer than the sample's store timeouts allow; before the fault and
 * once recovered every request succeeds; during it the only answers are the documented ones (the
 * application's 404 for a session that cannot be read, the Manager's 503 {@code unsavedStatus} for
 * a change that cannot be stored; a killed node refuses connections or drops the request in
 * flight); afterwards every session is read back through both nodes with every acknowledged write;
 * and the Tomcats of the store scenarios start while their store is down. Each scenario prints a
 * {@code [fault figures]} line.
 */
class FaultsUnderLoadIT {

    private static final int BROWSERS = 8;
    private static final long THINK_MILLIS = 10;
    private static final Duration BEFORE = Duration.ofSeconds(6);
    /** Time to recover after a store fault ends before every request must succeed again. */
    private static final Duration SETTLE = Duration.ofSeconds(4);
    /**
     * The same after Redis is back: Redisson reconnects each connection of its pool after a
     * delay growing up to its {@code reconnectionDelay} maximum (10 s by default), so requests
     * may fail until then.
     */
    private static final Duration REDIS_SETTLE = Duration.ofSeconds(13);
    private static final Duration AFTER = Duration.ofSeconds(5);
    /** A private port of this test (this module: 7420-7439). */
    private static final int REDIS_PORT = 7420;
    /**
     * redis-hash/redisson.yaml: timeout 2000 ms, retryAttempts 1, and Redisson's default
     * retryDelay (1 to 2 s): one failing call ends within 2 x 2000 + 2000 ms; a request makes at
     * most two (read, write); plus 2 s for a machine shared by two Tomcats, Redis and the load.
     */
    private static final Duration REDIS_BOUND = Duration.ofMillis(2 * (2 * 2000 + 2000) + 2000);
    /**
     * jdbc-postgresql/context.xml: maxWait 5 s, queryTimeout 5 s plus 1 s of network wait, and
     * slack (as {@code PostgresSampleFaultIT}).
     */
    private static final Duration POSTGRES_BOUND = Duration.ofSeconds(14);
    private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+):(\\d+)");

    private final String table = Samples.table(getClass());

    @BeforeEach
    @AfterEach
    void dropTable() throws SQLException {
        try (Connection c = DriverManager.getConnection(Samples.postgresUrl()); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    @Test
    void redisKilledForTenSecondsUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        Path dir = Samples.testDir("faults-redis");
        Path war = SessionTestApp.exportTo(SessionTestApp.war(Samples.contextXml("redis-hash")), dir);
        for (String node : new String[] {"a", "b"}) {
            copy(Samples.moduleDir().resolve("redis-hash/redisson.yaml"), dir.resolve(node + "/tomcat/conf/redisson.yaml"));
        }
        Map<String, String> settings = Map.of("sessionstores.redis.host", "127.0.0.1",
                "sessionstores.redis.port", String.valueOf(REDIS_PORT));
        long t0 = System.nanoTime();
        try (RedisServer redis = RedisServer.durable(REDIS_PORT, dir.resolve("redis"));
             TwoNodes nodes = TwoNodes.start(dir, "/app", settings, "--war=" + war)) {
            startedWhileDown("Redis", t0);
            storeOutage("Redis killed, started again after 10 s", nodes, () -> unchecked(redis::kill), () -> unchecked(redis::start),
                    Duration.ofSeconds(10), REDIS_BOUND, REDIS_SETTLE);
        }
    }

    @Test
    void postgresRestartedUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        Matcher m = HOST_PORT.matcher(Samples.postgresUrl());
        assertThat(m.find()).isTrue();
        Path dir = Samples.testDir("faults-postgres");
        try (TcpRelay relay = TcpRelay.start(m.group(1), Integer.parseInt(m.group(2)))) {
            String throughRelay = m.replaceFirst("//127.0.0.1:" + relay.port());
            relay.cut();
            long t0 = System.nanoTime();
            try (TwoNodes nodes = postgresNodes(dir, throughRelay)) {
                startedWhileDown("PostgreSQL", t0);
                storeOutage("PostgreSQL restarted (all connections dropped, refused for 5 s)", nodes, relay::cut,
                        relay::restore, Duration.ofSeconds(5), POSTGRES_BOUND, SETTLE);
            }
        }
    }

    @Test
    void tomcatKilledUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        Path dir = Samples.testDir("faults-kill");
        try (TwoNodes nodes = postgresNodes(dir, Samples.postgresUrl())) {
            awaitSessions(nodes);

            Scenario figures = run("Tomcat b killed (SIGKILL) and started again", nodes, POSTGRES_BOUND, SETTLE,
                    nodes::killAndStartAgainB);

            figures.assertDuringTheFaultOnly(Set.of("200", MixedLoad.REFUSED, "connection lost"));
            assertThat(figures.load.outcomes()).as("requests that failed on node a, which was never down")
                    .filteredOn(o -> o.node().equals("a") && !o.kind().equals("200")).isEmpty();
        }
    }

    // ---------------------------------------------------------------- the scenario

    /**
     * A store outage under load, on nodes started while the store was down: {@code up} brings the
     * store up, sessions are created, then the load runs while {@code down}, {@code outage},
     * {@code up}. During the outage and the recovery the only answers are the application's 404
     * (a session that cannot be read, on a node without a copy) and the Manager's 503.
     */
    private void storeOutage(String name, TwoNodes nodes, Runnable down, Runnable up, Duration outage, Duration bound,
            Duration settle) {
        up.run();
        long t0 = System.nanoTime();
        awaitSessions(nodes);
        System.out.printf("[fault figures] %s: both nodes stored a new session %d ms after the store came up%n", name,
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
        run(name, nodes, bound, settle, () -> {
            down.run();
            sleep(outage);
            up.run();
        }).assertDuringTheFaultOnly(Set.of("200", "404", "503"));
    }

    /**
     * Runs the load: {@link #BEFORE}, then {@code fault} (which returns once the fault is over and
     * repaired), {@link #SETTLE} to recover, {@link #AFTER}; then reads every session back and
     * asserts what holds for every fault. Returns the figures for the fault's own assertions.
     */
    private Scenario run(String name, TwoNodes nodes, Duration bound, Duration settle, Runnable fault) {
        try (MixedLoad load = MixedLoad.start(nodes.a(), nodes.b(), BROWSERS, THINK_MILLIS)) {
            sleep(BEFORE);
            load.phase(Phase.FAULT);
            long faultStart = System.nanoTime();
            fault.run();
            Duration faultTook = Duration.ofNanos(System.nanoTime() - faultStart);
            load.phase(Phase.RECOVERING);
            sleep(settle);
            load.phase(Phase.AFTER);
            sleep(AFTER);
            load.stop();

            MixedLoad.Verification checked = load.verify();
            Scenario scenario = new Scenario(name, load, checked, bound);
            MixedLoad.Outcome longest = load.longest();
            System.out.printf("[fault figures] %s: %d browsers, %d requests (%d acknowledged writes), by kind %s;"
                    + " before %s, during the fault (%d ms) %s, recovering (%d ms) %s, after %s; last failure %d ms after"
                    + " the repair; longest request %d ms"
                    + " (%s on node %s, %s, bound %d ms); reads older than an acknowledged write: %d during the"
                    + " fault, %d outside it; after recovery %d sessions read through both nodes, %d attribute values"
                    + " compared, %d sessions missing, %d acknowledged writes lost%n",
                    name, BROWSERS, load.outcomes().size(), load.acknowledgedWrites(), load.kinds(),
                    load.kinds(Phase.BEFORE), faultTook.toMillis(), load.kinds(Phase.FAULT), settle.toMillis(),
                    load.kinds(Phase.RECOVERING), load.kinds(Phase.AFTER), load.recoveryMillis(), longest.millis(),
                    longest.write() ? "write" : "read", longest.node(), longest.kind(), bound.toMillis(),
                    load.staleReads(Phase.FAULT) + load.staleReads(Phase.RECOVERING),
                    load.staleReads(Phase.BEFORE) + load.staleReads(Phase.AFTER), checked.sessions(),
                    checked.attributesChecked(), checked.missingSessions(), checked.lost().size());

            assertThat(checked.lost()).as("%s: acknowledged writes lost (sessions missing: %d)", name,
                    checked.missingSessions()).isEmpty();
            assertThat(checked.sessions()).isEqualTo(BROWSERS);
            assertThat(Duration.ofMillis(longest.millis())).as("%s: longest request (%s)", name, longest)
                    .isLessThan(bound);
            assertThat(load.kinds(Phase.BEFORE).keySet()).as("%s: answers before the fault", name).containsOnly("200");
            assertThat(load.kinds(Phase.AFTER).keySet()).as("%s: answers once recovered", name).containsOnly("200");
            assertThat(load.staleReads(Phase.BEFORE) + load.staleReads(Phase.AFTER))
                    .as("%s: reads older than an acknowledged write, outside the fault", name).isZero();
            return scenario;
        }
    }

    /** What one scenario measured. */
    private record Scenario(String name, MixedLoad load, MixedLoad.Verification checked, Duration bound) {

        /** Answers while the fault lasted and while recovering are among {@code documented}. */
        void assertDuringTheFaultOnly(Set<String> documented) {
            for (Phase phase : new Phase[] {Phase.FAULT, Phase.RECOVERING}) {
                assertThat(load.kinds(phase).keySet()).as("%s: answers %s", name, phase)
                        .isSubsetOf(documented);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Two Tomcats deploying jdbc-postgresql/context.xml as it is, with its URL set to {@code url}. */
    private TwoNodes postgresNodes(Path dir, String url) {
        Path war = SessionTestApp.exportTo(SessionTestApp.war(Samples.contextXml("jdbc-postgresql")), dir);
        // the sample's own network timeouts (its default URL's)
        String withTimeouts = url + (url.contains("?") ? "&" : "?") + "connectTimeout=5&socketTimeout=10"
                + "&cancelSignalTimeout=1";
        return TwoNodes.start(dir, "/app", Map.of("sessionstores.pg.url", withTimeouts, "sessionstores.table", table),
                "--war=" + war);
    }

    /** Both Tomcats serve (TwoNodes.start returned) while {@code store} is down; prints how long they took. */
    private interface Action {
        void run() throws Exception;
    }

    private static void unchecked(Action action) {
        try {
            action.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void startedWhileDown(String store, long startedNanos) {
        System.out.printf("[fault figures] both Tomcats started while %s was down, in %d ms (one after the other)%n",
                store, Duration.ofNanos(System.nanoTime() - startedNanos).toMillis());
    }

    /** Waits until both nodes store new sessions (the store reached after a start while it was down). */
    private static void awaitSessions(TwoNodes nodes) {
        for (URI node : new URI[] {nodes.a(), nodes.b()}) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            SessionClient.Response r;
            while ((r = new SessionClient(node).get("session/create")).status() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("node " + node + " stores no session 30 s after its store is up: " + r);
                }
                sleep(Duration.ofMillis(200));
            }
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
