package io.sessionstores.redis;

import static io.sessionstores.core.frame.Frames.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sessionstores.core.fault.TcpRelay;
import io.sessionstores.core.store.ChangeRecorder;
import io.sessionstores.core.store.ChangeStream;
import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.testsupport.MariaDbTest;
import io.sessionstores.testsupport.RedisServer;
import io.sessionstores.testsupport.TestServices;

/**
 * The cached-JDBC change stream ({@link CachedJdbcChangeStream}) on PostgreSQL and Redis: two
 * nodes (stores) of one application, b following a's changes. Every change reaches b's listener,
 * through Redis while Redis takes it, through the pending-evictions records when it does not (Redis
 * cut from one node only by a {@link TcpRelay}, or a private redis-server on port {@value #PORT}
 * stopped for both), and b vouches for no copy while its check of those records fails. Each node's
 * Redis and database are reached through a relay of its own, which the tests cut.
 */
class CachedJdbcChangeStreamIT {

    static final int PORT = 7650;
    static final long LIFE = 30 * 60_000L;
    static final Duration WITHIN = Duration.ofSeconds(10);
    /** Redisson reconnects in the background (up to about 10 s here); a loaded machine's margin. */
    static final Duration RECOVERY = Duration.ofSeconds(30);
    private static final int SHARED_REDIS_PORT = URI.create(StoreFixture.SHARED_REDIS).getPort();
    private static final int PG_PORT = URI.create(TestServices.postgresUrl().substring(5)).getPort();

    private final String app = "/Catalina/localhost/cached-changes-" + System.nanoTime();
    private final String keyPrefix = StoreFixture.uniquePrefix();
    private final ChangeRecorder recorder = new ChangeRecorder();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private CachedJdbcFixture fixture;

