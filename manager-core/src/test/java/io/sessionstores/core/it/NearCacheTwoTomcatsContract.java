package io.sessionstores.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.SessionStoreManager;

/**
 * Reads at zero round trips, checked for exactness through two real Tomcats on one store with a
 * change stream (the near cache on by default): copies served without a store call while the
 * stream vouches for them, never a stale one. One subclass per store ({@link #startNode}).
 */
public abstract class NearCacheTwoTomcatsContract {

    /** Rounds of the alternating counter (the figure). */
    protected static final int ROUNDS = 10_000;
    /** Logouts replayed on the other node. */
    protected static final int LOGOUTS = 10_000;
    /** How long after the logout response the stolen cookie is replayed. */
    protected static final long REPLAY_AFTER_MILLIS = 10;

    protected TomcatNode a;
    protected TomcatNode b;

    /** Starts node {@code name} of the application on the store under test. */
    protected abstract TomcatNode startNode(String name) throws Exception;

    /** Removes the application's stored sessions (before the nodes start, and after they stop). */
    protected abstract void deleteSessions(String appName) throws Exception;

    /** The store's name in the printed figures. */
    protected abstract String storeName();

    /** Whether the store's stream carries a write's record (Redis on a single server): {@code ChangeStream.PushedRecord}. */
    protected boolean carriesRecords() {
        return false;
    }

    @BeforeEach
    void startNodes() throws Exception {
        deleteSessions("/" + TomcatNode.ENGINE + "/" + TomcatNode.HOST + "/" + SessionTestApp.NAME);
        a = startNode("near-a");
        b = startNode("near-b");
        awaitFollowing(a);
        awaitFollowing(b);
    }

    @AfterEach
    void stopNodes() throws Exception {
        Gates.reset();
        for (TomcatNode node : new TomcatNode[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
        if (a != null) {
            deleteSessions(a.appName());
        }
    }

    /**
     * Waits (at most 30 s) until {@code node}'s Manager follows its store's change stream: from
     * then on the copies it reads or writes are served without a store call while current.
     */
    public static void awaitFollowing(TomcatNode node) throws InterruptedException {
        SessionStoreManager manager = manager(node);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!manager.getNearCacheFollowing()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(node.appName() + " does not follow the change stream: "
                        + manager.getNearCacheState());
            }
            Thread.sleep(20);
        }
    }

    protected static SessionStoreManager manager(TomcatNode node) {
        return (SessionStoreManager) node.context().getManager();
    }

