package io.sessionstores.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionRecord;

/** The save after a request, driven through {@link SessionSaver#save} on the in-memory store with a moved clock. */
class SessionSaverTest {

    private static final String ID = "5A7E0000000000000000000000000001";
    private final AtomicLong clock = new AtomicLong(EngineFixture.T0);
    private final EngineFixture a = new EngineFixture("saver", clock, m -> m.setTouchWindow(60));
    private final SessionSaver saver = a.saver();

    @AfterEach
    void clearStore() {
        InMemorySessionStore.clearAll();
    }

    private SessionRecord stored() {
        return a.store.records().get(ID);
    }

    @Test
    void aNewSessionIsWrittenAtVersionOne() {
        VersionedSession s = a.newSession(ID);
        s.setAttribute("cart", "apple");

        assertThat(saver.save(s, SessionUse.USED)).isEqualTo(SessionSaver.Outcome.WRITTEN);

        assertThat(stored()).as("stored record").isNotNull();
        assertThat(stored().version()).as("stored version").isEqualTo(1);
        assertThat(s.storedVersion()).as("the copy's stored version").isEqualTo(1);
        assertThat(s.hasPendingChanges()).as("changes left unwritten").isFalse();
    }

    @Test
    void aReadOnlyRequestWritesNothingAndTouchesOnlyOnceTheWindowHasPassed() {
        VersionedSession s = a.newSession(ID);
        s.setAttribute("cart", "apple");
        saver.save(s, SessionUse.USED);
        long writes = a.store.calls("write");

        clock.addAndGet(30_000);
        assertThat(saver.save(s, SessionUse.USED)).as("within the touch window").isEqualTo(SessionSaver.Outcome.UNCHANGED);
        clock.addAndGet(31_000);
        assertThat(saver.save(s, SessionUse.USED)).as("past the touch window").isEqualTo(SessionSaver.Outcome.TOUCHED);

        assertThat(a.store.calls("write")).as("writes after the first").isEqualTo(writes);
        assertThat(stored().version()).as("version after reads and a touch").isEqualTo(1);
        assertThat(stored().lastAccess()).as("stored last access after the touch").isEqualTo(clock.get());
    }

    @Test
    void aConflictWithAnotherNodeKeepsBothNodesChanges() {
        VersionedSession onA = a.newSession(ID);
        onA.setAttribute("colour", "red");
        saver.save(onA, SessionUse.USED);
        EngineFixture b = new EngineFixture("saver", clock, m -> { });
        VersionedSession onB = new VersionedSession(b.manager);
        assertThat(b.recordLoader.materialize(stored(), onB)).isTrue();
        onB.setLoadedId(ID);

        onA.setAttribute("size", "L");
        assertThat(saver.save(onA, SessionUse.USED)).isEqualTo(SessionSaver.Outcome.WRITTEN);
        onB.setAttribute("user", "alice");
        assertThat(b.saver().save(onB, SessionUse.USED)).as("B's save after A's").isEqualTo(SessionSaver.Outcome.WRITTEN);

        assertThat(b.stats.conflicts.sum()).as("conflicts B met").isEqualTo(1);
        VersionedSession reader = new VersionedSession(a.manager);
        assertThat(a.recordLoader.materialize(stored(), reader)).isTrue();
        assertThat(stored().version()).isEqualTo(3);
        assertThat(reader.getAttribute("colour")).isEqualTo("red");
        assertThat(reader.getAttribute("size")).as("A's change").isEqualTo("L");
        assertThat(reader.getAttribute("user")).as("B's change").isEqualTo("alice");
    }

    @Test
    void aSessionDeletedElsewhereIsNotWrittenBack() throws Exception {
        VersionedSession s = a.newSession(ID);
        s.setAttribute("cart", "apple");
        saver.save(s, SessionUse.USED);
        a.store.delete(ID); // a logout on another node

        s.setAttribute("cart", "pear");

        assertThat(saver.save(s, SessionUse.USED)).isEqualTo(SessionSaver.Outcome.GONE);
        assertThat(stored()).as("the record after the save").isNull();
    }
}
