package io.sessionstores.core.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.StreamCorruptedException;

/**
 * JSON through Jackson (codec id 2, name {@code json}). Every value carries its class name as a
 * type id (so a {@code Long} stays a {@code Long} and an application record comes back as itself),
 * and only classes the {@link ClassNameFilter} allows are accepted as type ids, checked before
 * Jackson looks the class up. Classes are looked up through the loader passed to
 * {@link #decode}. Values are plain Jackson beans: public getters/fields or records.
 *
 * <p>A value is either given back equal (same order, same comparator for a sorted collection) or
 * refused when it is written ({@link NotSerializableException}: the Manager drops and logs the
 * attribute), never stored in a form that reads back different or not at all. So this codec takes
 * off its allowlist the JDK classes of {@link ClassNameFilter#JDK_VALUE_TYPES} that Jackson cannot
 * give back exactly ({@link #NOT_EXACT_IN_JSON}; the Java codec stores them), and refuses the
 * values of allowed classes that JSON cannot carry exactly ({@link ExactValuesModule}).
 * Thread-safe; the mapper is built once (and once more per class loader).
 */
public final class JsonAttributeCodec implements AttributeCodec {

    /** The codec id stored in frames. */
    public static final int ID = 2;
    /** The codec name in the Manager's {@code codec} attribute. */
    public static final String NAME = "json";

    /**
     * JDK classes the default allowlist admits whose values Jackson does not give back exactly:
     * {@code java.sql.Time} (loses its milliseconds) and {@code Timestamp} (its nanos),
     * {@code BitSet} (comes back empty), map entries and {@code Collections.nCopies} /
     * {@code unmodifiableCollection} (written but not readable), the sorted and navigable
     * unmodifiable / synchronized views (come back unsorted), comparators (JSON keeps none) and
     * the serialization-only helpers of the Java codec (serial proxies, locks' internals).
     * {@code java.time} values are exact ({@link JavaTimeValues}).
     */
    public static final String NOT_EXACT_IN_JSON = "java\\.time\\.Ser|java\\.sql\\.(?:Time|Timestamp)|java\\.util\\.BitSet"
            + "|java\\.util\\.(?:Map\\$Entry|AbstractMap\\$Simple(?:Immutable)?Entry)"
            + "|java\\.util\\.Collections\\$(?:CopiesList|UnmodifiableCollection)"
            + "|java\\.util\\.Collections\\$(?:Unmodifiable|Synchronized)(?:Sorted|Navigable)(?:Map|Set)"
            + "|java\\.lang\\.String\\$CaseInsensitiveComparator|java\\.util\\.Collections\\$ReverseComparator2?"
            + "|java\\.util\\.Comparators\\$NaturalOrderComparator"
            + "|java\\.util\\.CollSer|java\\.util\\.EnumSet\\$SerializationProxy|java\\.util\\.concurrent\\.locks\\..*"
            + "|java\\.util\\.concurrent\\.ConcurrentHashMap\\$Segment";

    private final ClassNameFilter filter;
    private final ObjectMapper mapper;
    private final ObjectWriter writer;
    private volatile LoaderReader loaderReader;

    /** A reader whose type lookups go through one class loader. */
    private record LoaderReader(ClassLoader loader, ObjectReader reader) {
    }

    /** A codec with the default depth limit, {@value AttributeCodecs#DEFAULT_MAX_DEPTH}. */
    public JsonAttributeCodec(ClassNameFilter filter) {
        this(filter, AttributeCodecs.DEFAULT_MAX_DEPTH);
    }

    /**
     * @param filter   the classes attribute values may contain
     * @param maxDepth the deepest object nesting read; as every value carries its type id, one
     *                 object level is up to two JSON levels, so the JSON limit is twice this (plus
     *                 the outer wrapper)
     * @throws IllegalArgumentException when {@code maxDepth < 1}
     */
    public JsonAttributeCodec(ClassNameFilter filter, int maxDepth) {
        this.filter = filter.excluding(NOT_EXACT_IN_JSON);
        JsonFactory json = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(2 * AttributeCodecs.checkDepth(maxDepth) + 2).build()).build();
        this.mapper = new ObjectMapper(json)
                .setDefaultTyping(new FilteredTypeResolverBuilder(this.filter))
                .registerModule(new ExactValuesModule())
                .registerModule(JavaTimeValues.module())
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        JavaTimeValues.configure(mapper);
        this.writer = mapper.writerFor(Object.class);
    }

    /**
     * Whether values of the class named {@code className} may be written and read: the filter
     * allows it and it is not one of {@link #NOT_EXACT_IN_JSON}.
     */
    public boolean admits(String className) {
        return filter.allows(className);
    }

    /** What this codec refuses although the allowlist admits it, for the Manager's start-up line. */
    public static String startupNote() {
        return "codec json refuses these JDK classes although the allowlist admits them, as JSON would not give"
                + " them back exactly (the java codec stores them): " + NOT_EXACT_IN_JSON.replace("\\\\", "");
    }

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte[] encode(Object value) throws IOException {
        if (value != null && !filter.allows(value.getClass())) {
            // before Jackson, whose own refusal of some of these classes names no class
            throw new NotSerializableException(new FilteredTypeResolverBuilder.RefusedType(value.getClass().getName())
                    .getMessage());
        }
        try {
            return writer.writeValueAsBytes(value);
        } catch (FilteredTypeResolverBuilder.RefusedType e) {
            throw notSerializable(e.getMessage(), e);
        } catch (JsonProcessingException e) {
            FilteredTypeResolverBuilder.RefusedType refused = causeOf(e, FilteredTypeResolverBuilder.RefusedType.class);
            throw notSerializable(refused != null ? refused.getMessage() : e.getOriginalMessage(), e);
        }
    }

    @Override
    public Object decode(byte[] bytes, ClassLoader loader) throws IOException {
        try {
            return readerFor(loader).readValue(bytes);
        } catch (ForbiddenClassException e) {
            throw e;
        } catch (IOException e) {
            ForbiddenClassException forbidden = causeOf(e, ForbiddenClassException.class);
            if (forbidden != null) {
                throw forbidden;
            }
            throw e;
        } catch (RuntimeException e) {
            throw new StreamCorruptedException("not a JSON value of this codec: " + e);
        }
    }

    private ObjectReader readerFor(ClassLoader loader) {
        LoaderReader current = loaderReader;
        if (current != null && current.loader() == loader) {
            return current.reader();
        }
        ObjectMapper bound = mapper.copy().setTypeFactory(new LoaderTypeFactory(loader));
        ObjectReader reader = bound.readerFor(Object.class);
        loaderReader = new LoaderReader(loader, reader);
        return reader;
    }

    private static NotSerializableException notSerializable(String message, Exception cause) {
        NotSerializableException e = new NotSerializableException(message);
        e.initCause(cause);
        return e;
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
