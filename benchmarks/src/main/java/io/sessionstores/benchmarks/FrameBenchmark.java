package io.sessionstores.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.sessionstores.core.codec.AttributeCodec;
import io.sessionstores.core.codec.AttributeCodecs;
import io.sessionstores.core.codec.ClassNameFilter;
import io.sessionstores.core.frame.CorruptFrameException;
import io.sessionstores.core.frame.EncodedAttribute;
import io.sessionstores.core.frame.FrameBinding;
import io.sessionstores.core.frame.FrameHeader;
import io.sessionstores.core.frame.FrameOptions;
import io.sessionstores.core.frame.FrameReader;
import io.sessionstores.core.frame.FrameWriter;
import io.sessionstores.testsupport.SampleSessions;
import io.sessionstores.core.frame.SessionFrame;

/**
 * The CPU the Manager spends per request on a session's bytes: encoding every attribute (what
 * change detection does after each request), writing a frame (a modifying request), and reading
 * one back and decoding its attributes (a load on another node). Small session: 5 attributes,
 * about 300 B; medium: about 2 KB; large: about 50 KB (a cached catalogue page). Compression on:
 * the Manager's default ({@code compressMinLength} 400); off: never compressed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameBenchmark {

    /** Where the benchmark's frame is stored (the HMAC binds the application and the id). */
    private static final FrameBinding BINDING = new FrameBinding("/Catalina/localhost/bench",
            "0123456789ABCDEF0123456789ABCDEF", 7);


    @Param({"java", "json"})
    public String codecName;

    @Param({"small", "medium", "large"})
    public String size;

    @Param({"on", "off"})
    public String compression;

    private AttributeCodec codec;
    private FrameWriter writer;
    private FrameReader reader;
    private Map<String, Object> attributes;
    private SessionFrame frame;
    private byte[] bytes;

    @Setup
    public void setUp() throws IOException {
        codec = AttributeCodecs.create(codecName, ClassNameFilter.jdkValueTypesAnd(null));
        FrameOptions options = "on".equals(compression) ? FrameOptions.defaults()
                : new FrameOptions(Integer.MAX_VALUE, FrameOptions.DEFAULT_MAX_DECODED_SIZE, null);
        writer = new FrameWriter(options);
        reader = new FrameReader(options);
        attributes = switch (size) {
            case "small" -> SampleSessions.small();
            case "medium" -> SampleSessions.medium();
            default -> SampleSessions.large();
        };
        frame = frameOf(encodeAll());
        bytes = writer.write(frame, BINDING).bytes();
    }

    private List<EncodedAttribute> encodeAll() throws IOException {
        List<EncodedAttribute> encoded = new ArrayList<>(attributes.size());
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            encoded.add(new EncodedAttribute(e.getKey(), codec.encode(e.getValue())));
        }
        return encoded;
    }

    private SessionFrame frameOf(List<EncodedAttribute> encoded) {
        FrameHeader header = new FrameHeader(codec.id(), 1_763_000_000_000L, 1_762_999_000_000L, BINDING.version(),
                1_762_990_000_000L, 1800);
        return new SessionFrame(header, false, null, null, encoded);
    }

    /** After every request: each attribute serialized again for the digest comparison. */
    @Benchmark
    public List<EncodedAttribute> encodeAttributes() throws IOException {
        return encodeAll();
    }

    /** A modifying request: attributes encoded and the frame written (compression, check). */
    @Benchmark
    public byte[] encodeAndWriteFrame() throws IOException {
        return writer.write(frameOf(encodeAll()), BINDING).bytes();
    }

    /** A load: frame verified, decompressed and every attribute decoded. */
    @Benchmark
    public int readAndDecode() throws CorruptFrameException, IOException {
        SessionFrame read = reader.read(bytes, BINDING);
        int n = 0;
        ClassLoader loader = FrameBenchmark.class.getClassLoader();
        for (EncodedAttribute a : read.attributes()) {
            n += codec.decode(a.value(), loader) == null ? 0 : 1;
        }
        return n;
    }
}