    @BeforeEach
    void createFixture() throws Exception {
        fixture = new CachedJdbcFixture("ssit_cached_changes");
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private CachedJdbcSessionStore node(String redisAddress, String jdbcUrl) throws Exception {
        return fixture.start(app, System::currentTimeMillis, jdbcUrl, redisAddress, "hash", keyPrefix);
    }

    private TcpRelay relay(int port) {
        TcpRelay relay = TcpRelay.start("127.0.0.1", port);
        closing.add(relay);
        return relay;
    }

    private static String viaRelay(TcpRelay relay) {
        return "redis://127.0.0.1:" + relay.port();
    }

    private void follow(CachedJdbcSessionStore node) throws InterruptedException {
        node.changeStream().follow(recorder);
        recorder.awaitFollowing(RECOVERY);
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    @Test
    void everyChangeOfTheDatabaseReachesTheOtherNodeThroughRedis() throws Exception {
        CachedJdbcSessionStore a = node(StoreFixture.SHARED_REDIS, TestServices.postgresUrl());
        CachedJdbcSessionStore b = node(StoreFixture.SHARED_REDIS, TestServices.postgresUrl());
        follow(b);
        ChangeStream stream = b.changeStream();
        String w = "C5EA0000000000000000000000000001";

        a.write(record(w, 1, now() + LIFE, "v1"), 0);
        assertThat(recorder.nextChange(WITHIN)).as("a new session").isEqualTo(stream.keyOf(w) + " 1");
        a.write(record(w, 2, now() + LIFE, "v2"), 1);
        assertThat(recorder.nextChange(WITHIN)).as("a write").isEqualTo(stream.keyOf(w) + " 2");
        assertThat(b.read(w).version()).as("b reads it").isEqualTo(2);
        assertThat(a.touch(w, now(), now() + LIFE + 1_000)).isTrue();

        String moved = "C5EA0000000000000000000000000002";
        assertThat(a.changeId(w, moved)).isTrue();
        assertThat(recorder.nextChange(WITHIN)).as("a touch announces nothing; the old id of a changeId ends")
                .isEqualTo(stream.keyOf(w) + " gone");
        a.delete(moved);
        assertThat(recorder.nextChange(WITHIN)).as("a logout").isEqualTo(stream.keyOf(moved) + " gone");

        String expiring = "C5EA0000000000000000000000000003";
        a.write(record(expiring, 1, now() + LIFE, "v1"), 0);
        assertThat(recorder.nextChange(WITHIN)).isEqualTo(stream.keyOf(expiring) + " 1");
        assertThat(a.deleteIfVersion(expiring, 1)).isTrue();
        assertThat(recorder.nextChange(WITHIN)).as("a node's expiry").isEqualTo(stream.keyOf(expiring) + " gone");

        String tombstoned = "C5EA0000000000000000000000000004";
        a.write(record(tombstoned, 1, now() + LIFE, "v1"), 0);
        assertThat(recorder.nextChange(WITHIN)).isEqualTo(stream.keyOf(tombstoned) + " 1");
        assertThat(a.deleteLeavingTombstone(tombstoned, 0, now() + LIFE)).isTrue();
        assertThat(recorder.nextChange(WITHIN)).as("a tombstone").isEqualTo(stream.keyOf(tombstoned) + " gone");
    }

    /**
     * Raw expiry deletes database rows; a node whose clock runs half an hour behind holds the
     * session as live, in its copy and in Redis's record. Each row's cached record is evicted first,
     * which announces the end: with the eviction left out, b read the session from Redis (checked).
     */
    @Test
    void rawExpiryAnnouncesEachDeletedRowAndLeavesNoRecordANodeBehindWouldServe() throws Exception {
        CachedJdbcSessionStore a = node(StoreFixture.SHARED_REDIS, TestServices.postgresUrl());
        CachedJdbcSessionStore b = fixture.start(app, () -> System.currentTimeMillis() - 30 * 60_000L,
                TestServices.postgresUrl(), StoreFixture.SHARED_REDIS, "hash", keyPrefix);
        follow(b);
        String id = "C5EA0000000000000000000000000010";
        long expired = now() - 10 * 60_000L; // ten minutes ago, past the grace by a's clock and the database's
        a.write(record(id, 1, expired, "expired"), 0);
        assertThat(recorder.nextChange(WITHIN)).isEqualTo(b.changeStream().keyOf(id) + " gone");
        assertThat(b.read(id)).as("b, its clock half an hour behind, reads the session from Redis").isNotNull();

        long deleted = 0;
        ExpiryBatch batch = ExpiryBatch.FIRST;
        do {
            batch = a.deleteExpired(batch, 100);
            deleted += batch.deleted();
        } while (!batch.done());

        assertThat(deleted).isEqualTo(1);
        assertThat(recorder.nextChange(WITHIN)).as("the expiry pass's announcement")
                .isEqualTo(b.changeStream().keyOf(id) + " gone");
        assertThat(b.read(id)).as("b, after the pass").isNull();
    }

    /** Raw expiry's statements (the ids, then a transaction deleting them) on H2 and MariaDB too. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "mariadb"})
    void rawExpiryDeletesTheExpiredRowsAndAnnouncesThemOnEveryDatabase(String database) throws Exception {
        String url = switch (database) {
            case "mariadb" -> {
                assumeTrue(MariaDbTest.Condition.enabled(), "no MariaDB answers at " + TestServices.mariaDbUrl()
                        + " (-Pmariadb requires one)");
                yield TestServices.mariaDbUrl();
            }
            default -> "jdbc:h2:mem:cachedjdbcchangestreamit;DB_CLOSE_DELAY=-1";
        };
        fixture.close();
        fixture = new CachedJdbcFixture("ssit_cached_changes", url);
        CachedJdbcSessionStore a = node(StoreFixture.SHARED_REDIS, url);
        CachedJdbcSessionStore b = node(StoreFixture.SHARED_REDIS, url);
        follow(b);
        String expired = "C5EA0000000000000000000000000060";
        String live = "C5EA0000000000000000000000000061";
        recorder.events.clear();
        a.write(record(expired, 1, now() - 10 * 60_000L, "expired"), 0);
        a.write(record(live, 1, now() + LIFE, "live"), 0);
        // the writes' own announcements first (clearing the recorder raced the second one in CI)
        // (a record written already expired is announced as no live session)
        assertThat(recorder.nextChange(WITHIN)).startsWith(b.changeStream().keyOf(expired) + " ");
        assertThat(recorder.nextChange(WITHIN)).isEqualTo(b.changeStream().keyOf(live) + " 1");

        ExpiryBatch batch = a.deleteExpired(ExpiryBatch.FIRST, 100);

        assertThat(batch.deleted()).as("rows deleted").isEqualTo(1);
        assertThat(batch.done()).isTrue();
        assertThat(recorder.nextChange(WITHIN)).isEqualTo(b.changeStream().keyOf(expired) + " gone");
        assertThat(b.read(live).version()).as("the live session").isEqualTo(1);
    }

    /**
     * Redis cut from a only: a's write reaches the database, not Redis, whose older record b would
     * read. The write is recorded as a pending eviction and returns once every node's check has seen
     * it: by then b's listener was told, and b reads the database. Without the record, b read
     * version 1 from Redis after the write had returned (checked).
     */
    @Test
    void aWriteRedisMissedOnOneNodeIsNeverReadStaleOnAnotherNode() throws Exception {
        TcpRelay redisOfA = relay(SHARED_REDIS_PORT);
        CachedJdbcSessionStore a = node(viaRelay(redisOfA), TestServices.postgresUrl());
        CachedJdbcSessionStore b = node(StoreFixture.SHARED_REDIS, TestServices.postgresUrl());
        follow(b);
        String id = "C5EA0000000000000000000000000020";
        a.write(record(id, 1, now() + LIFE, "v1"), 0);
        assertThat(recorder.nextChange(WITHIN)).isEqualTo(b.changeStream().keyOf(id) + " 1");
        assertThat(b.read(id).version()).as("b reads version 1, from Redis").isEqualTo(1);

        redisOfA.cut();
        long started = System.nanoTime();
        assertThat(a.write(record(id, 2, now() + LIFE, "v2"), 1)).isTrue();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        List<String> told = new ArrayList<>();
        recorder.events.drainTo(told);
        assertThat(told).as("what b's listener was told before a's write returned")
                .contains(b.changeStream().keyOf(id) + " gone");
        assertThat(b.read(id).version()).as("b's read once a's write has returned").isEqualTo(2);
        System.out.printf("[changes] cached-JDBC: a write whose Redis put failed returned after %d ms%n", tookMillis);
        assertThat(tookMillis).as("the write waits out every node's check").isGreaterThanOrEqualTo(
                DurableEvictions.TRUST_MILLIS);

        awaitNothingPending(b);
        assertThat(b.read(id).version()).as("b, once it evicted the record Redis held").isEqualTo(2);
        assertThat(b.changeStream().vouchesNow()).isTrue();
    }

    /**
     * b's cache leaves Redis alone after an error (a back-off of a minute) while its subscription
     * follows again, and a's Redis is cut: nobody can evict the record Redis keeps of a's write, so
     * only b's check of the pending evictions tells b's listener. Without the check's announcement,
     * b's listener was told nothing (checked).
     */
    @Test
    void aWriteRedisMissedIsToldByTheCheckToANodeWhoseCacheLeavesRedisAlone() throws Exception {
        TcpRelay redisOfA = relay(SHARED_REDIS_PORT);
        TcpRelay redisOfB = relay(SHARED_REDIS_PORT);
        CachedJdbcSessionStore a = node(viaRelay(redisOfA), TestServices.postgresUrl());
        CachedJdbcSessionStore b = fixture.start(app, System::currentTimeMillis, TestServices.postgresUrl(),
                viaRelay(redisOfB), "hash", keyPrefix, "cacheBackoffMillis", "600000");
        follow(b);
        String id = "C5EA0000000000000000000000000050";
        a.write(record(id, 1, now() + LIFE, "v1"), 0);
        assertThat(b.read(id).version()).isEqualTo(1);

        redisOfB.cut();
        assertThat(b.read(id).version()).as("b's read, its Redis cut: from the database").isEqualTo(1);
        assertThat(b.counters().getErrors()).as("b's cache failed, and leaves Redis alone now").isEqualTo(1);
        recorder.awaitMissed(RECOVERY);
        redisOfB.restore();
        recorder.awaitFollowing(RECOVERY);
        recorder.events.clear();

        redisOfA.cut();
        assertThat(a.write(record(id, 2, now() + LIFE, "v2"), 1)).isTrue();

        List<String> told = new ArrayList<>();
        recorder.events.drainTo(told);
        assertThat(told).as("what b's listener was told before a's write returned")
                .contains(b.changeStream().keyOf(id) + " gone");
        assertThat(b.read(id).version()).isEqualTo(2);
    }

    /** b's database cut: its check of the pending evictions fails, and it vouches for no copy until it works again. */
    @Test
    void aNodeWhosePendingEvictionsCheckFailsVouchesForNoCopy() throws Exception {
        TcpRelay databaseOfB = relay(PG_PORT);
        CachedJdbcSessionStore b = node(StoreFixture.SHARED_REDIS,
                TestServices.postgresUrl().replaceFirst(":\\d+/", ":" + databaseOfB.port() + "/"));
        follow(b);
        assertThat(b.changeStream().vouchesNow()).isTrue();

        databaseOfB.cut();
        awaitVouching(b, false);
        assertThat(recorder.isFollowing()).as("the Redis half still follows").isTrue();
        databaseOfB.restore();
        awaitVouching(b, true);
    }

    /**
     * Redis cut from both nodes (it keeps version 1), a writes version 2 meanwhile; once Redis
     * answers again, b reads 2 on every read, before and after a node evicts the record Redis kept.
     * Without the write recorded in the database, b read version 1 from Redis (checked).
     */
    @Test
    void aWriteMadeWhileRedisIsCutFromEveryNodeIsNotReadStaleOnceItIsBack() throws Exception {
        TcpRelay redisOfA = relay(SHARED_REDIS_PORT);
        TcpRelay redisOfB = relay(SHARED_REDIS_PORT);
        CachedJdbcSessionStore a = node(viaRelay(redisOfA), TestServices.postgresUrl());
        CachedJdbcSessionStore b = fixture.start(app, System::currentTimeMillis, TestServices.postgresUrl(),
                viaRelay(redisOfB), "hash", keyPrefix, "cacheBackoffMillis", "1000"); // back on Redis soon
        follow(b);
        String id = "C5EA0000000000000000000000000030";
        a.write(record(id, 1, now() + LIFE, "v1"), 0);
        assertThat(b.read(id).version()).isEqualTo(1);

        redisOfA.cut();
        redisOfB.cut();
        recorder.awaitMissed(RECOVERY);
        assertThat(a.write(record(id, 2, now() + LIFE, "v2 while Redis is cut"), 1)).isTrue();
        redisOfB.restore();
        redisOfA.restore();

        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(b.getCacheBackoffMillis() + 3_000L);
        int reads = 0;
        do {
            assertThat(readOnceReconnected(b, id)).as("b's read %d once Redis is back", ++reads).isEqualTo(2);
            Thread.sleep(20);
        } while (System.nanoTime() < end);
        awaitNothingPending(b);
        assertThat(b.read(id).version()).as("b, once the record Redis kept was evicted").isEqualTo(2);
    }

    /**
     * On a private Redis: b's subscription killed, then the server stopped under both nodes and
     * started again: each time b misses changes, then follows again.
     */
    @Test
    void aKilledSubscriptionAndARedisRestartAreMissedAndFollowedAgain() throws Exception {
        RedisServer redis = RedisServer.start(PORT);
        closing.add(redis::stop);
        CachedJdbcSessionStore a = node(redis.address(), TestServices.postgresUrl());
        CachedJdbcSessionStore b = node(redis.address(), TestServices.postgresUrl());
        follow(b);

        redis.cli("CLIENT", "KILL", "TYPE", "pubsub");
        recorder.awaitMissed(RECOVERY);
        recorder.awaitFollowing(RECOVERY);
        redis.stop();
        recorder.awaitMissed(RECOVERY);
        redis.start();
        recorder.awaitFollowing(RECOVERY);

        String id = "C5EA0000000000000000000000000031";
        long version = awaitRedisTakes(a, id);
        awaitChange(b.changeStream().keyOf(id) + " " + version);
    }

    /** A message b's subscription drops is noticed at the next one (its sequence number skips). */
    @Test
    void aDroppedMessageIsMissedAtTheNextOne() throws Exception {
        CachedJdbcSessionStore a = node(StoreFixture.SHARED_REDIS, TestServices.postgresUrl());
        CachedJdbcSessionStore b = node(StoreFixture.SHARED_REDIS, TestServices.postgresUrl());
        follow(b);
        b.changeStream().dropNextMessage();
        a.write(record("C5EA0000000000000000000000000040", 1, now() + LIFE, "dropped"), 0);
        a.write(record("C5EA0000000000000000000000000041", 1, now() + LIFE, "after"), 0);
        assertThat(recorder.awaitMissed(WITHIN)).contains("was not delivered");
        recorder.awaitFollowing(RECOVERY);
    }

    private static void awaitVouching(CachedJdbcSessionStore node, boolean vouching) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (node.changeStream().vouchesNow() != vouching) {
            assertThat(System.nanoTime()).as("vouching %s within %s", vouching, RECOVERY).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void awaitNothingPending(CachedJdbcSessionStore node) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (node.getPendingEvictions() > 0) {
            assertThat(System.nanoTime()).as("pending evictions cleared within %s", RECOVERY).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** b's read of {@code id} once it answers (its Redis and pool reconnect in the background): the version. */
    private static long readOnceReconnected(CachedJdbcSessionStore node, String id) throws Exception {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            try {
                return node.read(id).version();
            } catch (io.sessionstores.core.store.StoreException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Writes session {@code id} on {@code node} until Redis takes a write (no Redis error); its version. */
    private static long awaitRedisTakes(CachedJdbcSessionStore node, String id) throws Exception {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        long version = 0;
        while (true) {
            long errors = node.counters().getErrors();
            node.write(record(id, version + 1, now() + LIFE, "once Redis is back"), version);
            version++;
            if (node.counters().getErrors() == errors) {
                return version;
            }
            assertThat(System.nanoTime()).as("Redis takes a write within %s", RECOVERY).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Waits until the listener is told {@code expected} (other changes may come first). */
    private void awaitChange(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String next = recorder.nextChange(Duration.ofMillis(100));
            if (expected.equals(next)) {
                return;
            }
            if (next != null) {
                seen.add(next);
            }
        }
        throw new AssertionError("not told " + expected + " within " + WITHIN + "; told " + seen);
    }
}
