package io.sessionstores.redis;

import static io.sessionstores.core.frame.Frames.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.fault.TcpRelay;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.jdbc.JdbcSessionStore;
import io.sessionstores.testsupport.RedisServer;
import io.sessionstores.testsupport.TestServices;

/**
 * What the cached-JDBC store adds to the contract (see {@link CachedJdbcStoreContractIT}): the cache
 * hit and miss paths, the cache's keys and time to live, the writes that must not leave Redis
 * stale, and both backends failing. Real PostgreSQL and Redis; faults by a private redis-server
 * (port {@value #PRIVATE_REDIS_PORT}) and a {@link TcpRelay}.
 */
class CachedJdbcSessionStoreIT {

    static final int PRIVATE_REDIS_PORT = 7401;
    private static final long T0 = 1_800_000_000_000L;
    private static final long LIFE = T0 + 30 * 60_000L;

    private final AtomicLong clock = new AtomicLong(T0);
    private CachedJdbcFixture fixture;
    private JdbcSessionStore databaseOnly;
    private String app;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new CachedJdbcFixture("ssit_cachedjdbcstore");
        app = "/Catalina/localhost/cached-" + System.nanoTime();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (databaseOnly != null) {
            databaseOnly.stop();
        }
        fixture.close();
    }

    /** Another node without the cache, on the same table (writes the database behind the cache's back). */
    private JdbcSessionStore databaseOnly() throws StoreException {
        databaseOnly = new JdbcSessionStore();
        databaseOnly.setUrl(TestServices.postgresUrl());
        databaseOnly.setTableName(fixture.table);
        databaseOnly.start(new StoreContext(app, "db-only", getClass().getClassLoader(), clock::get));
        return databaseOnly;
    }

    @Test
    void aMissReadsTheDatabaseAndFillsTheCacheWithTheRemainingLife() throws Exception {
        CachedJdbcSessionStore store = fixture.start(app, clock::get, TestServices.postgresUrl(),
                StoreFixture.SHARED_REDIS, "string");
        databaseOnly().write(record("M1", 3, LIFE, "written before the cache existed"), 0);
        databaseOnly.touch("M1", T0 + 1_000, LIFE + 5_000); // the frame's header now lags the columns
        clock.set(T0 + 60_000);

        SessionRecord first = store.read("M1");
        SessionRecord second = store.read("M1");

        assertThat(first.version()).isEqualTo(3);
        assertThat(first.expiresAt()).isEqualTo(LIFE + 5_000);
        assertThat(store.counters().getMisses()).as("first read").isEqualTo(1);
        assertThat(store.counters().getHits()).as("second read, from Redis").isEqualTo(1);
        assertThat(second.expiresAt()).isEqualTo(LIFE + 5_000);
        long ttl = store.cache().redisson().getBucket(store.cache().layout().locate("M1").key()).remainTimeToLive();
        long remainingLife = LIFE + 5_000 - clock.get();
        assertThat(ttl).as("TTL = remaining life + the expired-record grace")
                .isBetween(remainingLife + 270_000, remainingLife + 300_000); // 30 s for the calls in between
    }

    @Test
    void writesGoToTheDatabaseThenToRedisInTheRedisStoresOwnFormat() throws Exception {
        CachedJdbcSessionStore store = fixture.start(app, clock::get);
        assertThat(store.write(record("W1", 1, LIFE, "v1"), 0)).isTrue();
        assertThat(store.write(record("W1", 2, LIFE, "v2"), 1)).isTrue();

        assertThat(databaseOnly().read("W1").version()).as("the database").isEqualTo(2);
        assertThat(store.cache().read("W1").version()).as("Redis, read by the Redis store itself").isEqualTo(2);
        assertThat(store.read("W1").version()).isEqualTo(2);
        assertThat(store.counters().getHits()).isEqualTo(1);
        assertThat(store.counters().getMisses()).isZero();
    }

    /** A reload after a database conflict read the stale cache again, and conflicted forever. */
    @Test
    void reloadAfterADatabaseConflictDoesNotReadTheStaleCacheAgain() throws Exception {
        CachedJdbcSessionStore store = fixture.start(app, clock::get);
        store.write(record("C1", 1, LIFE, "v1"), 0);
        databaseOnly().write(record("C1", 2, LIFE, "v2 by a node whose cache write failed"), 1);
        assertThat(store.read("C1").version()).as("the stale cache answers a plain read").isEqualTo(1);

        assertThat(store.write(record("C1", 2, LIFE, "my v2"), 1)).as("conflict in the database").isFalse();
        SessionRecord reloaded = store.read("C1");

        assertThat(reloaded.version()).as("the reload after the conflict").isEqualTo(2);
        assertThat(store.cache().read("C1").version()).as("the cache refreshed by the reload").isEqualTo(2);
        assertThat(store.write(record("C1", 3, LIFE, "my v3"), 2)).as("the retry").isTrue();
    }

    /** A read that found the session in the database just before a logout must not bring it back into the cache. */
    @Test
    void aDeletedSessionIsNotRefilledByAReadThatRacedTheDelete() throws Exception {
        CachedJdbcSessionStore store = fixture.start(app, clock::get);
        store.write(record("D1", 1, LIFE, "v1"), 0);
        SessionRecord readBeforeDelete = databaseOnly().read("D1");

        store.delete("D1");
        boolean refilled = store.cache().putUnlessNewer(readBeforeDelete); // the racing read's fill, late

        assertThat(refilled).as("the eviction marker outranks any version").isFalse();
        assertThat(store.read("D1")).isNull();
        assertThat(store.cache().read("D1")).as("the Redis store sees no session either").isNull();
        assertThat(store.cache().write(record("D1", 1, LIFE, "a new session may take the id"), 0)).isTrue();
    }

    @Test
    void changeIdAndTouchMissEvictTheCache() throws Exception {
        CachedJdbcSessionStore store = fixture.start(app, clock::get);
        store.write(record("O1", 1, LIFE, "v1"), 0);
        store.write(record("T1", 1, LIFE, "v1"), 0);

        assertThat(store.changeId("O1", "N1")).isTrue();
        databaseOnly().delete("T1");
        assertThat(store.touch("T1", T0 + 1, LIFE + 1)).as("touch of a session gone from the database").isFalse();

        assertThat(store.cache().read("O1")).as("old id out of the cache").isNull();
        assertThat(store.cache().read("T1")).as("a session the database lost is out of the cache").isNull();
        assertThat(store.read("N1").version()).isEqualTo(1);
    }

    /**
     * The eviction marker of a logout is an expired record a minute old by the logging-out node's
     * clock: a node whose clock ran further behind read it as a live, empty session of the marker's
     * version (2^53 - 1).
     */
    @Test
    void anEvictionMarkerIsNoSessionOnANodeWhoseClockRunsBehind() throws Exception {
        String keyPrefix = StoreFixture.uniquePrefix();
        CachedJdbcSessionStore a = fixture.start(app, clock::get, TestServices.postgresUrl(), StoreFixture.SHARED_REDIS,
                "hash", keyPrefix);
        CachedJdbcSessionStore behind = fixture.start(app, () -> clock.get() - 30 * 60_000L,
                TestServices.postgresUrl(), StoreFixture.SHARED_REDIS, "hash", keyPrefix);
        a.write(record("M1", 1, LIFE, "logged in"), 0);

        a.delete("M1");

        assertThat(behind.read("M1")).as("the logged-out session on a node 30 minutes behind").isNull();
    }

    @Test
    void redisDownIsServedByTheDatabaseCountedAndRepairedWhenItAnswersAgain() throws Exception {
        try (TcpRelay relay = TcpRelay.start("127.0.0.1", URI.create(StoreFixture.SHARED_REDIS).getPort())) {
            CachedJdbcSessionStore store = fixture.start(app, clock::get, TestServices.postgresUrl(),
                    "redis://127.0.0.1:" + relay.port(), "hash");
            store.write(record("R1", 1, LIFE, "v1"), 0);
            store.write(record("R2", 1, LIFE, "v1"), 0);
            store.write(record("R3", 1, LIFE, "v1"), 0);
            relay.cut();

            assertThat(store.read("R1").version()).as("read while Redis is down").isEqualTo(1);
            assertThat(store.write(record("R1", 2, LIFE, "v2 while Redis is down"), 1)).isTrue();
            store.delete("R2");
            assertThat(store.read("R1").version()).isEqualTo(2);
            assertThat(store.read("R3").version()).as("a read leaves nothing to repair").isEqualTo(1);
            assertThat(store.counters().getErrors()).as("Redis errors counted (then Redis left alone)").isEqualTo(1);
            assertThat(store.counters().getPendingRepairs()).as("the write Redis missed").isEqualTo(1);
            assertThat(store.getPendingEvictions()).as("the write and the delete Redis missed, recorded in the database")
                    .isEqualTo(2);

            relay.restore();
            clock.addAndGet(store.getCacheBackoffMillis());
            SessionRecord old = readOnceReconnected(store.cache(), "R1");
            assertThat(old == null ? null : old.version())
                    .as("Redis holds the old copy, or none once the pending evictions' check evicted it").isIn(null, 1L);
            assertThat(store.read("R1").version()).as("the write Redis missed, from the database").isEqualTo(2);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while ((store.counters().getPendingRepairs() > 0 || store.getPendingEvictions() > 0)
                    && System.nanoTime() < deadline) {
                store.backgroundProcess(); // Tomcat's background thread: a run may meet a connection not yet back
                clock.addAndGet(store.getCacheBackoffMillis());
                Thread.sleep(50);
            }

            assertThat(store.counters().getPendingRepairs()).as("repairs left").isZero();
            assertThat(store.getPendingEvictions()).as("evictions left").isZero();
            assertThat(store.cache().read("R1")).as("evicted: the write Redis missed was recorded").isNull();
            assertThat(store.read("R1").version()).isEqualTo(2);
            assertThat(store.cache().read("R2")).as("evicted").isNull();
        }
    }

    /**
     * {@code store}'s read of {@code id} once the store answers again: Redisson reconnects in the
     * background, and a JDBC pool after a cut with a back-off that grew meanwhile (a loaded
     * machine adds to both).
     */
    private static SessionRecord readOnceReconnected(SessionStore store, String id) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                return store.read(id);
            } catch (StoreException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void redisServerStoppedNoRequestFailsAndEachReadIsOneDatabaseCall() throws Exception {
        RedisServer redis = RedisServer.start(PRIVATE_REDIS_PORT);
        try {
            CachedJdbcSessionStore store = fixture.start(app, clock::get, TestServices.postgresUrl(), redis.address(),
                    "hash");
            store.write(record("S1", 1, LIFE, "v1"), 0);
            redis.stop();
            for (int i = 0; i < 5; i++) {
                clock.addAndGet(store.getCacheBackoffMillis()); // Redis tried (and failed) on every read
                assertThat(store.read("S1").version()).isEqualTo(1);
            }
            assertThat(store.write(record("S1", 2, LIFE, "v2"), 1)).isTrue();
            assertThat(store.counters().getErrors()).isBetween(5L, 6L);
            assertThat(store.counters().getHits()).isZero();
        } finally {
            redis.stop();
        }
    }

    /** Documented behaviour: the cache serves what it holds; anything the database must answer fails. */
    @Test
    void databaseDownCachedReadsAreServedEverythingElseFails() throws Exception {
        try (TcpRelay relay = TcpRelay.start("127.0.0.1", URI.create(TestServices.postgresUrl().substring(5)).getPort())) {
            String relayed = TestServices.postgresUrl().replaceFirst(":\\d+/", ":" + relay.port() + "/");
            CachedJdbcSessionStore store = fixture.start(app, clock::get, relayed, StoreFixture.SHARED_REDIS, "hash");
            store.write(record("B1", 1, LIFE, "cached"), 0);
            databaseOnly().write(record("B2", 1, LIFE, "only in the database"), 0);
            relay.cut();

            assertThat(store.read("B1").version()).as("a cached session, database down").isEqualTo(1);
            assertThatThrownBy(() -> store.read("B2")).as("an uncached session").isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> store.write(record("B1", 2, LIFE, "v2"), 1)).as("a write")
                    .isInstanceOf(StoreException.class);
            relay.restore();
            assertThat(readOnceReconnected(store, "B1").version()).as("after the failed write: the database's version")
                    .isEqualTo(1);
        }
    }

    @Test
    void anAttributeNeitherStoreKnowsIsRefusedAtStartNamingIt() {
        CachedJdbcSessionStore store = new CachedJdbcSessionStore();
        store.setProperty("url", TestServices.postgresUrl());
        store.setProperty("adress", "redis://127.0.0.1:6379");
        assertThatThrownBy(() -> store.start(new StoreContext(app, "test", getClass().getClassLoader(), clock::get)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("adress")
                .hasMessageContaining("redis://127.0.0.1:6379");
    }
}
