package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.fault.TcpRelay;
import io.sessionstores.core.it.ContextXml;
import io.sessionstores.core.it.NearCacheTwoTomcatsContract;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.testsupport.CountingDriver;
import io.sessionstores.testsupport.RedisServer;
import io.sessionstores.testsupport.TestServices;

/**
 * What a request costs on the cached-JDBC store with the near cache (on by default), through two
 * real Tomcats on PostgreSQL ({@code jdbc:counting:}, statements counted) and a private
 * redis-server on port {@value #PORT} (commands counted by {@code MONITOR}): a read-only request on
 * a copy the change stream vouches for makes no call at all, a modifying one its database write and
 * its Redis put. Each node's check of the pending evictions (a {@code SELECT id FROM} every half
 * second, not tied to a request) is left out of the counts. On Tomcat 10.1 only (untagged).
 */
class CachedJdbcNearCacheRequestsIT {

    static final int PORT = 7651;
    private static final String TABLE = "ssit_cached_near_requests";
    /** The label {@link CountingDriver} gives the background checks (pending evictions, expired ids). */
    private static final String BACKGROUND_SELECT = "SELECT id FROM";

    private static final CountingDriver COUNTING = new CountingDriver();

    private RedisServer redis;
    private TomcatNode a;
    private TomcatNode b;

    /** The store's own pool finds the {@code jdbc:counting:} driver through {@link DriverManager}. */
    @BeforeAll
    static void registerCountingDriver() throws Exception {
        DriverManager.registerDriver(COUNTING);
    }

