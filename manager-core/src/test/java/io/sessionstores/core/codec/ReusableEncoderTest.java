package io.sessionstores.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The Java codec's reused buffer and object stream ({@link ReusableEncoder}) give each value the
 * very bytes a new {@link ObjectOutputStream} writes for it alone, whatever was encoded before on
 * the thread: stored bytes do not change with the reuse, and frames written before read the same.
 */
class ReusableEncoderTest {

    private final JavaAttributeCodec codec = new JavaAttributeCodec(ClassNameFilter.jdkValueTypesAnd(null));

    private static byte[] aloneInANewStream(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    private static List<Object> values() {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("city", "Lyon");
        profile.put("since", LocalDate.of(2020, 1, 31));
        List<String> shared = new ArrayList<>(List.of("a", "b"));
        Map<String, Object> twice = new HashMap<>();
        twice.put("x", shared);
        twice.put("y", shared); // a back reference inside one value
        return List.of("text", 42L, new ArrayList<>(List.of("SKU-1", "SKU-2")), profile, twice,
                new ArrayList<>(List.of("SKU-3")), 42L, "x".repeat(100_000), profile);
    }

    @Test
    void everyValueInARowIsEncodedAsANewStreamWouldEncodeItAlone() throws IOException {
        for (Object value : values()) {
            assertThat(codec.encode(value)).as("bytes of %s after the values before it", value.getClass())
                    .isEqualTo(aloneInANewStream(value));
        }
    }

    /** Serializable, but not on the allowlist. */
    private record NotAllowed(String text) implements Serializable {
    }

    @Test
    void aRefusedValueLeavesTheNextValuesBytesIntact() throws IOException {
        codec.encode(new ArrayList<>(List.of("warm")));
        List<Object> notSerializable = new ArrayList<>(List.of("before", new Thread()));
        assertThatThrownBy(() -> codec.encode(notSerializable)).isInstanceOf(NotSerializableException.class)
                .hasMessageContaining("java.lang.Thread");
        List<Object> notAllowed = new ArrayList<>(List.of("before", new NotAllowed("x")));
        assertThatThrownBy(() -> codec.encode(notAllowed)).isInstanceOf(NotSerializableException.class)
                .hasMessageContaining("NotAllowed (not allowed by the class name filter)");

        for (Object value : values()) {
            assertThat(codec.encode(value)).as("bytes of %s after a refused value", value.getClass())
                    .isEqualTo(aloneInANewStream(value));
        }
    }

    @Test
    void anEncoderIsKeptOnlyWhileItsBufferIsSmall() throws IOException {
        ReusableEncoder encoder = new ReusableEncoder(ClassNameFilter.jdkValueTypesAnd(null));
        encoder.encode("small");
        assertThat(encoder.keep()).as("after a small value").isTrue();

        encoder.encode("x".repeat(ReusableEncoder.MAX_KEPT_BYTES));
        assertThat(encoder.keep()).as("after a value larger than %d bytes", ReusableEncoder.MAX_KEPT_BYTES).isFalse();
    }

    @Test
    void eachThreadEncodesWithItsOwnEncoder() throws Exception {
        List<Object> values = values();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int offset = t;
            threads[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        Object value = values.get((i + offset) % values.size());
                        assertThat(codec.encode(value)).isEqualTo(aloneInANewStream(value));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).as("failures on threads encoding at once").isEmpty();
    }
}
