package io.sessionstores.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.NotSerializableException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Currency;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.Vector;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JDK class the default allowlist ({@link ClassNameFilter#JDK_VALUE_TYPES}) admits, found by
 * matching the allowlist against every class of the running JDK (so a class added to the allowlist
 * later is found here too): either the JSON codec writes its values and reads them back equal (same
 * class, or for a collection or map one with the same collection interfaces; {@code equals}, same
 * iteration order, same comparator), or it refuses them when they are
 * written, never storing a value that reads back different or not at all. A class the JSON codec
 * admits needs sample values in {@link #SAMPLES}, so an admitted class without them fails here.
 */
class JsonCodecAllowlistRoundTripTest {

    private static final ClassNameFilter DEFAULT = ClassNameFilter.jdkValueTypesAnd(null);
    private final JsonAttributeCodec codec = new JsonAttributeCodec(DEFAULT);
    private final ClassLoader loader = getClass().getClassLoader();

    /** A value the codec must refuse when it is written, though its class is admitted. */
    record Refused(Object value, String why) {
    }

    /**
     * Sample values per admitted class; a {@link Refused} sample must be refused at write time.
     * Classes that only ever appear as parts of other values (an abstract base, a serial proxy) are
     * listed with the samples that carry them.
     */
    static final Map<String, List<Object>> SAMPLES = new LinkedHashMap<>();

    private static void samples(String className, Object... values) {
        SAMPLES.put(className, List.of(values));
    }

    static {
        samples("java.lang.Boolean", true, false);
        samples("java.lang.Byte", (byte) -5, Byte.MAX_VALUE);
        samples("java.lang.Character", 'x', '\u00e9', '"');
        samples("java.lang.Double", 3.5d, -0.0d, Double.MAX_VALUE, Double.MIN_VALUE);
        samples("java.lang.Float", 1.25f, Float.MIN_VALUE);
        samples("java.lang.Integer", 42, Integer.MIN_VALUE);
        samples("java.lang.Long", 42L, Long.MAX_VALUE, Long.MIN_VALUE);
        samples("java.lang.Short", (short) 7, Short.MIN_VALUE);
        samples("java.lang.String", "", "text", "\u00e9\u65e5\ud83d\ude00", "line\nbreak");
        samples("java.lang.StringBuffer", new StringBuffer("buf"), new StringBuffer());
        samples("java.lang.StringBuilder", new StringBuilder("sb"), new StringBuilder());
        samples("java.lang.Number", new ArrayList<Number>(List.of(1L, 2.5d, new BigDecimal("1.50"))));
        samples("java.lang.Enum", new ArrayList<>(List.of(DayOfWeek.MONDAY, Month.MAY)));
        samples("java.lang.Object", (Object) new Object[] {"a", 1L, null}, new ArrayList<>(Arrays.asList("a", null)));
        samples("java.lang.String$CaseInsensitiveComparator", new Refused(treeMap(String.CASE_INSENSITIVE_ORDER), "comparator"));
        samples("java.math.BigDecimal", new BigDecimal("12.340"), new BigDecimal("-1E+3"));
        samples("java.math.BigInteger", new BigInteger("123456789012345678901234567890"), BigInteger.ZERO);

        samples("java.time.DayOfWeek", DayOfWeek.MONDAY, DayOfWeek.SUNDAY);
        samples("java.time.Month", Month.JANUARY, Month.DECEMBER);
        samples("java.time.Duration", Duration.ofMillis(1500), Duration.ZERO, Duration.ofDays(-3).plusNanos(7));
        samples("java.time.Instant", Instant.ofEpochSecond(1_700_000_000L, 123_456_789), Instant.EPOCH, Instant.MAX);
        samples("java.time.LocalDate", LocalDate.of(2026, 12, 6), LocalDate.MIN,
                new ArrayList<>(List.of(LocalDate.of(2026, 1, 1), Instant.EPOCH)),
                new HashMap<>(Map.of("due", OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(2)))));
        samples("java.time.LocalDateTime", LocalDateTime.of(2026, 12, 6, 2, 30, 15, 1), LocalDateTime.MAX);
        samples("java.time.LocalTime", LocalTime.of(23, 59, 59, 999_999_999), LocalTime.MIDNIGHT);
        samples("java.time.MonthDay", MonthDay.of(2, 29));
        samples("java.time.OffsetDateTime", OffsetDateTime.of(2026, 12, 6, 2, 30, 0, 5, ZoneOffset.ofHours(-7)));
        samples("java.time.OffsetTime", OffsetTime.of(10, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)));
        samples("java.time.Period", Period.of(1, -2, 3), Period.ZERO);
        samples("java.time.Year", Year.of(2026), Year.of(-44));
        samples("java.time.YearMonth", YearMonth.of(2026, 12));
        samples("java.time.ZoneOffset", ZoneOffset.UTC, ZoneOffset.ofHours(14));
        samples("java.time.ZoneRegion", ZoneId.of("Europe/Paris"), ZoneId.of("GMT"));
        samples("java.time.ZonedDateTime", ZonedDateTime.of(2026, 3, 29, 2, 30, 0, 0, ZoneId.of("Europe/Paris")),
                ZonedDateTime.of(2026, 10, 25, 2, 30, 0, 7, ZoneId.of("Europe/Paris")).withLaterOffsetAtOverlap(),
                ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(-3)));
        samples("java.time.Ser", Instant.EPOCH, Duration.ofSeconds(5));
        samples("java.time.ZoneId", ZoneId.of("America/New_York"), ZoneId.of("UTC"));

        samples("java.util.AbstractMap$SimpleEntry", new AbstractMap.SimpleEntry<>("k", 1L));
        samples("java.util.AbstractMap$SimpleImmutableEntry", new AbstractMap.SimpleImmutableEntry<>("k", "v"));
        samples("java.util.Map$Entry", new Refused(new AbstractMap.SimpleEntry<>("k", "v"), "entries are off the JSON allowlist"));
        samples("java.util.ArrayDeque", new ArrayDeque<>(List.of("a", "b")), new ArrayDeque<>());
        samples("java.util.ArrayList", new ArrayList<>(List.of("a", 1L)), new ArrayList<>());
        samples("java.util.Arrays$ArrayList", Arrays.asList("a", "b"));
        samples("java.util.BitSet", BitSet.valueOf(new long[] {0b100010, 1}), new BitSet());
        samples("java.util.CollSer", List.of("a"), Set.of(), Map.of("k", "v"));
        samples("java.util.Collections$CopiesList", Collections.nCopies(3, "x"));
        samples("java.util.Collections$EmptyList", Collections.emptyList());
        samples("java.util.Collections$EmptyMap", Collections.emptyMap());
        samples("java.util.Collections$EmptySet", Collections.emptySet());
        samples("java.util.Collections$ReverseComparator", new Refused(treeSet(Collections.reverseOrder()), "comparator"));
        samples("java.util.Collections$ReverseComparator2",
                new Refused(treeSet(Collections.reverseOrder(String.CASE_INSENSITIVE_ORDER)), "comparator"));
        samples("java.util.Comparators$NaturalOrderComparator", new Refused(treeSet(Comparator.naturalOrder()), "comparator"));
        samples("java.util.Collections$SingletonList", Collections.singletonList("a"));
        samples("java.util.Collections$SingletonMap", Collections.singletonMap("k", "v"));
        samples("java.util.Collections$SingletonSet", Collections.singleton("a"));
        samples("java.util.Collections$SynchronizedCollection", Collections.synchronizedCollection(new ArrayList<>(List.of("a"))));
        samples("java.util.Collections$SynchronizedList", Collections.synchronizedList(new LinkedList<>(List.of("a"))));
        samples("java.util.Collections$SynchronizedRandomAccessList", Collections.synchronizedList(new ArrayList<>(List.of("a"))));
        samples("java.util.Collections$SynchronizedMap", Collections.synchronizedMap(new HashMap<>(Map.of("k", "v"))));
        samples("java.util.Collections$SynchronizedSet", Collections.synchronizedSet(new HashSet<>(Set.of("a"))));
        samples("java.util.Collections$SynchronizedSortedMap", Collections.synchronizedSortedMap(new TreeMap<>(Map.of("k", "v"))));
        samples("java.util.Collections$SynchronizedSortedSet", Collections.synchronizedSortedSet(new TreeSet<>(Set.of("a"))));
        samples("java.util.Collections$SynchronizedNavigableMap", Collections.synchronizedNavigableMap(new TreeMap<>(Map.of("k", "v"))));
        samples("java.util.Collections$SynchronizedNavigableSet", Collections.synchronizedNavigableSet(new TreeSet<>(Set.of("a"))));
        samples("java.util.Collections$UnmodifiableCollection", Collections.unmodifiableCollection(new ArrayList<>(List.of("a"))));
        samples("java.util.Collections$UnmodifiableList", Collections.unmodifiableList(new LinkedList<>(List.of("a"))));
        samples("java.util.Collections$UnmodifiableRandomAccessList", Collections.unmodifiableList(new ArrayList<>(List.of("a"))));
        samples("java.util.Collections$UnmodifiableMap", Collections.unmodifiableMap(new HashMap<>(Map.of("k", "v"))));
        samples("java.util.Collections$UnmodifiableSet", Collections.unmodifiableSet(new HashSet<>(Set.of("a"))));
        samples("java.util.Collections$UnmodifiableSortedMap", Collections.unmodifiableSortedMap(new TreeMap<>(Map.of("k", "v"))));
        samples("java.util.Collections$UnmodifiableSortedSet", Collections.unmodifiableSortedSet(new TreeSet<>(Set.of("a"))));
        samples("java.util.Collections$UnmodifiableNavigableMap", Collections.unmodifiableNavigableMap(new TreeMap<>(Map.of("k", "v"))));
        samples("java.util.Collections$UnmodifiableNavigableSet", Collections.unmodifiableNavigableSet(new TreeSet<>(Set.of("a"))));
        samples("java.util.Currency", Currency.getInstance("EUR"));
        samples("java.util.Date", new Date(1_700_000_000_123L));
        samples("java.util.EnumMap", new EnumMap<>(Map.of(DayOfWeek.MONDAY, "mon")));
        samples("java.util.EnumSet", EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                new Refused(EnumSet.noneOf(DayOfWeek.class), "nothing tells the enum"));
        samples("java.util.EnumSet$SerializationProxy", EnumSet.of(Month.MAY));
        samples("java.util.RegularEnumSet", EnumSet.allOf(Month.class));
        // no enum of more than 64 constants is on the default allowlist
        samples("java.util.JumboEnumSet", new Refused(EnumSet.of(Character.UnicodeScript.LATIN), "enum not allowed"));
        samples("java.util.HashMap", new HashMap<>(Map.of("k", 1L, "l", "v")),
                new Refused(new HashMap<>(Map.of(1L, "one")), "a Long key would come back a String"),
                new Refused(new HashMap<>(Map.of(DayOfWeek.MONDAY, "mon")), "an enum key would come back a String"));
        samples("java.util.HashSet", new HashSet<>(Set.of("a", 2L)), new HashSet<>());
        samples("java.util.Hashtable", new Hashtable<>(Map.of("k", "v")));
        samples("java.util.IdentityHashMap", new IdentityHashMap<>(Map.of("k", "v")));
        samples("java.util.ImmutableCollections$List12", List.of("a"), List.of("a", "b"));
        samples("java.util.ImmutableCollections$ListN", List.of(), List.of("a", "b", "c"));
        samples("java.util.ImmutableCollections$Set12", Set.of("a"));
        samples("java.util.ImmutableCollections$SetN", Set.of(), Set.of("a", "b", "c"));
        samples("java.util.ImmutableCollections$Map1", Map.of("k", "v"));
        samples("java.util.ImmutableCollections$MapN", Map.of(), Map.of("k", "v", "l", "w"));
        samples("java.util.LinkedHashMap", linkedHashMap("z", "a", "m"));
        samples("java.util.LinkedHashSet", new LinkedHashSet<>(List.of("z", "a", "m")));
        samples("java.util.LinkedList", new LinkedList<>(List.of("a", "b")));
        samples("java.util.Locale", Locale.CANADA_FRENCH, Locale.ROOT, Locale.forLanguageTag("sr-Latn-RS"));
        samples("java.util.TreeMap", treeMap(null), new Refused(treeMap(Collections.reverseOrder()), "comparator"),
                new Refused(treeMap(String.CASE_INSENSITIVE_ORDER), "comparator"));
        samples("java.util.TreeSet", treeSet(null), new Refused(treeSet(Collections.reverseOrder()), "comparator"));
        samples("java.util.UUID", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        samples("java.util.Vector", new Vector<>(List.of("a", 1L)));
        samples("java.util.concurrent.ConcurrentHashMap", new ConcurrentHashMap<>(Map.of("k", "v")),
                new Refused(new ConcurrentHashMap<>(Map.of(7L, "v")), "a Long key would come back a String"));
        samples("java.util.concurrent.ConcurrentHashMap$Segment", new ConcurrentHashMap<>(Map.of("k", "v")));
        samples("java.util.concurrent.ConcurrentLinkedDeque", new ConcurrentLinkedDeque<>(List.of("a", "b")));
        samples("java.util.concurrent.ConcurrentLinkedQueue", new ConcurrentLinkedQueue<>(List.of("a", "b")));
        samples("java.util.concurrent.ConcurrentSkipListMap", new ConcurrentSkipListMap<>(Map.of("b", "2", "a", "1")),
                new Refused(concurrentSkipListMap(Collections.reverseOrder()), "comparator"));
        samples("java.util.concurrent.ConcurrentSkipListSet", new ConcurrentSkipListSet<>(Set.of("b", "a")),
                new Refused(concurrentSkipListSet(Collections.reverseOrder()), "comparator"));
        samples("java.util.concurrent.CopyOnWriteArrayList", new CopyOnWriteArrayList<>(List.of("a", "b")));
        samples("java.util.concurrent.CopyOnWriteArraySet", new CopyOnWriteArraySet<>(List.of("a", "b")));
        samples("java.util.concurrent.atomic.AtomicBoolean", new AtomicBoolean(true));
        samples("java.util.concurrent.atomic.AtomicInteger", new AtomicInteger(-3));
        samples("java.util.concurrent.atomic.AtomicLong", new AtomicLong(Long.MAX_VALUE));
        samples("java.util.concurrent.locks.ReentrantLock", new java.util.concurrent.locks.ReentrantLock());
        samples("java.util.concurrent.locks.ReentrantLock$Sync", new Refused(new java.util.concurrent.locks.ReentrantLock(), "locks"));
        samples("java.util.concurrent.locks.ReentrantLock$NonfairSync", new Refused(new java.util.concurrent.locks.ReentrantLock(), "locks"));
        samples("java.util.concurrent.locks.AbstractQueuedSynchronizer", new Refused(new java.util.concurrent.locks.ReentrantLock(), "locks"));
        samples("java.util.concurrent.locks.AbstractOwnableSynchronizer", new Refused(new java.util.concurrent.locks.ReentrantLock(), "locks"));
        samples("java.sql.Date", new java.sql.Date(1_700_000_000_000L));
        samples("java.sql.Time", new java.sql.Time(45_296_789L), new java.sql.Time(0));
        samples("java.sql.Timestamp", timestamp());
    }

    private static TreeMap<String, Object> treeMap(Comparator<? super String> order) {
        TreeMap<String, Object> map = new TreeMap<>(order);
        map.put("b", 2L);
        map.put("A", "one");
        map.put("c", List.of());
        return map;
    }

    private static TreeSet<String> treeSet(Comparator<? super String> order) {
        TreeSet<String> set = new TreeSet<>(order);
        set.addAll(List.of("b", "A", "c"));
        return set;
    }

    private static ConcurrentSkipListMap<String, String> concurrentSkipListMap(Comparator<? super String> order) {
        ConcurrentSkipListMap<String, String> map = new ConcurrentSkipListMap<>(order);
        map.put("a", "1");
        map.put("b", "2");
        return map;
    }

    private static ConcurrentSkipListSet<String> concurrentSkipListSet(Comparator<? super String> order) {
        ConcurrentSkipListSet<String> set = new ConcurrentSkipListSet<>(order);
        set.addAll(List.of("a", "b"));
        return set;
    }

    private static LinkedHashMap<String, Object> linkedHashMap(String... keys) {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        for (String key : keys) {
            map.put(key, key.length());
        }
        return map;
    }

    private static java.sql.Timestamp timestamp() {
        java.sql.Timestamp t = new java.sql.Timestamp(1_700_000_000_123L);
        t.setNanos(123_456_789);
        return t;
    }

    /** Every class of the running JDK whose name the default allowlist admits. */
    static List<String> admittedJdkClasses() throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<String> admitted = new ArrayList<>();
        try (Stream<Path> modules = Files.list(jrt.getPath("/modules"))) {
            for (Path module : modules.toList()) {
                try (Stream<Path> files = Files.walk(module)) {
                    files.map(p -> module.relativize(p).toString()).filter(n -> n.endsWith(".class"))
                            .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                            .filter(n -> !n.endsWith("module-info") && DEFAULT.allows(n)).forEach(admitted::add);
                }
            }
        }
        return admitted.stream().sorted().toList();
    }

    @Test
    void theAllowlistAdmitsJdkClassesAndEachHasSamples() throws IOException {
        List<String> admitted = admittedJdkClasses();
        assertThat(admitted).as("classes the default allowlist admits").hasSizeGreaterThan(100)
                .contains("java.util.HashMap", "java.util.BitSet");
        assertThat(SAMPLES.keySet()).as("sample values for every admitted class: add some for a new one")
                .containsAll(admitted);
    }

    static Stream<String> admitted() throws IOException {
        return admittedJdkClasses().stream();
    }

    @ParameterizedTest
    @MethodSource("admitted")
    void everyAdmittedClassRoundTripsEqualOrIsRefusedWhenWritten(String className) throws Exception {
        List<Object> values = SAMPLES.get(className);
        assertThat(values).as("samples of %s", className).isNotNull().isNotEmpty();
        boolean admittedByJson = codec.admits(className);
        for (Object sample : values) {
            Object value = sample instanceof Refused r ? r.value() : sample;
            boolean ofThisClass = value != null && value.getClass().getName().equals(className);
            byte[] bytes;
            try {
                bytes = codec.encode(value);
            } catch (NotSerializableException e) {
                assertThat(sample instanceof Refused || !admittedByJson && ofThisClass)
                        .as("%s: %s was refused when written (%s)", className, describe(value), e.getMessage()).isTrue();
                continue;
            }
            assertThat(admittedByJson || !ofThisClass).as("%s is off the JSON allowlist, yet %s was written",
                    className, describe(value)).isTrue();
            assertThat(sample).as("%s: %s should have been refused when written", className, describe(value))
                    .isNotInstanceOf(Refused.class);
            String json = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            Object read;
            try {
                read = codec.decode(bytes, loader);
            } catch (IOException | RuntimeException e) {
                throw new AssertionError(className + ": " + describe(value) + " was written as " + json
                        + " and cannot be read: " + e, e);
            }
            assertSame(className, value, read, json);
        }
    }

    @Test
    void aClassOffTheJsonAllowlistIsRefusedWhenRead() {
        byte[] bitSet = "{\"@class\":\"java.util.BitSet\",\"empty\":false}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.decode(bitSet, loader)).isInstanceOf(ForbiddenClassException.class)
                .hasMessageContaining("java.util.BitSet");
        assertThat(codec.admits("java.util.BitSet")).isFalse();
        assertThat(DEFAULT.allows("java.util.BitSet")).as("the Java codec's allowlist keeps it").isTrue();
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName() + " " + (value instanceof Object[] a
                ? Arrays.deepToString(a) : String.valueOf(value));
    }

    /** Same class, equal, same order, same comparator. */
    static void assertSame(String className, Object expected, Object actual, String json) {
        String what = className + ": " + describe(expected) + " came back as " + describe(actual) + " (JSON " + json + ")";
        assertThat(actual).as(what).isNotNull();
        if (expected instanceof Collection<?> || expected instanceof Map<?, ?>) {
            // an immutable list may come back as another List class: it must keep every collection interface
            for (Class<?> shape : List.of(List.class, Set.class, SortedSet.class, java.util.NavigableSet.class,
                    Map.class, SortedMap.class, java.util.NavigableMap.class, Queue.class, java.util.Deque.class)) {
                if (shape.isInstance(expected)) {
                    assertThat(actual).as(what).isInstanceOf(shape);
                }
            }
        } else {
            assertThat(actual.getClass()).as(what).isEqualTo(expected.getClass());
        }
        if (expected instanceof Object[] array) {
            assertThat(Arrays.deepEquals(array, (Object[]) actual)).as(what).isTrue();
        } else if (expected instanceof CharSequence || expected instanceof AtomicBoolean
                || expected instanceof AtomicInteger || expected instanceof AtomicLong) {
            assertThat(actual.toString()).as(what).isEqualTo(expected.toString());
        } else if (expected instanceof IdentityHashMap<?, ?> map) {
            assertThat(new HashMap<>((Map<?, ?>) actual)).as(what).isEqualTo(new HashMap<>(map));
        } else if (expected instanceof Queue<?> && !(expected instanceof List<?>)
                || expected.getClass().getName().equals("java.util.Collections$SynchronizedCollection")) {
            // no equals of their own: compare the elements in order
            assertThat(new ArrayList<>((Collection<?>) actual)).as(what).isEqualTo(new ArrayList<>((Collection<?>) expected));
        } else if (expected instanceof java.util.concurrent.locks.ReentrantLock) {
            assertThat(actual.toString().replaceAll("@\\w+", "")).as(what)
                    .isEqualTo(expected.toString().replaceAll("@\\w+", ""));
        } else {
            assertThat(actual).as(what).isEqualTo(expected);
        }
        if (expected instanceof Collection<?> c && !(expected instanceof Set<?> && !(expected instanceof SortedSet<?>)
                && !(expected instanceof LinkedHashSet<?>))) {
            assertThat(new ArrayList<>((Collection<?>) actual)).as(what + ": iteration order").isEqualTo(new ArrayList<>(c));
        }
        if (expected instanceof Map<?, ?> m && (m instanceof SortedMap<?, ?> || m instanceof LinkedHashMap<?, ?>)) {
            assertThat(new ArrayList<>(((Map<?, ?>) actual).keySet())).as(what + ": key order")
                    .isEqualTo(new ArrayList<>(m.keySet()));
        }
        if (expected instanceof SortedSet<?> s) {
            assertThat(comparatorOf(((SortedSet<?>) actual).comparator())).as(what + ": comparator")
                    .isEqualTo(comparatorOf(s.comparator()));
        }
        if (expected instanceof SortedMap<?, ?> s) {
            assertThat(comparatorOf(((SortedMap<?, ?>) actual).comparator())).as(what + ": comparator")
                    .isEqualTo(comparatorOf(s.comparator()));
        }
    }

    private static String comparatorOf(Comparator<?> comparator) {
        return comparator == null ? "natural order" : comparator.getClass().getName();
    }
}
