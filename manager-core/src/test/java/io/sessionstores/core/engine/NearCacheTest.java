package io.sessionstores.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.store.ChangeStream;
import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionRecord;

/**
 * The near cache's rules, driven through {@link LocalSessions} with a stream the test plays by
 * hand: which copies are served without a store read, and what makes a copy read again. (The
 * real streams are checked end to end by the Redis ITs.)
 */
class NearCacheTest {

    private static final String ID = "4EA40000000000000000000000000001";

    /** A change stream the test plays: it says what the backend would announce, and when. */
    static final class PlayedStream implements ChangeStream {
        Listener listener;
        volatile boolean vouching = true;

        @Override
        public boolean vouchesNow() {
            return vouching;
        }

        @Override
        public String keyOf(String id) {
            return "k" + id;
        }

        @Override
        public void follow(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void stop() {
            listener = null;
        }

        void announce(String id, long version) {
            listener.changed(new String[] {keyOf(id)}, new long[] {version});
        }

        /** Announces {@code stored}'s version carrying the record, as a Redis write's message does. */
        void carry(String id, SessionRecord stored) {
            listener.changed(keyOf(id), stored.version(), forId -> new SessionRecord(forId, stored.frame(),
                    stored.version(), stored.expiresAt(), stored.lastAccess(), stored.maxInactive(), stored.rawBytes()));
        }
    }

    private final PlayedStream streamA = new PlayedStream();
    private final EngineFixture a = new EngineFixture("near", new AtomicLong(EngineFixture.T0), m -> { }, streamA);
    private final EngineFixture b = new EngineFixture("near", a.clock, m -> { });

    @AfterEach
    void clearStore() {
        InMemorySessionStore.clearAll();
    }

    /** A session written by node b (version 1), with {@code n=0}. */
    private void storedByB() {
        VersionedSession s = b.newSession(ID);
        s.setAttribute("n", 0);
        assertThat(b.saver().save(s, SessionUse.USED)).isEqualTo(SessionSaver.Outcome.WRITTEN);
    }

    /** One request on node a that only reads; returns the session it saw. */
    private VersionedSession readOnA(long requiredVersion) {
        VersionedSession s = a.local.beginRequest(ID, requiredVersion);
        if (s != null) {
            a.sessions.putIfAbsent(ID, s); // the Manager registers a loaded copy; the fixture has no Manager running
            a.local.endRequest(null, ID, s, SessionUse.USED);
        }
        return s;
    }

    private long readsOnA() {
        return a.store.calls("read");
    }

    @Test
    void aCopyReadWhileFollowingIsServedWithoutAStoreRead() {
        streamA.listener.following();
        storedByB();
        readOnA(0);
        long reads = readsOnA();

        assertThat(readOnA(0).getAttribute("n")).isEqualTo(0);
        assertThat(readOnA(0)).isNotNull();

        assertThat(readsOnA() - reads).as("store reads of two requests on a current copy").isZero();
        assertThat(a.stats.getNearHits()).isEqualTo(2);
    }

    /** Regression: the announcement of this node's own write, arriving before the write's reply, counted as an invalidation. */
    @Test
    void thisNodesOwnWriteAnnouncedBeforeItsReplyIsNoInvalidation() throws Exception {
        streamA.listener.following();
        storedByB();
        VersionedSession copy = readOnA(0);
        copy.setAttribute("n", 1);
        a.store.holdNextWrite("own-write");
        java.util.concurrent.ExecutorService one = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<SessionSaver.Outcome> saved =
                    one.submit(() -> a.saver().save(copy, SessionUse.USED));
            io.sessionstores.core.it.Gates.awaitArrival("own-write");
            streamA.announce(ID, 2); // the write's announcement beats its reply
            io.sessionstores.core.it.Gates.open("own-write");
            assertThat(saved.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(SessionSaver.Outcome.WRITTEN);
        } finally {
            one.shutdownNow();
            io.sessionstores.core.it.Gates.reset();
        }
        assertThat(a.stats.getInvalidations()).as("invalidations after a's own write").isZero();

        streamA.announce(ID, 3); // another node's write
        assertThat(a.stats.getInvalidations()).as("after another node's write").isEqualTo(1);
    }

    /** The cached-JDBC stream stops vouching while its check of the writes Redis missed is late or failing. */
    @Test
    void aStreamThatDoesNotVouchNowHasEveryCopyReadUntilItDoesAgain() {
        streamA.listener.following();
        storedByB();
        readOnA(0);
        long reads = readsOnA();

        streamA.vouching = false;
        readOnA(0);
        assertThat(readsOnA() - reads).as("store reads while the stream does not vouch").isEqualTo(1);
        streamA.vouching = true;
        readOnA(0);
        assertThat(readsOnA() - reads).as("store reads once it vouches again").isEqualTo(1);
    }

