package io.sessionstores.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.store.InMemorySessionStore;

/** The sessions one node holds, driven through {@link LocalSessions#beginRequest}, {@link LocalSessions#find} and {@link LocalSessions#processExpires}. */
class LocalSessionsTest {

    private static final String ID = "10CA0000000000000000000000000001";
    private static final String MISSING = "10CA00000000000000000000000000FF";
    private final EngineFixture a = new EngineFixture("local");
    private final EngineFixture b = new EngineFixture("local", a.clock, m -> { });

    @AfterEach
    void clearStore() {
        InMemorySessionStore.clearAll();
    }

    private VersionedSession storedOnA(String attribute, String value) {
        VersionedSession s = a.newSession(ID);
        s.setAttribute(attribute, value);
        assertThat(a.saver().save(s, SessionUse.USED)).isEqualTo(SessionSaver.Outcome.WRITTEN);
        return s;
    }

    @Test
    void evictionDropsTheLeastRecentlyUsedIdleCopiesAndNothingInUse() throws Exception {
        List<VersionedSession> byLastUse = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            VersionedSession s = a.newSession(String.format("10CA00000000000000000000000001%02X", i));
            s.setAttribute("n", Integer.toString(i));
            assertThat(a.saver().save(s, SessionUse.USED)).isEqualTo(SessionSaver.Outcome.WRITTEN);
            a.sessions.put(s.getIdInternal(), s);
            byLastUse.add(s);
        }
        Collections.shuffle(byLastUse, new Random(7));
        for (VersionedSession s : byLastUse) { // released in this order: the first is the least recently used
            s.requestStarted();
            s.requestEnded();
            Thread.sleep(0, 1000);
        }
        VersionedSession inUse = byLastUse.get(0);
        inUse.requestStarted();

        a.local.evictIdleCopies(null, 30);

        assertThat(a.sessions).as("copies left").hasSize(30);
        assertThat(a.sessions.values()).as("the copy in use, though least recently used").contains(inUse);
        assertThat(a.sessions.values()).as("the most recently used").containsAll(byLastUse.subList(11, 40));
        assertThat(a.stats.evictions.sum()).isEqualTo(10);
        inUse.requestEnded();
    }

    @Test
    void aStoredSessionIsLoadedWithOneRead() {
        storedOnA("user", "alice");
        long reads = b.store.calls("read");

        VersionedSession loaded = b.local.beginRequest(ID);

        assertThat(loaded).isNotNull();
        assertThat(loaded.getAttribute("user")).isEqualTo("alice");
        assertThat(b.store.calls("read") - reads).as("store reads").isEqualTo(1);
    }

    @Test
    void anIdFoundMissingIsNotReadAgainDuringTheRequest() {
        long reads = b.store.calls("read");

        assertThat(b.local.beginRequest(MISSING)).isNull();
        assertThat(b.local.find(MISSING)).isNull();
        assertThat(b.local.find(MISSING)).isNull();

        assertThat(b.store.calls("read") - reads).as("store reads for one request").isEqualTo(1);
    }

    @Test
    void aHeldCopyOfTheStoredVersionIsServedWithoutDecodingAgain() {
        storedOnA("user", "alice");
        VersionedSession first = b.local.beginRequest(ID);
        b.sessions.put(ID, first);
        first.requestEnded();
        long decoded = b.stats.deserializations.sum();

        VersionedSession second = b.local.beginRequest(ID);

        assertThat(second).as("the same object per session on a node").isSameAs(first);
        assertThat(b.stats.deserializations.sum()).as("frames decoded for the second request").isEqualTo(decoded);
        assertThat(b.stats.localHits.sum()).as("local hits").isEqualTo(1);
    }

    /** B holds a copy that its own clock says has expired; A served the session meanwhile. */
    private VersionedSession copyOnBThatLooksExpiredAfterAUsedIt(boolean aChangedIt) {
        VersionedSession onA = storedOnA("user", "alice");
        VersionedSession onB = b.local.beginRequest(ID);
        b.sessions.put(ID, onB);
        onB.requestEnded();
        a.clock.addAndGet(25 * 60_000L);
        if (aChangedIt) {
            onA.setAttribute("user", "bob");
        }
        assertThat(a.saver().save(onA, SessionUse.USED)).isEqualTo(aChangedIt
                ? SessionSaver.Outcome.WRITTEN : SessionSaver.Outcome.TOUCHED);
        a.clock.addAndGet(10 * 60_000L); // past B's copy's expiry, within the stored one
        return onB;
    }

    @Test
    void aCopyThatLooksExpiredIsKeptWhenAnotherNodeTouchedTheSession() {
        VersionedSession onB = copyOnBThatLooksExpiredAfterAUsedIt(false);

        b.local.processExpires(Long.MAX_VALUE);

        assertThat(b.sessions).as("B's sessions after its expiry run").containsEntry(ID, onB);
        assertThat(onB.expiryTime()).as("B's copy's expiry, from the stored access").isGreaterThan(a.clock.get());
        assertThat(a.store.records()).as("the stored sessions").containsKey(ID);
    }

    @Test
    void aStaleCopyThatLooksExpiredIsDroppedNotExpiredWhenAnotherNodeWroteTheSession() {
        copyOnBThatLooksExpiredAfterAUsedIt(true);

        b.local.processExpires(Long.MAX_VALUE);

        assertThat(b.sessions).as("B's sessions after its expiry run: the stale copy dropped").doesNotContainKey(ID);
        assertThat(a.store.records().get(ID).version()).as("the stored session, not deleted").isEqualTo(2);
    }
}
