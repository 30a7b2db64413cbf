package io.sessionstores.core.frame;

import static io.sessionstores.core.frame.Frames.BINDING;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionstores.core.codec.AttributeCodec;
import io.sessionstores.core.codec.ClassNameFilter;
import io.sessionstores.core.codec.JavaAttributeCodec;
import io.sessionstores.core.codec.JsonAttributeCodec;
import io.sessionstores.testsupport.SampleSessions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Measures (and prints) what typical sessions weigh as frames, with and without compression, for
 * both codecs. Only sanity bounds are asserted; the figures are for the operator documentation.
 */
class FrameSizeTest {

    private static final ClassNameFilter FILTER = ClassNameFilter.jdkValueTypesAnd(null);
    private static final FrameWriter NEVER = new FrameWriter(new FrameOptions(Integer.MAX_VALUE, 1 << 24, null));
    private static final FrameWriter ALWAYS = new FrameWriter(new FrameOptions(0, 1 << 24, null));
    private static final FrameWriter DEFAULT = new FrameWriter(FrameOptions.defaults());

    @Test
    void typicalSessionSizes() throws IOException {
        for (AttributeCodec codec : List.of(new JavaAttributeCodec(FILTER), new JsonAttributeCodec(FILTER))) {
            report(codec, "small (5 attributes)", SampleSessions.small());
            report(codec, "medium (~2 KB)", SampleSessions.medium());
        }
    }

    private static void report(AttributeCodec codec, String label, Map<String, Object> values) throws IOException {
        SessionFrame frame = frame(codec, values);
        int section = frame.attributes().stream().mapToInt(a -> a.value().length).sum();
        int plain = NEVER.write(frame, Frames.bound(frame)).bytes().length;
        int compressed = ALWAYS.write(frame, Frames.bound(frame)).bytes().length;
        int byDefault = DEFAULT.write(frame, Frames.bound(frame)).bytes().length;
        System.out.printf(Locale.ROOT, "frame size, %s codec, %s: attribute section %d B; frame uncompressed %d B,"
                + " LZ4 %d B (%.0f%%), default options %d B%n", codec.name(), label, section, plain, compressed,
                100.0 * compressed / plain, byDefault);
        assertThat(plain).isGreaterThan(section);
        assertThat(byDefault).isLessThanOrEqualTo(plain);
    }

    static SessionFrame frame(AttributeCodec codec, Map<String, Object> values) throws IOException {
        List<EncodedAttribute> attributes = new ArrayList<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            attributes.add(new EncodedAttribute(e.getKey(), codec.encode(e.getValue())));
        }
        return new SessionFrame(Frames.HEADER, false, null, null, attributes);
    }

    @Test
    void encodeCostPerRequestIsPrinted() throws IOException, CorruptFrameException {
        AttributeCodec codec = new JavaAttributeCodec(FILTER);
        FrameReader reader = new FrameReader(FrameOptions.defaults());
        Map<String, Object> values = SampleSessions.medium();
        int rounds = 5_000;
        long sink = 0;
        long start = 0;
        for (int i = -rounds; i < rounds; i++) {
            if (i == 0) {
                start = System.nanoTime();
            }
            byte[] bytes = DEFAULT.write(frame(codec, values), BINDING).bytes();
            sink += reader.read(bytes, BINDING).attributes().size();
        }
        long nanos = (System.nanoTime() - start) / rounds;
        System.out.printf(Locale.ROOT, "medium session, java codec: encode %d attributes + write frame + read frame:"
                + " %.1f us per round (%d)%n", values.size(), nanos / 1000.0, sink);
        assertThat(sink).isEqualTo(2L * rounds * values.size());
    }
}
