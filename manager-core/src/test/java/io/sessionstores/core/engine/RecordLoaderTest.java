package io.sessionstores.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.frame.FrameFormat;
import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionRecord;

/** Reading stored records into sessions, driven through {@link RecordLoader#materialize} and {@link RecordLoader#refresh}. */
class RecordLoaderTest {

    private static final String ID = "10AD0000000000000000000000000001";
    private final EngineFixture a = new EngineFixture("loader");
    private final EngineFixture b = new EngineFixture("loader", a.clock, m -> { });

    @AfterEach
    void clearStore() {
        InMemorySessionStore.clearAll();
    }

    private SessionRecord storedBy(EngineFixture node, VersionedSession s) {
        assertThat(node.saver().save(s, SessionUse.USED)).isEqualTo(SessionSaver.Outcome.WRITTEN);
        return node.store.records().get(ID);
    }

    @Test
    void aStoredSessionComesBackWithItsAttributesMetadataAndVersion() {
        VersionedSession written = a.newSession(ID);
        written.setAttribute("cart", List.of("apple", "pear"));
        written.setMaxInactiveInterval(600);
        SessionRecord rec = storedBy(a, written);

        VersionedSession read = new VersionedSession(b.manager);
        assertThat(b.recordLoader.materialize(rec, read)).isTrue();

        assertThat(read.getAttribute("cart")).isEqualTo(List.of("apple", "pear"));
        assertThat(read.getMaxInactiveInterval()).isEqualTo(600);
        assertThat(read.getCreationTimeInternal()).isEqualTo(written.getCreationTimeInternal());
        assertThat(read.storedVersion()).isEqualTo(1);
    }

    @Test
    void aCorruptFrameIsTreatedAsMissingAndCounted() {
        SessionRecord rec = storedBy(a, a.newSession(ID));
        byte[] frame = rec.frame().clone();
        Arrays.fill(frame, FrameFormat.HEADER_LENGTH, frame.length, (byte) 0x5A);
        SessionRecord corrupt = new SessionRecord(ID, frame, rec.version(), rec.expiresAt(), rec.lastAccess(),
                rec.maxInactive(), rec.rawBytes());

        assertThat(b.recordLoader.materialize(corrupt, new VersionedSession(b.manager))).isFalse();
        assertThat(b.stats.corruptFrames.sum()).as("corrupt frames counted").isEqualTo(1);
    }

    @Test
    void aRefreshTakesTheNewerVersionAndKeepsThisNodesUnwrittenChange() {
        VersionedSession onA = a.newSession(ID);
        onA.setAttribute("colour", "red");
        SessionRecord first = storedBy(a, onA);
        VersionedSession onB = new VersionedSession(b.manager);
        b.recordLoader.materialize(first, onB);
        onB.setLoadedId(ID);
        onB.setAttribute("user", "alice"); // not written yet

        onA.setAttribute("colour", "blue");
        SessionRecord second = storedBy(a, onA);
        assertThat(b.recordLoader.refresh(second, onB)).isTrue();

        assertThat(onB.storedVersion()).as("B's stored version").isEqualTo(2);
        assertThat(onB.getAttribute("colour")).as("A's newer value").isEqualTo("blue");
        assertThat(onB.getAttribute("user")).as("B's unwritten change").isEqualTo("alice");
    }
}
