package io.sessionstores.core.contract;

import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.store.StoreException;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The raw-expiry part of the {@link SessionStore} contract (what the expiry valve relies on), once
 * for every store that deletes expired records itself: bounded batches delete expired records
 * only, a node whose clock runs ahead deletes no live session, a session refreshed during a pass
 * stays, and one node at a time holds the lease.
 *
 * <p>Stores decide "expired" by their server's clock too, so this contract runs on real time:
 * the stores' clock is the machine's plus a {@link #skew} the tests set.
 *
 * <p>Runs on H2, PostgreSQL, MariaDB, Redis hash mode (also on a Cluster) and cached-JDBC
 * ({@code <Store>RawExpiryIT}). Does not apply to the in-memory test store and Redis string mode:
 * they delete nothing themselves ({@code deleteExpired} is the SPI's "nothing to do"; string-mode
 * keys end by Redis's own TTL).
 */
public abstract class RawExpiryContract {

    protected static final long MINUTE = 60_000L;
    private static final AtomicInteger APPS = new AtomicInteger();

    /** How far the stores' clock runs ahead of the machine's. */
    protected final AtomicLong skew = new AtomicLong();
    protected String app;
    protected SessionStore store;
    private final List<SessionStore> started = new ArrayList<>();

    /** A new, started store for {@code appName} reading time from {@code clock}. */
    protected abstract SessionStore createStore(String appName, LongSupplier clock) throws Exception;

    /** The batch size one pass of this store uses in these tests. */
    protected int batchSize() {
        return 10;
    }

    @BeforeEach
    void startStore() throws Exception {
        app = "/Catalina/localhost/expiry-" + getClass().getSimpleName() + "-" + System.nanoTime() + "-"
                + APPS.incrementAndGet();
        store = start(app);
    }

    @AfterEach
    void stopStores() {
        started.forEach(SessionStore::stop);
        started.clear();
    }

    /** One more store for {@code appName} (another node), stopped after the test. */
    protected SessionStore start(String appName) throws Exception {
        SessionStore s = createStore(appName, () -> System.currentTimeMillis() + skew.get());
        started.add(s);
        return s;
    }

    /** Stores started by this test. */
    protected List<SessionStore> started() {
        return started;
    }

    @Test
    void expiredRecordsGoLiveAndNeverExpiringOnesStay() throws Exception {
        List<String> expired = writeExpired(store, 25);
        List<String> live = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            live.add(write(store, realNow() + 30 * MINUTE));
        }
        String never = write(store, SessionRecord.NEVER_EXPIRES);

        long deleted = pass(store);

        assertThat(deleted).as("deleted by one pass").isEqualTo(expired.size());
        assertThat(store.count()).as("live and never-expiring records left").isEqualTo(live.size() + 1);
        for (String id : live) {
            assertThat(store.read(id)).as("live session").isNotNull();
        }
        assertThat(store.read(never)).as("never-expiring session").isNotNull();
        assertThat(pass(store)).as("a second pass finds nothing").isZero();
    }

    /** "Now" for deletion is not the calling node's alone: a node whose clock runs ahead must not log users out. */
    @Test
    void nodeWhoseClockRunsAheadDeletesNoLiveSession() throws Exception {
        List<String> live = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            live.add(write(store, realNow() + 2 * MINUTE + i * 1000));
        }
        writeExpired(store, 3);
        skew.set(10 * MINUTE);

        long deleted = pass(store);

        assertThat(deleted).as("only what expired by the server's clock too").isEqualTo(3);
        for (String id : live) {
            skew.set(0);
            assertThat(store.read(id)).as("a live session, by every clock but the skewed node's").isNotNull();
        }
    }

    /**
     * Sessions refreshed (touched and rewritten) all the time while passes run over a stream of
     * expired records: none is deleted, and neither side sees an error (no deadlock).
     */
    @Test
    void sessionRefreshedDuringAPassStays() throws Exception {
        List<String> hot = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            hot.add(write(store, realNow() + 5_000));
        }
        writeExpired(store, 300);
        SessionStore otherNode = start(app);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                List<String> mine = hot.subList(w * 4, w * 4 + 4);
                work.add(pool.submit(() -> refresh(otherNode, mine, running, errors)));
            }
            work.add(pool.submit(() -> keepExpiring(otherNode, running, errors)));
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_000);
            while (System.nanoTime() < end) {
                pass(store);
            }
            running.set(false);
            for (Future<?> f : work) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            running.set(false);
            pool.shutdownNow();
        }
        assertThat(errors).as("errors of writers and expiry passes").isEmpty();
        for (String id : hot) {
            assertThat(store.read(id)).as("session refreshed during the passes").isNotNull();
        }
        pass(store);
        assertThat(store.count()).as("only the refreshed sessions are left").isEqualTo(hot.size());
    }

    @Test
    void ofManyNodesOnlyOneGetsTheLease() throws Exception {
        List<SessionStore> nodes = new ArrayList<>(List.of(store));
        for (int i = 1; i < 4; i++) {
            nodes.add(start(app));
        }
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            for (int round = 0; round < 10; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> tries = new ArrayList<>();
                for (int i = 0; i < nodes.size(); i++) {
                    SessionStore node = nodes.get(i);
                    String owner = "node-" + i + "-round-" + round;
                    tries.add(pool.submit(() -> {
                        go.await();
                        return node.acquireExpiryLease(owner, MINUTE);
                    }));
                }
                go.countDown();
                List<Integer> holders = new ArrayList<>();
                for (int i = 0; i < tries.size(); i++) {
                    if (tries.get(i).get(30, TimeUnit.SECONDS)) {
                        holders.add(i);
                    }
                }
                assertThat(holders).as("nodes that got the lease in round %s", round).hasSize(1);
                String owner = "node-" + holders.get(0) + "-round-" + round;
                assertThat(store.expiryLeaseHolder()).as("holder seen by any node").isEqualTo(owner);
                nodes.get(holders.get(0)).releaseExpiryLease(owner);
                assertThat(store.expiryLeaseHolder()).as("holder after release").isNull();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void leaseIsRenewedByItsHolderAndTakenOverOnlyOnceItLapses() throws Exception {
        SessionStore other = start(app);
        // a lease long enough that a loaded machine's pause between two calls does not lapse it
        long ttl = 3_000;
        assertThat(store.acquireExpiryLease("a", ttl)).as("free lease").isTrue();
        assertThat(other.acquireExpiryLease("b", ttl)).as("lease held by a").isFalse();
        assertThat(store.acquireExpiryLease("a", ttl)).as("renewal by the holder").isTrue();
        other.releaseExpiryLease("b");
        assertThat(store.expiryLeaseHolder()).as("a release by a non-holder changes nothing").isEqualTo("a");

        Thread.sleep(ttl + 500);

        assertThat(other.acquireExpiryLease("b", MINUTE)).as("lease after a's lapsed").isTrue();
        assertThat(store.acquireExpiryLease("a", MINUTE)).as("a, after b took over").isFalse();
        assertThat(store.expiryLeaseHolder()).isEqualTo("b");
    }

    /**
     * A migration's tombstone stays, refusing the insert, until its end, however long ago it was
     * laid (raw expiry must not take it for an expired record), and goes with the first pass after
     * its end and the grace.
     */
    @Test
    void aTombstoneStaysUntilItsEndThenGoesWithRawExpiry() throws Exception {
        String living = newId();
        String ended = newId();
        skew.set(-10 * MINUTE); // laid ten minutes ago
        assertThat(store.deleteLeavingTombstone(living, 0, realNow() + 20 * MINUTE)).isTrue();
        assertThat(store.deleteLeavingTombstone(ended, 0, realNow() - SessionStore.EXPIRED_RECORD_GRACE_MILLIS - MINUTE))
                .isTrue();
        skew.set(0);

        assertThat(pass(store)).as("deleted by a pass: the ended tombstone").isEqualTo(1);
        assertThat(store.write(Frames.record(living, 1, realNow() + 30 * MINUTE, "stale"), 0))
                .as("the insert under the living tombstone, after a pass").isFalse();
        assertThat(pass(store)).as("a second pass").isZero();
    }

    // ---------------------------------------------------------------- helpers

    /** A whole pass: batches until the store says done. */
    protected long pass(SessionStore s) throws StoreException {
        long deleted = 0;
        ExpiryBatch batch = ExpiryBatch.FIRST;
        for (int i = 0; i < 100_000 && !batch.done(); i++) {
            batch = s.deleteExpired(batch, batchSize());
            deleted += batch.deleted();
        }
        assertThat(batch.done()).as("pass reached its end").isTrue();
        return deleted;
    }

    protected static long realNow() {
        return System.currentTimeMillis();
    }

    /** A new id of 32 hex digits (spread over every Redis bucket). */
    protected static String newId() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    /** Writes a new session expiring at {@code expiresAt}; returns its id. */
    protected static String write(SessionStore s, long expiresAt) throws StoreException {
        String id = newId();
        assertThat(s.write(Frames.record(id, 1, expiresAt, "x"), 0)).as("write").isTrue();
        return id;
    }

    /**
     * Writes {@code n} new sessions that expired a minute beyond the stores' grace
     * ({@link SessionStore#EXPIRED_RECORD_GRACE_MILLIS}) ago (a store accepts them as new).
     */
    protected static List<String> writeExpired(SessionStore s, int n) throws StoreException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(write(s, realNow() - SessionStore.EXPIRED_RECORD_GRACE_MILLIS - MINUTE - i));
        }
        return ids;
    }

    private static void refresh(SessionStore s, List<String> ids, AtomicBoolean running,
                                ConcurrentLinkedQueue<Throwable> errors) {
        long[] versions = new long[ids.size()];
        Arrays.fill(versions, 1);
        try {
            for (int n = 0; running.get(); n++) {
                for (int i = 0; i < ids.size(); i++) {
                    long expiresAt = realNow() + 5_000;
                    if (n % 2 == 0) {
                        assertThat(s.touch(ids.get(i), realNow(), expiresAt)).as("touch of a hot session").isTrue();
                    } else {
                        long next = versions[i] + 1;
                        assertThat(s.write(Frames.record(ids.get(i), next, expiresAt, "w"),
                                versions[i])).as("write of a hot session").isTrue();
                        versions[i] = next;
                    }
                }
            }
        } catch (Throwable e) {
            errors.add(e);
        }
    }

    private static void keepExpiring(SessionStore s, AtomicBoolean running, ConcurrentLinkedQueue<Throwable> errors) {
        try {
            while (running.get()) {
                writeExpired(s, 20);
                Thread.sleep(20);
            }
        } catch (Throwable e) {
            errors.add(e);
        }
    }
}