    @Test
    void aBrowserAlternatingNodesNeverReadsAStaleCounter() {
        SessionClient browser = new SessionClient(a.baseUri());
        assertThat(browser.get("session/create").status()).isEqualTo(200);
        long hitsBefore = manager(a).statistics().getNearHits() + manager(b).statistics().getNearHits();
        long started = System.nanoTime();
        int stale = 0;
        for (int i = 1; i <= ROUNDS; i++) {
            TomcatNode node = i % 2 == 0 ? a : b;
            SessionClient.Response r = browser.get(node.baseUri(), "session/increment?name=n");
            assertThat(r.status()).as("round %d on %s: %s", i, node.appName(), r).isEqualTo(200);
            if (!String.valueOf(i).equals(r.attribute("n"))) {
                stale++;
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        long hits = manager(a).statistics().getNearHits() + manager(b).statistics().getNearHits() - hitsBefore;
        System.out.printf("[near] %s: %d alternating write-then-read rounds: %d stale, %d ms, %d served by a copy"
                + " without a read, %d invalidations%n", storeName(), ROUNDS, stale, millis, hits,
                manager(a).statistics().getInvalidations() + manager(b).statistics().getInvalidations());
        assertThat(stale).as("rounds that saw a counter other than the one the previous round wrote").isZero();
        assertThat(browser.get(a.baseUri(), "session/get").attribute("n")).isEqualTo(String.valueOf(ROUNDS));
    }

    /**
     * Writes alternating nodes: where the stream carries a write's record, the other node takes it
     * instead of reading the store (one store call, the write, when the message came before the
     * request); elsewhere it reads the store first.
     */
    @Test
    void writesAlternatingNodesTakeTheRecordTheStreamCarriedWhereItCarriesThem() {
        SessionClient browser = new SessionClient(a.baseUri());
        browser.get("session/create");
        assertThat(browser.get(b.baseUri(), "session/increment?name=n").status()).as("b's first request").isEqualTo(200);
        assertThat(browser.get(a.baseUri(), "session/increment?name=n").status()).isEqualTo(200);
        long calls = manager(a).statistics().getStoreCalls() + manager(b).statistics().getStoreCalls();
        long pushed = manager(a).statistics().getPushedLoads() + manager(b).statistics().getPushedLoads();

        for (int i = 0; i < 100; i++) {
            TomcatNode node = i % 2 == 0 ? b : a;
            SessionClient.Response r = browser.get(node.baseUri(), "session/increment?name=n");
            assertThat(r.attribute("n")).as("write %d on %s: %s", i, node.appName(), r).isEqualTo(String.valueOf(3 + i));
        }

        long made = manager(a).statistics().getStoreCalls() + manager(b).statistics().getStoreCalls() - calls;
        long taken = manager(a).statistics().getPushedLoads() + manager(b).statistics().getPushedLoads() - pushed;
        System.out.printf("[near] %s: 100 writes alternating nodes: %d store calls, %d records taken from the stream%n",
                storeName(), made, taken);
        if (carriesRecords()) {
            assertThat(taken).as("records taken from the stream").isPositive();
            assertThat(made).as("store calls: a write each, a read for each record not taken").isLessThanOrEqualTo(200 - taken);
        } else {
            assertThat(taken).as("this store's stream carries no record").isZero();
        }
    }

    /**
     * Runs of 1 to 7 writes on one node while the other holds a copy (longer than the five in a row
     * after which a Redis store's writer holds the session alone): another client of the session on
     * the other node, without the browser's version cookie (a second tab's cookie jar, a replayed
     * cookie), sees each run's last write within the stream's delay, never its old copy for good.
     */
    @Test
    void anotherClientOnTheOtherNodeSeesTheLastWriteOfEachRunOfWritesOnOneNode() throws Exception {
        SessionClient browser = new SessionClient(a.baseUri());
        String id = browser.get("session/create").id();
        SessionClient viewer = new SessionClient(b.baseUri());
        viewer.sessionId(id);
        int n = 0;
        for (int run = 1; run <= 7; run++) {
            assertThat(viewer.get("session/get").status()).as("b holds a copy before run %d", run).isEqualTo(200);
            for (int i = 0; i < run; i++) {
                n++;
                SessionClient.Response r = browser.get(a.baseUri(), "session/increment?name=n");
                assertThat(r.attribute("n")).as("run %d, write %d on a: %s", run, i + 1, r).isEqualTo(String.valueOf(n));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String seen = viewer.get("session/get").attribute("n");
            while (!String.valueOf(n).equals(seen) && System.nanoTime() < deadline) {
                Thread.sleep(10);
                seen = viewer.get("session/get").attribute("n");
            }
            assertThat(seen).as("what the other client sees on b within 10 s of run %d's last write", run)
                    .isEqualTo(String.valueOf(n));
        }
    }

    @Test
    void aConsecutiveRequestOnTheSameNodeIsServedByItsCopyWithoutARead() {
        SessionClient browser = new SessionClient(a.baseUri());
        browser.get("session/create");
        browser.get("session/increment?name=n");
        long loads = manager(a).statistics().getLoads();
        long hits = manager(a).statistics().getNearHits();

        for (int i = 0; i < 100; i++) {
            assertThat(browser.get("session/increment?name=n").status()).isEqualTo(200);
            assertThat(browser.get("session/get").status()).isEqualTo(200);
        }

        assertThat(manager(a).statistics().getLoads() - loads).as("store reads of 200 requests on one node").isZero();
        assertThat(manager(a).statistics().getNearHits() - hits).isEqualTo(200);
    }

    /** Read-only requests on both nodes: after each node's first read of the session, no store call at all. */
    @Test
    void readOnlyRequestsMakeNoStoreCallAfterANodesFirstRead() {
        SessionClient browser = new SessionClient(a.baseUri());
        browser.get("session/create?name=user&value=alice");
        assertThat(browser.get(b.baseUri(), "session/get").status()).as("b's first read").isEqualTo(200);
        long calls = manager(a).statistics().getStoreCalls() + manager(b).statistics().getStoreCalls();
        long hits = manager(a).statistics().getNearHits() + manager(b).statistics().getNearHits();

        for (int i = 0; i < 200; i++) {
            SessionClient.Response r = browser.get((i % 2 == 0 ? a : b).baseUri(), "session/get");
            assertThat(r.attribute("user")).as("read %d: %s", i, r).isEqualTo("alice");
        }

        long made = manager(a).statistics().getStoreCalls() + manager(b).statistics().getStoreCalls() - calls;
        System.out.printf("[near] %s: 200 read-only requests alternating nodes after each node's first read: %d store"
                + " calls%n", storeName(), made);
        assertThat(made).as("store calls of 200 read-only requests").isZero();
        assertThat(manager(a).statistics().getNearHits() + manager(b).statistics().getNearHits() - hits).isEqualTo(200);
    }

    /**
     * A logout on a, then its old cookie replayed on b by a client that did not get the logout
     * response (a stolen cookie) {@value #REPLAY_AFTER_MILLIS} ms later: b must serve nothing,
     * though it held a confirmed copy; and the browser that logged out, at once: nothing either
     * (its version cookie now says the session ended).
     */
    @Test
    void aLoggedOutSessionIsServedOnNoNodeToTheBrowserAtOnceNorToAReplayedCookieTenMsLater() throws Exception {
        AtomicInteger servedToThief = new AtomicInteger();
        AtomicInteger servedToBrowser = new AtomicInteger();
        int threads = 16; // the 10 ms waits overlap
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    SessionClient browser = new SessionClient(a.baseUri());
                    SessionClient thief = new SessionClient(b.baseUri());
                    for (int i = 0; i < LOGOUTS / threads; i++) {
                        browser.forgetCookies();
                        thief.forgetCookies();
                        logoutAndReplay(browser, thief, servedToBrowser, servedToThief);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("[near] %s: %d logouts on a: the browser at once on b was served %d times, a cookie replayed"
                + " on b %d ms after the logout response %d times (%d ms)%n", storeName(), LOGOUTS, servedToBrowser.get(),
                REPLAY_AFTER_MILLIS, servedToThief.get(), (System.nanoTime() - started) / 1_000_000);
        assertThat(servedToBrowser.get()).as("sessions served to the browser that logged out").isZero();
        assertThat(servedToThief.get()).as("sessions served to a replayed cookie").isZero();
    }

    private void logoutAndReplay(SessionClient browser, SessionClient thief, AtomicInteger servedToBrowser,
                                 AtomicInteger servedToThief) throws InterruptedException {
        String id = browser.get("session/create?name=user&value=alice").id();
        assertThat(browser.get(b.baseUri(), "session/get").status()).as("b reads the session once").isEqualTo(200);
        assertThat(browser.get(a.baseUri(), "session/invalidate").status()).isEqualTo(200);
        if (browser.get(b.baseUri(), "session/get").status() != 404) {
            servedToBrowser.incrementAndGet();
        }
        Thread.sleep(REPLAY_AFTER_MILLIS);
        thief.sessionId(id);
        if (thief.get("session/get").status() != 404) {
            servedToThief.incrementAndGet();
        }
    }

    /**
     * A request on b that holds a confirmed copy is past the application, its change made and not
     * yet saved, when a logs the session out: b's save must not bring the session back, and no node
     * serves it afterwards.
     */
    @Test
    void anInFlightRequestOnBDoesNotResurrectASessionLoggedOutOnA() throws Exception {
        SessionClient browser = new SessionClient(a.baseUri());
        String id = browser.get("session/create?name=user&value=alice").id();
        assertThat(browser.get(b.baseUri(), "session/get").status()).as("b holds a copy").isEqualTo(200);
        Future<SessionClient.Response> inFlight = heldOn(b, id, "session/set?name=colour&value=red", "near-logout");

        assertThat(browser.get(a.baseUri(), "session/invalidate").status()).isEqualTo(200);
        Gates.open("near-logout");
        inFlight.get(30, TimeUnit.SECONDS);

        SessionClient thief = new SessionClient(b.baseUri());
        thief.sessionId(id);
        for (TomcatNode node : new TomcatNode[] {a, b}) {
            assertThat(thief.get(node.baseUri(), "session/get").status()).as("the logged-out id on %s after b's save",
                    node.appName()).isEqualTo(404);
        }
    }

    /** As above, with {@code changeSessionId} on a: b's save does not bring the old id back; the new id lives on. */
    @Test
    void anInFlightRequestOnBDoesNotResurrectTheOldIdAfterChangeSessionIdOnA() throws Exception {
        SessionClient browser = new SessionClient(a.baseUri());
        String oldId = browser.get("session/create?name=user&value=alice").id();
        assertThat(browser.get(b.baseUri(), "session/get").status()).as("b holds a copy").isEqualTo(200);
        Future<SessionClient.Response> inFlight = heldOn(b, oldId, "session/set?name=colour&value=red", "near-change-id");

        String newId = browser.get(a.baseUri(), "session/change-id").id();
        Gates.open("near-change-id");
        inFlight.get(30, TimeUnit.SECONDS);

        SessionClient thief = new SessionClient(b.baseUri());
        thief.sessionId(oldId);
        for (TomcatNode node : new TomcatNode[] {a, b}) {
            assertThat(thief.get(node.baseUri(), "session/get").status()).as("the old id on %s after b's save",
                    node.appName()).isEqualTo(404);
            SessionClient.Response renamed = browser.get(node.baseUri(), "session/get");
            assertThat(renamed.id()).as("the new id on %s", node.appName()).isEqualTo(newId);
            assertThat(renamed.attribute("user")).isEqualTo("alice");
        }
    }

    /** Sends {@code path} for session {@code id} to {@code node} and waits until the request is held at {@code gate}. */
    private static Future<SessionClient.Response> heldOn(TomcatNode node, String id, String path, String gate) {
        SessionClient other = new SessionClient(node.baseUri());
        other.sessionId(id);
        ExecutorService one = Executors.newSingleThreadExecutor();
        Future<SessionClient.Response> response = one.submit(() -> other.get(path + "&hold=" + gate));
        one.shutdown();
        Gates.awaitArrival(gate);
        return response;
    }

    @Test
    void afterChangeSessionIdOnATheOldIdGetsNothingOnBAndTheNewIdEveryAttribute() throws Exception {
        SessionClient browser = new SessionClient(a.baseUri());
        String oldId = browser.get("session/create?name=user&value=alice").id();
        browser.get("session/set?name=cart&value=3");
        assertThat(browser.get(b.baseUri(), "session/get").status()).isEqualTo(200); // b holds a copy

        String newId = browser.get(a.baseUri(), "session/change-id").id();

        // A cookie replayed elsewhere, as in the logout case: b's listener takes the announcement
        // in its own time, which the response on a cannot wait for; the promise is 10 ms.
        Thread.sleep(REPLAY_AFTER_MILLIS);
        SessionClient thief = new SessionClient(b.baseUri());
        thief.sessionId(oldId);
        assertThat(thief.get("session/get").status()).as("the old id on b").isEqualTo(404);
        SessionClient.Response onB = browser.get(b.baseUri(), "session/get");
        assertThat(onB.id()).isEqualTo(newId).isNotEqualTo(oldId);
        assertThat(onB.attribute("user")).isEqualTo("alice");
        assertThat(onB.attribute("cart")).isEqualTo("3");
    }

    /**
     * The expiry pass (the expiry valve's raw expiry, run here on a's store) deletes a session that
     * has expired by a's clock and the store's; b, whose clock runs 30 minutes behind, holds a
     * confirmed copy that its own view still calls live. The pass's announcement makes b drop it:
     * neither the browser nor a replayed cookie is served the expired session there.
     */
    @Test
    void aSessionTheExpiryPassDeletesIsServedByNoNodeWhoseClockIsBehind() throws Exception {
        long real = System.currentTimeMillis();
        java.util.concurrent.atomic.AtomicLong clockA = new java.util.concurrent.atomic.AtomicLong(real - 10 * 60_000L);
        setClock(manager(a), clockA::get);
        setClock(manager(b), () -> System.currentTimeMillis() - 30 * 60_000L);
        SessionClient browser = new SessionClient(a.baseUri());
        String id = browser.get("session/create?name=user&value=alice").id();
        assertThat(browser.get("session/max-inactive?seconds=60").status()).isEqualTo(200);
        assertThat(browser.get(b.baseUri(), "session/get").status()).as("b reads the session").isEqualTo(200);
        long hits = manager(b).statistics().getNearHits();
        assertThat(browser.get(b.baseUri(), "session/get").status()).isEqualTo(200);
        assertThat(manager(b).statistics().getNearHits() - hits).as("b serves its copy unread").isEqualTo(1);

        clockA.set(System.currentTimeMillis()); // the session expired 9 minutes ago by a's clock
        io.sessionstores.core.store.SessionStore store = (io.sessionstores.core.store.SessionStore) manager(a).getStore();
        long deleted = 0;
        io.sessionstores.core.store.ExpiryBatch batch = io.sessionstores.core.store.ExpiryBatch.FIRST;
        do {
            batch = store.deleteExpired(batch, 1_000);
            deleted += batch.deleted();
        } while (!batch.done());
        // a's own background expiry (every 10 s) may end its copy first: announced just the same
        assertThat(deleted).as("sessions the expiry pass deleted").isLessThanOrEqualTo(1);
        awaitCarried(b, id);

        SessionClient thief = new SessionClient(b.baseUri());
        thief.sessionId(id);
        assertThat(thief.get("session/get").status()).as("the expired session on b, whose clock is behind")
                .isEqualTo(404);
        assertThat(browser.get(b.baseUri(), "session/get").status()).as("the browser on b").isEqualTo(404);
    }

    /** Waits (at most a second) until {@code node}'s change stream has carried the end of session {@code id}. */
    private static void awaitCarried(TomcatNode node, String id) {
        manager(node).awaitCarried(id, io.sessionstores.core.store.ChangeStream.GONE);
    }

    private static void setClock(SessionStoreManager manager, java.util.function.LongSupplier clock) throws Exception {
        java.lang.reflect.Method setClock = SessionStoreManager.class.getDeclaredMethod("setClock",
                java.util.function.LongSupplier.class);
        setClock.setAccessible(true);
        setClock.invoke(manager, clock);
    }
}
