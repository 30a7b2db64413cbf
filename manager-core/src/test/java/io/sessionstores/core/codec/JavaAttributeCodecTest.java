package io.sessionstores.core.codec;

import static io.sessionstores.core.codec.Fixtures.FILTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionstores.core.codec.Fixtures.CartItems;
import io.sessionstores.core.codec.Fixtures.CartRecord;
import io.sessionstores.core.codec.Fixtures.EvilComparator;
import io.sessionstores.core.codec.Fixtures.Gadget;
import io.sessionstores.core.codec.Fixtures.Ran;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JavaAttributeCodecTest {

    private final JavaAttributeCodec codec = new JavaAttributeCodec(FILTER);
    private final ClassLoader loader = getClass().getClassLoader();

    @BeforeEach
    void resetFlags() {
        Ran.reset();
    }

    static Stream<Object> values() {
        Map<String, Object> nested = new HashMap<>();
        nested.put("inner", new LinkedHashMap<>(Map.of("deep", List.of(1L, 2.5d, "x"))));
        nested.put("n", null);
        TreeMap<String, Integer> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sorted.put("B", 2);
        sorted.put("a", 1);
        ConcurrentHashMap<String, Long> concurrent = new ConcurrentHashMap<>(Map.of("k", 1L));
        return Stream.of("text", "", "\u00e9\u65e5\ud83d\ude00", 42, 42L, 3.5d, 2.5f, (short) 7, (byte) 1, 'c', true,
                new BigInteger("123456789012345678901234567890"), new BigDecimal("12.340"),
                new ArrayList<>(List.of("a", "b")), new LinkedList<>(List.of(1, 2)), List.of(), List.of("one"),
                List.of("a", "b", "c"), Set.of("s"), Map.of("k", 1), Map.of("k1", 1, "k2", 2), nested, sorted,
                new TreeSet<>(Set.of(3, 1, 2)), Collections.unmodifiableList(new ArrayList<>(List.of("u"))),
                Collections.emptyList(), Collections.singletonMap("k", "v"), Arrays.asList("x", "y"),
                new String[] {"a", null}, new int[] {1, 2, 3}, new long[0][], concurrent,
                new CopyOnWriteArrayList<>(List.of("c")), new AtomicLong(5),
                new Date(1_700_000_000_000L), UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), Locale.FRANCE,
                Instant.ofEpochMilli(1_700_000_000_123L), LocalDate.of(2026, 11, 21), LocalDateTime.of(2026, 1, 2, 3, 4),
                ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 6, java.time.ZoneId.of("Europe/Paris")), Duration.ofMinutes(30),
                DayOfWeek.FRIDAY, EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.SUNDAY),
                new CartItems(List.of("apple", "pear"), 1234L), new CartRecord("alice", List.of("book"), 99L));
    }

    @ParameterizedTest
    @MethodSource("values")
    void roundTrip(Object value) throws IOException {
        Object read = codec.decode(codec.encode(value), loader);
        assertThat(read).usingRecursiveComparison().isEqualTo(value);
        assertThat(read).hasSameClassAs(value);
    }

    @Test
    void idAndName() {
        assertThat(codec.id()).isEqualTo(1);
        assertThat(codec.name()).isEqualTo("java");
    }

    @Test
    void forbiddenApplicationClassIsRefusedBeforeAnythingRuns() {
        byte[] bytes = Fixtures.serialize(new Gadget());
        Ran.reset();
        assertThatThrownBy(() -> codec.decode(bytes, loader))
                .isInstanceOfSatisfying(ForbiddenClassException.class,
                        e -> assertThat(e.className()).isEqualTo(Gadget.class.getName()));
        assertThat(Ran.constructor).as("GadgetBase() ran").isFalse();
        assertThat(Ran.readObject).as("Gadget.readObject ran").isFalse();
    }

    @Test
    void forbiddenClassNestedInAnAllowedCollection() {
        byte[] bytes = Fixtures.serialize(new ArrayList<>(List.of("ok", new Gadget())));
        Ran.reset();
        assertThatThrownBy(() -> codec.decode(bytes, loader)).isInstanceOf(ForbiddenClassException.class)
                .hasMessageContaining("Gadget");
        assertThat(Ran.any()).isFalse();
    }

    @Test
    void priorityQueueWithComparatorIsRefused() {
        PriorityQueue<Object> queue = new PriorityQueue<>(new EvilComparator());
        queue.add("a");
        queue.add("b");
        byte[] bytes = Fixtures.serialize(queue);
        Ran.reset();
        assertThatThrownBy(() -> codec.decode(bytes, loader))
                .isInstanceOfSatisfying(ForbiddenClassException.class,
                        e -> assertThat(e.className()).isEqualTo("java.util.PriorityQueue"));
        assertThat(Ran.compare).as("comparator ran").isFalse();
    }

    @Test
    void forbiddenArrayComponent() {
        byte[] bytes = Fixtures.serialize(new Gadget[] {new Gadget()});
        Ran.reset();
        assertThatThrownBy(() -> codec.decode(bytes, loader)).isInstanceOf(ForbiddenClassException.class);
        assertThat(Ran.any()).isFalse();
    }

    @Test
    void proxyOfANonAllowedInterfaceIsRefused() {
        Object proxy = java.lang.reflect.Proxy.newProxyInstance(loader, new Class<?>[] {Runnable.class},
                (java.lang.reflect.InvocationHandler & Serializable) (p, m, a) -> null);
        byte[] bytes = Fixtures.serialize(proxy);
        assertThatThrownBy(() -> codec.decode(bytes, loader)).isInstanceOf(ForbiddenClassException.class)
                .hasMessageContaining("java.lang.Runnable");
    }

    @Test
    void encodeRefusesWhatCouldNotBeReadBack() {
        assertThatThrownBy(() -> codec.encode(new Gadget())).isInstanceOf(NotSerializableException.class)
                .hasMessageContaining(Gadget.class.getName());
        assertThatThrownBy(() -> codec.encode(new ArrayList<>(List.of(new Gadget()))))
                .isInstanceOf(NotSerializableException.class);
        assertThatThrownBy(() -> codec.encode(new Object())).isInstanceOf(NotSerializableException.class);
    }

    @Test
    void lyingArrayLengthIsRefusedWithoutAllocating() {
        byte[] bytes = Fixtures.serialize(new int[] {7});
        int lengthOffset = bytes.length - 8;
        assertThat(bytes[lengthOffset + 3]).as("array length field located").isEqualTo((byte) 1);
        bytes[lengthOffset] = 0x7F;
        bytes[lengthOffset + 1] = (byte) 0xFF;
        assertThatThrownBy(() -> codec.decode(bytes, loader)).isInstanceOf(InvalidClassException.class)
                .isNotInstanceOf(ForbiddenClassException.class);
    }

    @Test
    void excessiveNestingIsRefused() {
        List<Object> root = new ArrayList<>();
        List<Object> current = root;
        for (int i = 0; i < 200; i++) {
            List<Object> next = new ArrayList<>();
            current.add(next);
            current = next;
        }
        byte[] bytes = Fixtures.serialize(root);
        assertThatThrownBy(() -> codec.decode(bytes, loader)).isInstanceOf(InvalidClassException.class);
    }

    /**
     * SerialDOS: sets nested 60 deep, each level holding the next twice through two sets, are a
     * few kilobytes, pass the class allowlist, and cost about 2^60 {@code hashCode} calls while
     * {@code HashSet.readObject} rebuilds them. The depth limit must refuse them at once.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void serialDosNestedHashSetsAreRefusedQuickly() {
        byte[] bytes = Fixtures.serialize(Fixtures.serialDos(60));
        assertThat(bytes.length).as("the payload is small").isLessThan(8 * 1024);
        assertThatThrownBy(() -> codec.decode(bytes, loader)).isInstanceOf(InvalidClassException.class)
                .isNotInstanceOf(ForbiddenClassException.class);
    }

    @Test
    void nestingUpToTheDepthLimitIsRead() throws IOException {
        JavaAttributeCodec shallow = new JavaAttributeCodec(FILTER, 8);
        assertThat(shallow.decode(shallow.encode(nested(8)), loader)).isEqualTo(nested(8));
        byte[] deep = Fixtures.serialize(nested(9));
        assertThatThrownBy(() -> shallow.decode(deep, loader)).isInstanceOf(InvalidClassException.class);
    }

    @Test
    void depthLimitMustBePositive() {
        assertThatThrownBy(() -> new JavaAttributeCodec(FILTER, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Object> nested(int levels) {
        List<Object> root = new ArrayList<>();
        List<Object> current = root;
        for (int i = 1; i < levels; i++) {
            List<Object> next = new ArrayList<>();
            current.add(next);
            current = next;
        }
        return root;
    }

    @Test
    void garbageIsAnIOException() {
        assertThatThrownBy(() -> codec.decode(new byte[] {1, 2, 3}, loader)).isInstanceOf(IOException.class);
        byte[] valid = Fixtures.serialize(new ArrayList<>(List.of("a", "b", "c")));
        for (int length = 0; length < valid.length; length++) {
            byte[] cut = Arrays.copyOf(valid, length);
            assertThatThrownBy(() -> codec.decode(cut, loader)).as("cut at %d", length)
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void classesResolveThroughTheGivenLoader() throws Exception {
        byte[] bytes = codec.encode(new CartItems(List.of("x"), 1));
        ClassLoader parentOnly = new ClassLoader(null) {
        };
        assertThatThrownBy(() -> codec.decode(bytes, parentOnly)).isInstanceOf(IOException.class)
                .hasMessageContaining("CartItems");
        assertThat(codec.decode(bytes, loader)).isInstanceOf(CartItems.class);
    }
}