    @AfterAll
    static void deregisterCountingDriver() throws Exception {
        DriverManager.deregisterDriver(COUNTING);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (TomcatNode node : new TomcatNode[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
        if (redis != null) {
            redis.stop();
        }
        CachedJdbcFixture.dropTables(TestServices.postgresUrl(), TABLE);
    }

    private TomcatNode start(String name) {
        return start(name, redis.address());
    }

    private static TomcatNode start(String name, String redisAddress) {
        return TomcatNode.start(name, SessionTestApp.war(ContextXml.sessionStoreManager()
                .store(CachedJdbcSessionStore.class, "url", CountingDriver.url(TestServices.postgresUrl()),
                        "tableName", TABLE, "createSchema", true, "address", redisAddress, "timeout", 2000,
                        "retryAttempts", 0).xml()));
    }

    /** Redis commands and SQL statements of one request. */
    private record Cost(List<String> commands, Map<String, Long> statements) {
    }

    private static Cost cost(CommandCounter counter, TomcatNode node, SessionClient browser, String path)
            throws Exception {
        Map<String, Long> before = CountingDriver.snapshot();
        List<String> commands = counter.commandsDuring(() -> assertThat(browser.get(node.baseUri(), path).status())
                .as("HTTP status of %s on %s", path, node.appName()).isEqualTo(200));
        Map<String, Long> statements = new TreeMap<>(CountingDriver.since(before));
        statements.remove(BACKGROUND_SELECT);
        return new Cost(commands, statements);
    }

    @Test
    void aReadOnlyRequestOnACurrentCopyCostsNothingAndAModifyingOneAStatementAndAPut() throws Exception {
        redis = RedisServer.start(PORT);
        a = start("cached-count-a");
        b = start("cached-count-b");
        SessionClient browser = new SessionClient(a.baseUri());
        browser.get("session/create");
        browser.get(b.baseUri(), "session/set?name=x&value=1"); // warm-up: scripts loaded on b too
        NearCacheTwoTomcatsContract.awaitFollowing(a);
        NearCacheTwoTomcatsContract.awaitFollowing(b);
        try (CommandCounter counter = new CommandCounter(PORT)) {
            Cost staleOnA = cost(counter, a, browser, "session/get");
            Cost readOnlyOnA = cost(counter, a, browser, "session/get");
            Cost readOnlyOnB = cost(counter, b, browser, "session/get");
            Cost modifyingOnA = cost(counter, a, browser, "session/increment?name=n");
            Cost modifyingOnA2 = cost(counter, a, browser, "session/increment?name=n");
            Cost modifyingOnB = cost(counter, b, browser, "session/increment?name=n");
            System.out.printf("[requests] cached-JDBC with the near cache, Redis commands and SQL statements per"
                    + " request: stale copy read-only %s, current copy read-only %s / %s, modifying %s, modifying"
                    + " again %s, modifying a copy the other node made stale %s%n", staleOnA, readOnlyOnA,
                    readOnlyOnB, modifyingOnA, modifyingOnA2, modifyingOnB);
            assertThat(staleOnA.commands()).as("commands of a read-only request on a copy b's write made stale")
                    .containsExactly("hget");
            assertThat(staleOnA.statements()).as("statements of that request (Redis answered)").isEmpty();
            for (Cost readOnly : List.of(readOnlyOnA, readOnlyOnB)) {
                assertThat(readOnly.commands()).as("commands of a read-only request on a current copy").isEmpty();
                assertThat(readOnly.statements()).as("statements of a read-only request on a current copy")
                        .isEmpty();
            }
            for (Cost modifying : List.of(modifyingOnA, modifyingOnA2)) {
                assertThat(modifying.commands()).as("commands of a modifying request on a current copy")
                        .containsExactly("evalsha");
                assertThat(CountingDriver.total(modifying.statements()))
                        .as("statements of a modifying request on a current copy: %s", modifying.statements())
                        .isEqualTo(1);
            }
            assertThat(modifyingOnB.commands()).as("commands of a modifying request on a copy a's writes made stale")
                    .containsExactly("hget", "evalsha");
            assertThat(CountingDriver.total(modifyingOnB.statements())).isEqualTo(1);
        }
        assertThat(browser.get(a.baseUri(), "session/get").attribute("n")).isEqualTo("3");
    }

    /**
     * Redis cut from a only (a {@link TcpRelay} in front of it): a's writes reach the database, not
     * Redis, so nothing is announced on the channel b follows; each is recorded as a pending eviction
     * and returns once b's check has seen it. b never serves its older copy: neither to the browser
     * nor to a client sending the session cookie without the version cookie. Without the record, b
     * served that client its copy of the first write (checked).
     */
    @Test
    void writesOfANodeCutFromRedisAreNeverServedStaleByTheOtherNode() throws Exception {
        redis = RedisServer.start(PORT);
        try (TcpRelay redisOfA = TcpRelay.start("127.0.0.1", PORT)) {
            a = start("cached-cut-a", "redis://127.0.0.1:" + redisOfA.port());
            b = start("cached-cut-b");
            SessionClient browser = new SessionClient(a.baseUri());
            browser.get("session/create");
            NearCacheTwoTomcatsContract.awaitFollowing(a);
            NearCacheTwoTomcatsContract.awaitFollowing(b);
            assertThat(browser.get(a.baseUri(), "session/increment?name=n").attribute("n")).isEqualTo("1");
            assertThat(browser.get(b.baseUri(), "session/get").attribute("n")).as("b's copy").isEqualTo("1");
            SessionClient withoutVersion = new SessionClient(b.baseUri());
            withoutVersion.sessionId(browser.sessionId());
            assertThat(withoutVersion.get("session/get").attribute("n")).isEqualTo("1");

            redisOfA.cut();
            for (int n = 2; n <= 4; n++) {
                long started = System.nanoTime();
                assertThat(browser.get(a.baseUri(), "session/increment?name=n").attribute("n")).isEqualTo(
                        String.valueOf(n));
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(withoutVersion.get("session/get").attribute("n"))
                        .as("b, to a client without the version cookie, after write %d (%d ms)", n, millis)
                        .isEqualTo(String.valueOf(n));
                assertThat(browser.get(b.baseUri(), "session/get").attribute("n")).as("b, to the browser")
                        .isEqualTo(String.valueOf(n));
            }
        }
    }
}
