package io.sessionstores.core.codec;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which classes an attribute value may contain, with the semantics of Tomcat's
 * {@code sessionAttributeValueClassNameFilter}: a class is allowed when the regular expression
 * matches its whole fully qualified name. An array is allowed when its component type is
 * (arrays of primitives always are). Immutable and thread-safe; decisions are cached.
 */
public final class ClassNameFilter {

    /**
     * JDK value types allowed by default: boxed primitives, {@code Number}, {@code String},
     * {@code BigInteger}/{@code BigDecimal}, the common {@code java.util} and
     * {@code java.util.concurrent} collections and maps with the wrappers of
     * {@code java.util.Collections} and the serial proxies of {@code List.of}/{@code Set.of}/
     * {@code Map.of} and {@code EnumSet}, {@code Date}, {@code UUID}, {@code Locale},
     * {@code Currency}, {@code java.sql} dates, {@code java.time} values (and their serial proxy
     * {@code java.time.Ser}; {@code ZoneId}, the type the JSON codec names for a zone region), and what those pull into a stream ({@code java.lang.Enum},
     * {@code java.lang.Object} as an array component, the locks a {@code ConcurrentHashMap} writes,
     * the {@code Map.Entry[]} tables whose size a {@code HashMap} checks while it is read, the
     * {@code EnumSet} classes its serial proxy resolves to).
     * Deliberately absent: anything that runs code while it is read, such as
     * {@code PriorityQueue} (a comparator over attacker data), {@code SerializedLambda}, proxies
     * and reflection types.
     */
    public static final String JDK_VALUE_TYPES = "java\\.lang\\.(?:Boolean|Byte|Character|Short|Integer|Long|Float"
            + "|Double|Number|String|Enum|Object|StringBuffer|StringBuilder|String\\$CaseInsensitiveComparator)"
            + "|java\\.math\\.(?:BigInteger|BigDecimal)"
            + "|java\\.util\\.(?:ArrayList|LinkedList|ArrayDeque|Vector|HashMap|LinkedHashMap|TreeMap|Hashtable"
            + "|IdentityHashMap|EnumMap|HashSet|LinkedHashSet|TreeSet|BitSet|Date|UUID|Locale|Currency|Map\\$Entry"
            + "|EnumSet|RegularEnumSet|JumboEnumSet"
            + "|Arrays\\$ArrayList|AbstractMap\\$Simple(?:Immutable)?Entry|EnumSet\\$SerializationProxy"
            + "|ImmutableCollections\\$(?:List12|ListN|Set12|SetN|Map1|MapN)|CollSer"
            + "|Comparators\\$NaturalOrderComparator"
            + "|Collections\\$(?:Unmodifiable|Synchronized)[A-Za-z]*"
            + "|Collections\\$(?:Empty(?:List|Set|Map)|Singleton(?:List|Set|Map)|ReverseComparator2?|CopiesList))"
            + "|java\\.util\\.concurrent\\.(?:ConcurrentHashMap(?:\\$Segment)?|ConcurrentSkipListMap"
            + "|ConcurrentSkipListSet|ConcurrentLinkedQueue|ConcurrentLinkedDeque|CopyOnWriteArrayList"
            + "|CopyOnWriteArraySet|atomic\\.Atomic(?:Boolean|Integer|Long))"
            + "|java\\.util\\.concurrent\\.locks\\.(?:ReentrantLock(?:\\$(?:Sync|NonfairSync))?"
            + "|AbstractQueuedSynchronizer|AbstractOwnableSynchronizer)"
            + "|java\\.sql\\.(?:Date|Time|Timestamp)"
            + "|java\\.time\\.(?:Ser|Duration|Instant|LocalDate|LocalTime|LocalDateTime|ZonedDateTime"
            + "|OffsetDateTime|OffsetTime|ZoneId|ZoneOffset|ZoneRegion|Year|YearMonth|MonthDay|Period|DayOfWeek|Month)";

    /** Upper bound of cached decisions, so hostile input cannot grow the cache without end. */
    private static final int CACHE_LIMIT = 4096;

    private final Pattern pattern;
    /** Classes refused although {@link #pattern} matches them, or {@code null}. */
    private final Pattern excluded;
    private final Map<String, Boolean> decisions = new ConcurrentHashMap<>();

    private ClassNameFilter(Pattern pattern, Pattern excluded) {
        this.pattern = pattern;
        this.excluded = excluded;
    }

    /**
     * A filter allowing the classes whose whole name {@code regex} matches.
     *
     * @throws java.util.regex.PatternSyntaxException when {@code regex} is not a regular expression
     */
    public static ClassNameFilter of(String regex) {
        return new ClassNameFilter(Pattern.compile(Objects.requireNonNull(regex, "regex")), null);
    }

    /** {@link #JDK_VALUE_TYPES} plus {@code extraRegex} (for the application's own classes); null/blank = none. */
    public static ClassNameFilter jdkValueTypesAnd(String extraRegex) {
        if (extraRegex == null || extraRegex.isBlank()) {
            return of(JDK_VALUE_TYPES);
        }
        Pattern.compile(extraRegex);
        return of(JDK_VALUE_TYPES + "|(?:" + extraRegex.trim() + ")");
    }

    /**
     * Whether a class of this name may be read. Accepts binary names ({@code com.example.Cart},
     * {@code com.example.Cart$Line}) and array names as {@link Class#getName()} spells them
     * ({@code [Lcom.example.Cart;}, {@code [[I}): an array is judged by its element type.
     */
    public boolean allows(String className) {
        if (className == null || className.isEmpty()) {
            return false;
        }
        Boolean known = decisions.get(className);
        if (known != null) {
            return known;
        }
        boolean allowed = decide(className);
        if (decisions.size() < CACHE_LIMIT) {
            decisions.put(className, allowed);
        }
        return allowed;
    }

    /** Whether {@code type} may be read: its name, or for an array its element type. */
    public boolean allows(Class<?> type) {
        while (type.isArray()) {
            type = type.getComponentType();
        }
        return type.isPrimitive() || allows(type.getName());
    }

    /**
     * This filter, refusing in addition the classes whose whole name {@code regex} matches (and
     * arrays of them): a codec that cannot give back values of some admitted classes exactly
     * takes them off its own allowlist.
     */
    public ClassNameFilter excluding(String regex) {
        String both = excluded == null ? regex : excluded.pattern() + "|(?:" + regex + ")";
        return new ClassNameFilter(pattern, Pattern.compile(both));
    }

    /** The regular expression. */
    public String pattern() {
        return pattern.pattern();
    }

    private boolean decide(String name) {
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return matches(name);
        }
        String element = name.substring(dims);
        if (element.length() == 1) {
            return "ZBCSIJFD".contains(element);
        }
        return element.length() > 2 && element.charAt(0) == 'L' && element.endsWith(";")
                && matches(element.substring(1, element.length() - 1));
    }

    private boolean matches(String name) {
        return pattern.matcher(name).matches() && (excluded == null || !excluded.matcher(name).matches());
    }

    @Override
    public String toString() {
        return "ClassNameFilter[" + pattern.pattern() + (excluded == null ? "" : " except " + excluded.pattern()) + "]";
    }
}
