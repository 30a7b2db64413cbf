package io.sessionstores.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.sessionstores.core.SessionStoreManager;
import io.sessionstores.core.fault.TcpRelay;
import io.sessionstores.core.it.InContainerTest;
import io.sessionstores.core.it.LogCapture;
import io.sessionstores.core.it.NearCacheTwoTomcatsContract;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.core.store.SessionIds;

import io.sessionstores.testsupport.CountingDriver;

/**
 * jdbc-postgresql/context.xml, deployed as it is, under bad input and faults, with two test-only
 * settings through its {@code ${...}} properties: the URL goes through a {@link TcpRelay} (so
 * "the database stops" without stopping the shared server) and through the {@link CountingDriver}
 * (so statements per request are counted).
 */
@Tag(InContainerTest.TAG)
class PostgresSampleFaultIT {

    private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+):(\\d+)");
    /** maxWait 5 s of the sample's pool, queryTimeout 5 s + 1 s of network wait, and slack. */
    private static final Duration BOUND = Duration.ofSeconds(14);

    /** The change stream's heartbeat as the CountingDriver labels it (not a request's statement). */
    private static final String HEARTBEAT = "SELECT pg_notify(?, ?)";

    private final String table = Samples.table(getClass());
    private TcpRelay relay;
    private SystemProperties settings;
    private TomcatNode node;

    @BeforeEach
    void relayAndSettings() throws SQLException {
        drop();
        Matcher m = HOST_PORT.matcher(Samples.postgresUrl());
        assertThat(m.find()).isTrue();
        relay = TcpRelay.start(m.group(1), Integer.parseInt(m.group(2)));
        String throughRelay = m.replaceFirst("//127.0.0.1:" + relay.port());
        String url = throughRelay + (throughRelay.contains("?") ? "&" : "?")
                + "connectTimeout=3&socketTimeout=10&cancelSignalTimeout=1&loginTimeout=3";
        settings = SystemProperties.set(Map.of("sessionstores.pg.url", CountingDriver.url(url),
                "sessionstores.pg.driver", CountingDriver.class.getName(), "sessionstores.table", table));
    }

    @AfterEach
    void stopAll() throws SQLException {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            relay.close();
            settings.close();
            drop();
        }
    }

    private TomcatNode startNode() {
        node = TomcatNode.startWithNaming("pg-fault", SessionTestApp.war(Samples.contextXml("jdbc-postgresql")));
        return node;
    }

    private SessionStoreManager manager() {
        return (SessionStoreManager) node.context().getManager();
    }

    /**
     * With the near cache (on by default, PostgreSQL's change stream followed): a read-only request
     * costs no statement, a modifying one its write ({@code WITH w AS (UPDATE ...) SELECT pg_notify}),
     * not counting the stream's heartbeat ({@code SELECT pg_notify(?, ?)} every 500 ms).
     */
    @Test
    void statementsPerReadOnlyAndPerModifyingRequest() throws InterruptedException {
        startNode();
        NearCacheTwoTomcatsContract.awaitFollowing(node);
        SessionClient client = new SessionClient(node.baseUri());
        request(client, "session/create");
        request(client, "session/set?name=a&value=1");

        Map<String, Long> readOnly = request(client, "session/get");
        Map<String, Long> modifying = request(client, "session/set?name=a&value=2");
        Map<String, Long> readOnlyAgain = request(client, "session/get");

        System.out.printf("[measured] statements per request on PostgreSQL, non-sticky, near cache: read-only %d %s,"
                + " modifying %d %s%n", CountingDriver.total(readOnly), readOnly, CountingDriver.total(modifying),
                modifying);
        assertThat(CountingDriver.total(readOnly)).as("statements of a read-only request %s", readOnly).isZero();
        assertThat(CountingDriver.total(readOnlyAgain)).as("statements of another read-only request %s", readOnlyAgain)
                .isZero();
        assertThat(CountingDriver.total(modifying)).as("statements of a modifying request %s", modifying).isEqualTo(1);
    }

    /** One request; waits until its save step is done; returns the statements it cost. */
    private Map<String, Long> request(SessionClient client, String path) {
        long before = saveSteps();
        Map<String, Long> counted = CountingDriver.snapshot();
        SessionClient.Response r = client.get(path);
        assertThat(r.status()).as("%s: %s", path, r).isEqualTo(200);
        awaitTrue(() -> saveSteps() > before, "the save step of " + path);
        return statementsSince(counted);
    }

    /** The statements since {@code before} (a {@link CountingDriver#snapshot()}) but the change stream's heartbeats. */
    private static Map<String, Long> statementsSince(Map<String, Long> before) {
        Map<String, Long> made = CountingDriver.since(before);
        made.remove(HEARTBEAT);
        return made;
    }

    /** Saves, touches, skipped and failed saves: one of them ends every request that has a session. */
    private long saveSteps() {
        SessionStoreManager m = manager();
        return m.statistics().getSaves() + m.statistics().getTouches() + m.statistics().getSkippedSaves() + m.statistics().getFailedSaves();
    }

    @Test
    void idsWithSqlMetacharactersNeverReachTheDatabase() {
        startNode();
        SessionClient client = new SessionClient(node.baseUri());
        long malformedBefore = manager().statistics().getMalformedIds();
        Map<String, Long> before = CountingDriver.snapshot();

        for (String id : List.of("A'OR'1'='1'--", "*", "x".repeat(1000), "ABCDEF'||pg_sleep(10)||'")) {
            client.sessionId(id);
            SessionClient.Response r = client.get("session/get");
            assertThat(r.status()).as("request with session id %s: %s", id, r).isEqualTo(404);
        }

        assertThat(statementsSince(before)).as("statements caused by malformed ids").isEmpty();
        assertThat(manager().statistics().getMalformedIds() - malformedBefore).as("malformed ids counted").isGreaterThanOrEqualTo(4);
    }

    @Test
    void corruptRowGivesAFreshSessionAWarningWithAHashedIdAndACount() throws Exception {
        startNode();
        SessionClient client = new SessionClient(node.baseUri());
        String id = client.get("session/create").id();
        client.get("session/set?name=a&value=1");
        awaitTrue(() -> rowExists(id), "the session's row");
        node.restart(); // a node that holds no copy of the session, so it must decode the row
        try (Connection c = DriverManager.getConnection(Samples.postgresUrl());
             PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET data = ? WHERE id = ?")) {
            ps.setBytes(1, "SSF\u0001 not a frame at all, truncated".getBytes(StandardCharsets.UTF_8));
            ps.setString(2, id);
            assertThat(ps.executeUpdate()).as("corrupted rows").isEqualTo(1);
        }
        long corruptBefore = manager().statistics().getCorruptFrames();

        try (LogCapture log = LogCapture.of("io.sessionstores")) {
            SessionClient.Response r = client.get("session/get");

            assertThat(r.status()).as("request for the corrupt session: %s", r).isEqualTo(404);
            assertThat(manager().statistics().getCorruptFrames() - corruptBefore).as("corrupt frames counted").isEqualTo(1);
            SessionClient.Response fresh = client.get("session/create");
            assertThat(fresh.status()).isEqualTo(200);
            assertThat(fresh.id()).as("a fresh session").isNotEqualTo(id);
            assertThat(fresh.attribute("a")).as("nothing of the corrupt session").isNull();
            assertThat(log.warnings()).as("warnings").anySatisfy(w -> assertThat(w).contains(SessionIds.hash(id)))
                    .allSatisfy(w -> assertThat(w).doesNotContain(id));
        }
    }

    /** What happens to the network between Tomcat and PostgreSQL. */
    enum Fault {
        /** Connections are refused or reset: the database is stopped. */
        STOPPED(TcpRelay::cut),
        /** Nothing gets through and nothing answers: a silent network. */
        SILENT(TcpRelay::blackhole);

        private final Consumer<TcpRelay> apply;

        Fault(Consumer<TcpRelay> apply) {
            this.apply = apply;
        }
    }

    @ParameterizedTest(name = "database {0}")
    @EnumSource(Fault.class)
    void requestsEndInTimeAndSessionsSurviveWhileTheDatabaseIsUnreachable(Fault fault) {
        startNode();
        SessionClient client = new SessionClient(node.baseUri());
        String id = storedSession(client);

        fault.apply.accept(relay);
        SessionClient.Response read = timed(client, "session/get");
        SessionClient.Response write = timed(client, "session/set?name=during&value=2");
        SessionClient other = new SessionClient(node.baseUri());
        other.sessionId(id.replace(id.charAt(0), id.charAt(0) == 'A' ? 'B' : 'A'));
        SessionClient.Response unknown = timed(other, "session/get");
        relay.restore();

        assertThat(read.status()).as("read while %s: this node's copy serves (%s)", fault, read).isEqualTo(200);
        assertThat(read.attribute("before")).isEqualTo("1");
        assertThat(write.status()).as("write while %s: a change that cannot be stored is refused (%s)", fault, write)
                .isEqualTo(503);
        assertThat(unknown.status()).as("a session this node does not hold, while %s: %s", fault, unknown)
                .isEqualTo(404);
        SessionClient.Response after = client.get("session/set?name=after&value=3");
        assertThat(after.attribute("before")).as("session after the database is back: %s", after).isEqualTo("1");
        assertThat(after.attribute("during")).as("the refused change, after the database is back").isNull();
        node.restart();
        SessionClient.Response stored = client.get("session/get");
        assertThat(stored.attribute("before")).as("stored before the outage: %s", stored).isEqualTo("1");
        assertThat(stored.attribute("after")).as("stored after it").isEqualTo("3");
        assertThat(stored.attribute("during")).as("refused during it, never stored").isNull();
    }

    @Test
    void tomcatStartsWhileTheDatabaseIsUnreachableAndTheStoreWorksOnceItIsBack() throws Exception {
        relay.cut();
        long started = System.nanoTime();
        startNode();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("Tomcat start with the database down")
                .isLessThan(BOUND.multipliedBy(2));

        relay.restore();
        SessionClient client = new SessionClient(node.baseUri());
        String id = client.get("session/create").id();
        SessionClient.Response set = client.get("session/set?name=a&value=1");

        assertThat(set.status()).as("first write once the database is back: %s", set).isEqualTo(200);
        awaitTrue(() -> rowExists(id), "the session's row written once the database is back");
    }

    /** Creates a session with attribute before=1 and waits until its row is in the database. */
    private String storedSession(SessionClient client) {
        String id = client.get("session/create").id();
        client.get("session/set?name=before&value=1");
        awaitTrue(() -> rowExists(id), "the session's row");
        return id;
    }

    private SessionClient.Response timed(SessionClient client, String path) {
        long t0 = System.nanoTime();
        SessionClient.Response r = client.get(path);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        System.out.printf("[measured] %s with the database unreachable: %d ms, status %d%n", path, took.toMillis(),
                r.status());
        assertThat(took).as("%s while the database is unreachable (answered %s)", path, r).isLessThan(BOUND);
        return r;
    }

    private boolean rowExists(String id) {
        try (Connection c = DriverManager.getConnection(Samples.postgresUrl());
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeQuery().next();
        } catch (SQLException e) {
            return false;
        }
    }

    private static void awaitTrue(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 10 s for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    private void drop() throws SQLException {
        try (Connection c = DriverManager.getConnection(Samples.postgresUrl()); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
        }
    }
}
