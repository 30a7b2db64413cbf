package io.sessionstores.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The analysis reads only the first {@link SessionAnalyzer#HEAD_BYTES} bytes of each frame (the
 * in-memory store returns heads as the real stores do): figures stay exact, an index longer than
 * the head is read whole, and a hostile frame cut at the head is one unreadable record.
 */
class SessionAnalyzerHeadTest {

    private static final String APP = "/Catalina/localhost/heads";
    private static final long NOW = 1_900_000_000_000L;

    private final InMemorySessionStore store = new InMemorySessionStore();

    @BeforeEach
    void start() throws Exception {
        store.setName("heads-" + System.nanoTime());
        store.start(new StoreContext(APP, "heads", getClass().getClassLoader(), () -> NOW));
    }

    @AfterEach
    void stop() {
        store.stop();
    }

    private AnalysisReport analyse() throws Exception {
        return new SessionAnalyzer(store, APP, () -> NOW).run(AnalysisOptions.biggerThan(0), new AnalysisProgress());
    }

    private void seed(List<AnalysisFixture.Seeded> sessions) throws Exception {
        for (AnalysisFixture.Seeded s : sessions) {
            assertThat(store.write(s.record(), 0)).as("seeding %s", s.id()).isTrue();
        }
    }

    @Test
    void figuresFromHeadsAreExact() throws Exception {
        List<AnalysisFixture.Seeded> seeded = AnalysisFixture.population(NOW + 1_800_000, NOW - 1_000);
        seed(seeded);
        assertThat(seeded).as("some frames are longer than the head")
                .anyMatch(s -> s.record().frame().length > SessionAnalyzer.HEAD_BYTES);

        AnalysisReport report = analyse();

        List<AnalysisFixture.Seeded> live = seeded.stream().filter(s -> !s.expired()).toList();
        assertThat(report.processed()).isEqualTo(live.size());
        assertThat(report.expired()).isEqualTo(2);
        assertThat(report.unreadable()).isZero();
        assertThat(report.totalRawBytes()).isEqualTo(live.stream().mapToLong(AnalysisFixture.Seeded::rawBytes).sum());
        assertThat(report.totalStoredBytes())
                .isEqualTo(live.stream().mapToLong(s -> s.record().frame().length).sum());
        Map<String, long[]> keys = AnalysisFixture.keyFigures(seeded);
        assertThat(report.keys()).hasSize(keys.size()).allSatisfy(k -> assertThat(new long[] {k.count(), k.totalBytes(),
                k.maxBytes()}).as("figures of %s", k.name()).containsExactly(keys.get(k.name())));
    }

    @Test
    void anIndexLongerThanTheHeadIsReadWhole() throws Exception {
        Map<String, Integer> many = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            many.put(String.format("attribute-with-a-long-name-%02d", i), 30 + i);
        }
        AnalysisFixture.Seeded wide = AnalysisFixture.session("B0000000000000000000000000000001", NOW + 1_800_000,
                false, false, many);
        assertThat(wide.record().frame().length).isGreaterThan(SessionAnalyzer.HEAD_BYTES);
        seed(List.of(wide));

        AnalysisReport report = analyse();

        assertThat(report.processed()).isEqualTo(1);
        assertThat(report.unreadable()).isZero();
        assertThat(report.totalRawBytes()).isEqualTo(wide.rawBytes());
        assertThat(report.keys()).hasSize(40);
    }

    @Test
    void hostileIndexesCutByTheHeadAreUnreadableAndTheAnalysisGoesOn() throws Exception {
        AnalysisFixture.Seeded good = AnalysisFixture.session("C0000000000000000000000000000001", NOW + 1_800_000,
                false, false, Map.of("cart", 3000));
        seed(List.of(good));
        List<byte[]> hostile = new ArrayList<>();
        // 2^28 attributes: runs past the head, and the whole frame's CRC does not match
        hostile.add(patched(good, 47, 0x80, 0x80, 0x80, 0x80, 0x01));
        // one attribute named by a length of 2^30 bytes
        hostile.add(patched(good, 48, 0x80, 0x80, 0x80, 0x80, 0x04));
        // the value length in the index lies: lengths no longer add up to the declared section
        hostile.add(patched(good, 48 + 1 + "cart".length(), 0x01));
        for (int i = 0; i < hostile.size(); i++) {
            SessionRecord r = good.record();
            store.write(new SessionRecord("D00000000000000000000000000000" + i, hostile.get(i), r.version(), r.expiresAt(),
                    r.lastAccess(), r.maxInactive(), r.rawBytes()), 0);
        }

        AnalysisReport report = analyse();

        assertThat(report.unreadable()).as("hostile frames").isEqualTo(hostile.size());
        assertThat(report.processed()).as("the good session").isEqualTo(1);
        assertThat(report.totalRawBytes()).isEqualTo(good.rawBytes());
    }

    /** {@code s}'s frame with {@code bytes} written from {@code offset} on (header 44, isNew, authType, principal, count). */
    private static byte[] patched(AnalysisFixture.Seeded s, int offset, int... bytes) {
        byte[] frame = s.record().frame().clone();
        for (int i = 0; i < bytes.length; i++) {
            frame[offset + i] = (byte) bytes[i];
        }
        return frame;
    }
}
