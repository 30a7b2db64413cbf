package io.sessionstores.core.analysis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.sessionstores.core.frame.EncodedAttribute;
import io.sessionstores.core.frame.EncodedFrame;
import io.sessionstores.core.frame.FrameBinding;
import io.sessionstores.core.frame.FrameHeader;
import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.store.SessionRecord;

/**
 * Sessions with known attributes for analysis tests, and the figures a correct report must show,
 * computed here from the frame layout by hand (not by the code under test).
 */
public final class AnalysisFixture {

    /** Header 44, isNew 1, authType null 1, principal null 1, CRC32C trailer 4. */
    private static final int FIXED_OVERHEAD = 44 + 1 + 1 + 1 + 4;

    private AnalysisFixture() {
    }

    /**
     * A seeded session.
     *
     * @param id         its id
     * @param attributes attribute name -> encoded value length
     * @param expired    whether it is expired when the analysis runs
     * @param record     the record as written to the store
     */
    public record Seeded(String id, Map<String, Integer> attributes, boolean expired, SessionRecord record) {
        /** Its raw size by the frame layout, computed by hand. */
        public long rawBytes() {
            long section = attributes.values().stream().mapToLong(Integer::longValue).sum();
            long total = FIXED_OVERHEAD + varint(attributes.size()) + varint(section);
            for (Map.Entry<String, Integer> a : attributes.entrySet()) {
                total += attributeBytes(a.getKey(), a.getValue());
            }
            return total;
        }
    }

    /**
     * A session whose attributes have encoded values of the given lengths; {@code compressible}
     * values are repetitive text (LZ4 shrinks them once the section reaches 400 bytes), the others
     * random bytes.
     */
    public static Seeded session(String id, long expiresAt, boolean expired, boolean compressible,
                                 Map<String, Integer> attributes) {
        List<EncodedAttribute> values = new ArrayList<>();
        Random random = new Random(id.hashCode());
        attributes.forEach((name, length) -> {
            byte[] value = new byte[length];
            if (compressible) {
                Arrays.fill(value, (byte) 'x');
            } else {
                random.nextBytes(value);
            }
            values.add(new EncodedAttribute(name, value));
        });
        long lastAccess = expiresAt - 1_800_000L;
        FrameHeader header = new FrameHeader(1, expiresAt, lastAccess, 1, lastAccess - 5_000, 1800);
        // unsigned: the binding only has to carry the header's version
        EncodedFrame frame = Frames.written(header, values, null, new FrameBinding("/analysis", id, 1));
        SessionRecord record = new SessionRecord(id, frame.bytes(), 1, expiresAt, lastAccess, 1800, frame.rawBytes());
        return new Seeded(id, new LinkedHashMap<>(attributes), expired, record);
    }

    /** What an attribute takes in the frame: name length, name, value length, value. */
    public static long attributeBytes(String name, int valueLength) {
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        return varint(nameBytes) + nameBytes + varint(valueLength) + valueLength;
    }

    /** Bytes of an unsigned LEB128 varint. */
    static int varint(long value) {
        int n = 1;
        while (value >= 0x80) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    /** Per attribute name: {count, total bytes, max bytes} over the live sessions of {@code seeded}. */
    public static Map<String, long[]> keyFigures(Collection<Seeded> seeded) {
        Map<String, long[]> figures = new TreeMap<>();
        for (Seeded s : seeded) {
            if (s.expired()) {
                continue;
            }
            s.attributes().forEach((name, length) -> {
                long[] f = figures.computeIfAbsent(name, n -> new long[3]);
                long bytes = attributeBytes(name, length);
                f[0]++;
                f[1] += bytes;
                f[2] = Math.max(f[2], bytes);
            });
        }
        return figures;
    }

    /** The classic three parts as the report must print them for the live sessions of {@code seeded}. */
    public static String classicText(Collection<Seeded> seeded, long total) {
        List<Seeded> live = seeded.stream().filter(s -> !s.expired()).toList();
        long raw = live.stream().mapToLong(Seeded::rawBytes).sum();
        StringBuilder out = new StringBuilder();
        out.append("Processed ").append(live.size()).append(" sessions out of ").append(total).append(" total sessions\n");
        out.append(String.format(Locale.ROOT, "Average size was %.2f bytes\n",
                live.isEmpty() ? 0.0 : (double) raw / live.size()));
        out.append("Saw the following keys:\n");
        keyFigures(seeded).entrySet().stream()
                .sorted((a, b) -> a.getValue()[1] != b.getValue()[1] ? Long.compare(b.getValue()[1], a.getValue()[1])
                        : a.getKey().compareTo(b.getKey()))
                .forEach(e -> out.append(String.format(Locale.ROOT, "    %s (%d times, avg. size %.2f bytes)\n",
                        e.getKey(), e.getValue()[0], (double) e.getValue()[1] / e.getValue()[0])));
        return out.toString();
    }

    /** A mixed population: small and big, compressed and not, some expired. */
    public static List<Seeded> population(long liveUntil, long deadSince) {
        List<Seeded> all = new ArrayList<>();
        all.add(session("A0000000000000000000000000000001", liveUntil, false, false, Map.of("user", 40, "cart", 300)));
        all.add(session("A0000000000000000000000000000002", liveUntil, false, true, Map.of("user", 40, "cart", 9000,
                "prefs", 120)));
        all.add(session("A0000000000000000000000000000003", liveUntil, false, false, Map.of("user", 41, "cart", 15000)));
        all.add(session("A0000000000000000000000000000004.node-1", liveUntil, false, false, Map.of("report", 30000,
                "user", 39)));
        all.add(session("A0000000000000000000000000000005", liveUntil, false, true, Map.of("report", 20000)));
        all.add(session("A0000000000000000000000000000006", liveUntil, false, false, Map.of()));
        all.add(session("A0000000000000000000000000000007", liveUntil, false, false, Map.of("ünïcode-näme", 200,
                "<b>&'\"", 10)));
        all.add(session("A0000000000000000000000000000008", deadSince, true, false, Map.of("cart", 50000)));
        all.add(session("A0000000000000000000000000000009", deadSince, true, false, Map.of("user", 40)));
        return all;
    }
}