    @Test
    void nothingIsServedUnreadBeforeTheStreamIsFollowed() {
        storedByB();
        readOnA(0);
        long reads = readsOnA();

        readOnA(0);

        assertThat(readsOnA() - reads).as("store reads while the stream is not followed").isEqualTo(1);
    }

    @Test
    void anAnnouncedNewerVersionMakesTheCopyReadAgain() {
        streamA.listener.following();
        storedByB();
        readOnA(0);
        VersionedSession onB = b.local.beginRequest(ID);
        onB.setAttribute("n", 1);
        b.local.endRequest(null, ID, onB, SessionUse.USED);
        streamA.announce(ID, 2);
        long reads = readsOnA();

        assertThat(readOnA(0).getAttribute("n")).as("n after b's write was announced").isEqualTo(1);
        assertThat(readsOnA() - reads).isEqualTo(1);
        assertThat(a.stats.getInvalidations()).isEqualTo(1);
        long again = readsOnA();
        readOnA(0);
        assertThat(readsOnA() - again).as("reads once the copy is current again").isZero();
    }

    @Test
    void aChangeAnnouncedWhileTheCopyWasBeingReadIsNotLost() {
        streamA.listener.following();
        storedByB();
        VersionedSession copy = readOnA(0);
        NearCache.Ticket ticket = a.near.ticket();
        // b's version 2 is announced while a's read of version 1 is in flight: a's copy is not listed
        // under its key at that moment; the read's confirmation must still see the announcement
        a.near.forget(copy);
        streamA.announce(ID, 2);
        a.near.confirm(copy, ID, ticket);

        assertThat(a.near.servable(copy, 0)).as("a copy of version 1 after version 2 was announced").isFalse();
    }

    /** Node b sets {@code n} in a request of its own; returns the record it stored. */
    private SessionRecord writtenByB(int n) throws Exception {
        VersionedSession onB = b.local.beginRequest(ID);
        onB.setAttribute("n", n);
        assertThat(b.local.endRequest(null, ID, onB, SessionUse.USED)).isTrue();
        return b.store.read(ID);
    }

    @Test
    void aWriteOnAnotherNodeThatTheStreamCarriedIsTakenWithoutAStoreRead() throws Exception {
        streamA.listener.following();
        storedByB();
        readOnA(0);
        SessionRecord second = writtenByB(1);
        streamA.carry(ID, second);
        long reads = readsOnA();

        assertThat(readOnA(second.version()).getAttribute("n")).as("n after b's carried write").isEqualTo(1);
        assertThat(readOnA(second.version()).getAttribute("n")).as("the next request: the copy, current").isEqualTo(1);

        assertThat(readsOnA() - reads).as("store reads").isZero();
        assertThat(a.stats.getPushedLoads()).isEqualTo(1);
        assertThat(a.stats.getInvalidations()).isEqualTo(1);
    }

    @Test
    void aCarriedRecordIsNotTakenOnceANewerChangeWasAnnouncedWithoutIt() throws Exception {
        streamA.listener.following();
        storedByB();
        readOnA(0);
        streamA.carry(ID, writtenByB(1));
        SessionRecord third = writtenByB(2);
        streamA.announce(ID, third.version());
        long reads = readsOnA();

        assertThat(readOnA(0).getAttribute("n")).as("n: the store's, not the carried record's").isEqualTo(2);
        assertThat(readsOnA() - reads).isEqualTo(1);
        assertThat(a.stats.getPushedLoads()).isZero();
    }

    @Test
    void aCarriedRecordIsNotTakenAfterAMissedMessage() throws Exception {
        streamA.listener.following();
        storedByB();
        readOnA(0);
        streamA.carry(ID, writtenByB(1));
        streamA.listener.missed("a test dropped a message");
        streamA.listener.following();
        long reads = readsOnA();

        assertThat(readOnA(0).getAttribute("n")).isEqualTo(1);
        assertThat(readsOnA() - reads).as("read: the stream may have missed a later change").isEqualTo(1);
        assertThat(a.stats.getPushedLoads()).isZero();
    }

    @Test
    void aCarriedRecordOlderThanTheVersionTheBrowserSawIsNotTaken() throws Exception {
        streamA.listener.following();
        storedByB();
        readOnA(0);
        streamA.carry(ID, writtenByB(1));
        SessionRecord third = writtenByB(2); // its announcement is still on its way
        long reads = readsOnA();

        assertThat(readOnA(third.version()).getAttribute("n")).as("n the browser saw on b").isEqualTo(2);
        assertThat(readsOnA() - reads).isEqualTo(1);
        assertThat(a.stats.getPushedLoads()).isZero();
    }

