package io.sessionstores.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.frame.FrameFormat;
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
    void anIncompressibleSessionSkipsLz4ForFifteenWritesThenTriesAgain() {
        VersionedSession s = a.newSession(ID);
        byte[] noise = new byte[5000];
        new java.util.Random(7).nextBytes(noise);
        s.setAttribute("token", noise);
        saver.save(s, SessionUse.USED); // tried: incompressible
        s.setAttribute("token", "a".repeat(5000)); // compressible from here on

        List<Boolean> compressed = new ArrayList<>();
        for (int write = 0; write <= SessionSaver.COMPRESSION_SKIPS; write++) {
            s.setAttribute("count", write);
            assertThat(saver.save(s, SessionUse.USED)).isEqualTo(SessionSaver.Outcome.WRITTEN);
            compressed.add((stored().frame()[FrameFormat.OFFSET_FLAGS] & FrameFormat.FLAG_COMPRESSED) != 0);
        }

        List<Boolean> expected = new ArrayList<>(java.util.Collections.nCopies(SessionSaver.COMPRESSION_SKIPS, false));
        expected.add(true);
        assertThat(compressed).as("compressed, per write after the incompressible one").isEqualTo(expected);
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

    // ---- what the save encodes again, and what it keeps of the last sync (the CPU per write) ----

    /** The session as the store holds it now, decoded by a node of its own. */
    private VersionedSession storedSession(EngineFixture node) {
        VersionedSession reader = new VersionedSession(node.manager);
        assertThat(node.recordLoader.materialize(node.store.records().get(ID), reader)).as("stored record read").isTrue();
        return reader;
    }

    @Test
    void digestModeWritesAMutableValueChangedInPlace() {
        VersionedSession s = a.newSession(ID);
        List<String> cart = new ArrayList<>(List.of("apple"));
        s.setAttribute("cart", cart);
        s.setAttribute("user", "alice");
        saver.save(s, SessionUse.USED);

        cart.add("pear"); // no setAttribute

        assertThat(saver.save(s, SessionUse.USED)).as("a change in place").isEqualTo(SessionSaver.Outcome.WRITTEN);
        assertThat(storedSession(a).getAttribute("cart")).isEqualTo(List.of("apple", "pear"));
        assertThat(s.synced().get("cart").encoded()).as("a mutable value's bytes kept under digest").isNull();
    }

    @Test
    void anUnreplacedImmutableValueKeepsItsBytesAndAnEqualOneSetAgainIsWrittenTheSame() {
        VersionedSession s = a.newSession(ID);
        s.setAttribute("user", "alice");
        s.setAttribute("visits", 1);
        saver.save(s, SessionUse.USED);
        byte[] userBytes = s.synced().get("user").encoded();

        s.setAttribute("visits", 2);
        assertThat(saver.save(s, SessionUse.USED)).isEqualTo(SessionSaver.Outcome.WRITTEN);
        assertThat(s.synced().get("user").encoded()).as("the unchanged immutable value's bytes, not encoded again")
                .isSameAs(userBytes);

        s.setAttribute("user", new String("alice")); // an equal value, another object
        assertThat(saver.save(s, SessionUse.USED)).as("set through the API").isEqualTo(SessionSaver.Outcome.WRITTEN);
        assertThat(s.synced().get("user").encoded()).as("encoded again").isNotSameAs(userBytes).isEqualTo(userBytes);
        assertThat(storedSession(a).getAttribute("user")).isEqualTo("alice");
        assertThat(storedSession(a).getAttribute("visits")).isEqualTo(2);
    }

    @Test
    void setAttributeModeKeepsUnsetValuesBytesAndWritesAValueSetAgainAfterAChangeInPlace() {
        EngineFixture node = new EngineFixture("saver-set", clock, m -> m.setSaveMode("set_attribute"));
        VersionedSession s = node.newSession(ID);
        List<String> cart = new ArrayList<>(List.of("apple"));
        s.setAttribute("cart", cart);
        s.setAttribute("visits", 1);
        node.saver().save(s, SessionUse.USED);
        byte[] cartBytes = s.synced().get("cart").encoded();
        assertThat(cartBytes).as("the mutable value's bytes kept under set_attribute").isNotNull();

        cart.add("pear"); // in place, not set again: not saved in this mode
        assertThat(node.saver().save(s, SessionUse.USED)).isEqualTo(SessionSaver.Outcome.UNCHANGED);
        s.setAttribute("visits", 2);
        assertThat(node.saver().save(s, SessionUse.USED)).isEqualTo(SessionSaver.Outcome.WRITTEN);
        assertThat(s.synced().get("cart").encoded()).as("the unset value's bytes, not encoded again")
                .isSameAs(cartBytes);
        assertThat(storedSession(node).getAttribute("cart")).as("a change in place without setAttribute")
                .isEqualTo(List.of("apple"));

        s.setAttribute("cart", cart); // the same object, set again: how the application says it changed
        assertThat(node.saver().save(s, SessionUse.USED)).isEqualTo(SessionSaver.Outcome.WRITTEN);
        assertThat(storedSession(node).getAttribute("cart")).isEqualTo(List.of("apple", "pear"));
        assertThat(storedSession(node).getAttribute("visits")).isEqualTo(2);
    }

    /** A value whose encoding fails while {@link #failing} is set. */
    static final class Flaky implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean failing;
        final String text;

        Flaky(String text) {
            this.text = text;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            if (failing) {
                throw new IOException("cannot be written now");
            }
            out.defaultWriteObject();
        }
    }

    @Test
    void aValueWhoseEncodingFailsIsLeftOutAndTheOthersAreWrittenWhole() {
        VersionedSession s = a.newSession(ID);
        s.setAttribute("cart", new ArrayList<>(List.of("apple", "pear")));
        s.setAttribute("flaky", new Flaky("one"));
        s.setAttribute("visits", 1);
        saver.save(s, SessionUse.USED);
        try {
            Flaky.failing = true;
            s.setAttribute("visits", 2);
            s.setAttribute("flaky", new Flaky("two"));
            assertThat(saver.save(s, SessionUse.USED)).isEqualTo(SessionSaver.Outcome.WRITTEN);
        } finally {
            Flaky.failing = false;
        }

        assertThat(a.stats.unserializableAttributes.sum()).as("unserializable attributes counted").isEqualTo(1);
        VersionedSession stored = storedSession(a);
        assertThat(stored.getAttribute("cart")).as("encoded beside the failure").isEqualTo(List.of("apple", "pear"));
        assertThat(stored.getAttribute("visits")).isEqualTo(2);
        assertThat(stored.getAttribute("flaky")).as("the value that could not be encoded").isNull();

        s.setAttribute("flaky", new Flaky("three"));
        saver.save(s, SessionUse.USED);
        assertThat(((Flaky) storedSession(a).getAttribute("flaky")).text).as("encoded once it can be").isEqualTo("three");
    }
}
