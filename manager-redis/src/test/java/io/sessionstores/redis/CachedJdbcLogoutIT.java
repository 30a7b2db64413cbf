package io.sessionstores.redis;

import static io.sessionstores.core.frame.Frames.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sessionstores.core.fault.TcpRelay;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.testsupport.MariaDbTest;
import io.sessionstores.testsupport.TestServices;

/**
 * A cached-JDBC logout is final on every node whatever Redis does: two nodes (stores) of one
 * application on the real Redis and database, each reaching Redis through its own
 * {@link TcpRelay}; the logging-out node's Redis connection is cut, so its eviction fails. The
 * other node must never serve the session from Redis afterwards, also when the logging-out node
 * stops before Redis returns. On PostgreSQL, MariaDB and H2 (embedded, shared by both nodes in this JVM).
 */
class CachedJdbcLogoutIT {

    private static final long LIFE_MILLIS = 30 * 60_000L;
    private static final int REDIS_PORT = URI.create(StoreFixture.SHARED_REDIS).getPort();

    /** Both nodes' clock (expiry and the cache back-off): the real one, the back-off passes by itself. */
    private final LongSupplier clock = System::currentTimeMillis;
    private final String app = "/Catalina/localhost/logout-" + System.nanoTime();
    private final String keyPrefix = StoreFixture.uniquePrefix();
    private CachedJdbcFixture fixture;

    @AfterEach
    void tearDown() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private CachedJdbcSessionStore node(String database, TcpRelay redis) throws Exception {
        String url = url(database);
        if (fixture == null) {
            fixture = new CachedJdbcFixture("ssit_cached_logout", url);
        }
        return fixture.start(app, clock, url, "redis://127.0.0.1:" + redis.port(), "hash", keyPrefix);
    }

    private static String url(String database) {
        return switch (database) {
            case "mariadb" -> {
                assumeTrue(MariaDbTest.Condition.enabled(), "no MariaDB answers at " + TestServices.mariaDbUrl()
                        + " (-Pmariadb requires one)");
                yield TestServices.mariaDbUrl();
            }
            case "h2" -> "jdbc:h2:mem:cachedjdbclogoutit;DB_CLOSE_DELAY=-1"; // both nodes in this JVM share it
            default -> TestServices.postgresUrl();
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb", "h2"})
    void cachedJdbcLogoutWithRedisCutFromOneNodeIsNeverServedByTheOtherNode(String database) throws Exception {
        try (TcpRelay redisOfA = TcpRelay.start("127.0.0.1", REDIS_PORT);
             TcpRelay redisOfB = TcpRelay.start("127.0.0.1", REDIS_PORT)) {
            CachedJdbcSessionStore a = node(database, redisOfA);
            CachedJdbcSessionStore b = node(database, redisOfB);
            a.write(record("L1", 1, clock.getAsLong() + LIFE_MILLIS, "logged in"), 0);
            assertThat(b.read("L1")).as("B reads the session").isNotNull();
            assertThat(b.cache().read("L1")).as("Redis holds it").isNotNull();

            redisOfA.cut();
            a.delete("L1"); // the logout: Redis eviction fails on A

            assertNeverServed(b, "L1", 3_000);
            redisOfA.restore();
            assertNeverServed(b, "L1", 1_000);
            awaitEvicted(b, "L1");
            assertThat(b.read("L1")).as("after the eviction").isNull();
        }
    }

    /**
     * On PostgreSQL only: the statements on the pending-evictions table are the ones the test
     * above runs on every dialect; what this one adds (a stopped node, a node back on Redis) is
     * the same on all of them, and each run watches for several seconds.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql"})
    void cachedJdbcLogoutRedisMissedStaysFinalAfterTheLoggingOutNodeStopsBeforeRedisReturns(String database)
            throws Exception {
        try (TcpRelay redisOfA = TcpRelay.start("127.0.0.1", REDIS_PORT);
             TcpRelay redisOfB = TcpRelay.start("127.0.0.1", REDIS_PORT)) {
            CachedJdbcSessionStore a = node(database, redisOfA);
            CachedJdbcSessionStore b = node(database, redisOfB);
            a.write(record("L2", 1, clock.getAsLong() + LIFE_MILLIS, "logged in"), 0);
            assertThat(b.read("L2")).as("B reads the session").isNotNull();

            redisOfA.cut();
            redisOfB.cut();
            a.delete("L2");
            fixture.stop(a); // before Redis comes back: its repair must not go with it

            redisOfB.restore();
            assertNeverServed(b, "L2", b.getCacheBackoffMillis() + 3_000L); // B back on Redis, with the old copy there
            awaitEvicted(b, "L2");

            CachedJdbcSessionStore restarted = node(database, redisOfA);
            redisOfA.restore();
            assertThat(restarted.read("L2")).as("the restarted node").isNull();
        }
    }

    /** Reads {@code id} on {@code node} for {@code millis}: never a session. */
    private static void assertNeverServed(CachedJdbcSessionStore node, String id, long millis) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        int reads = 0;
        do {
            SessionRecord served = node.read(id);
            reads++;
            assertThat(served).as("read %d of the logged-out session on the other node", reads).isNull();
            Thread.sleep(50);
        } while (System.nanoTime() < end);
    }

    /** Waits (bounded) until a node that reaches Redis has evicted {@code id} and cleared its record. */
    private static void awaitEvicted(CachedJdbcSessionStore node, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!cachedCopyGone(node, id) || node.getPendingEvictions() > 0) {
            assertThat(System.nanoTime()).as("evicted from Redis and cleared within 30 s (pending %d)",
                    node.getPendingEvictions()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Whether Redis itself answers that it holds no session {@code id} (false while the client reconnects). */
    private static boolean cachedCopyGone(CachedJdbcSessionStore node, String id) {
        try {
            return node.cache().read(id) == null;
        } catch (StoreException e) {
            return false;
        }
    }
}