    @Test
    void aMissedMessageEndsEveryConfirmationUntilTheCopyIsReadAgain() {
        streamA.listener.following();
        storedByB();
        readOnA(0);
        streamA.listener.missed("a test dropped a message");
        streamA.listener.following();
        long reads = readsOnA();

        readOnA(0);
        readOnA(0);

        assertThat(readsOnA() - reads).as("reads after a reset: the first request only").isEqualTo(1);
        assertThat(a.stats.getStreamResets()).isEqualTo(1);
    }

    @Test
    void aCopyOlderThanTheVersionTheBrowserSawIsReadAgain() {
        streamA.listener.following();
        storedByB();
        readOnA(0);
        long reads = readsOnA();

        readOnA(2);

        assertThat(readsOnA() - reads).as("reads of a request carrying a newer version than the copy").isEqualTo(1);
    }

    @Test
    void aSessionAnnouncedGoneIsNotServed() throws Exception {
        streamA.listener.following();
        storedByB();
        readOnA(0);
        b.store.delete(ID);
        streamA.announce(ID, ChangeStream.GONE);

        assertThat(readOnA(0)).as("a session deleted on another node").isNull();
    }

    @Test
    void aCopyWrittenByThisNodeIsServedUnreadAfterItsWrite() {
        streamA.listener.following();
        storedByB();
        VersionedSession s = a.local.beginRequest(ID, 0);
        a.sessions.putIfAbsent(ID, s);
        s.setAttribute("n", 5);
        a.local.endRequest(null, ID, s, SessionUse.USED);
        streamA.announce(ID, 2); // its own write, announced back
        long reads = readsOnA();

        assertThat(readOnA(2).getAttribute("n")).isEqualTo(5);

        assertThat(readsOnA() - reads).as("reads after this node's own write").isZero();
    }

    @Test
    void anIdChangeMakesTheCopyReadOnceUnderItsNewId() throws Exception {
        streamA.listener.following();
        storedByB();
        VersionedSession copy = readOnA(0);

        a.local.changeIdInStore(copy, ID, "4EA40000000000000000000000000002");

        assertThat(a.near.servable(copy, 0)).as("a copy whose id just changed").isFalse();
    }

    @Test
    void aChangeMadeOutsideARequestWaitsUntilTheStreamCarriedIt() throws Exception {
        streamA.listener.following();
        Thread announcer = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            streamA.announce(ID, ChangeStream.GONE);
        });
        announcer.start();

        assertThat(a.near.awaitCarried(ID, ChangeStream.GONE, 10_000)).as("carried before the timeout").isTrue();
        announcer.join();
        assertThat(a.near.awaitCarried(ID, 7, 10_000)).as("an older version is carried already").isTrue();
        assertThat(a.near.awaitCarried("4EA40000000000000000000000000009", 1, 50)).as("never announced").isFalse();
        streamA.listener.missed("test");
        assertThat(a.near.awaitCarried("4EA40000000000000000000000000009", 1, 10_000))
                .as("no wait while the stream is not followed").isFalse();
    }

    /**
     * The cached-JDBC store announces a write Redis missed as the session's end (its version is not
     * known). Once that announcement is no longer remembered (here: forgotten with a flood), a read
     * that finds the session confirms its copy again: the copy carried the end for good, and every
     * request read the store for as long as the node held it.
     */
    @Test
    void aSessionAnnouncedEndedThatALaterReadFindsIsServedUnreadAgain() {
        streamA.listener.following();
        storedByB();
        readOnA(0);
        streamA.announce(ID, ChangeStream.GONE);
        readOnA(0);
        VersionedSession copy = readOnA(0);
        assertThat(a.near.servable(copy, 0)).as("while the end is remembered").isFalse();

        for (int i = 0; i <= NearCache.MAX_RECENT + 1; i++) {
            streamA.listener.changed(new String[] {"flood" + i}, new long[] {1});
        }
        readOnA(0);
        long reads = readsOnA();

        assertThat(readOnA(0)).isSameAs(copy);
        assertThat(readsOnA() - reads).as("store reads once the end is forgotten and the copy read again").isZero();
    }

    @Test
    void aFloodOfAnnouncementsIsForgottenAndEveryCopyReadAgainInsteadOfGrowingMemory() {
        streamA.listener.following();
        storedByB();
        VersionedSession copy = readOnA(0);
        assertThat(a.near.servable(copy, 0)).isTrue();

        for (int i = 0; i <= NearCache.MAX_RECENT + 1; i++) {
            streamA.listener.changed(new String[] {"flood" + i}, new long[] {1});
        }

        assertThat(a.stats.getStreamResets()).as("resets after the flood").isEqualTo(1);
        assertThat(a.near.servable(copy, 0)).as("a copy confirmed before the flood").isFalse();
        assertThat(a.near.isFollowing()).isTrue();
    }
}
