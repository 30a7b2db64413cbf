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
 * Thread-safe; the mapper is built once (and once more per class loader).
 */
public final class JsonAttributeCodec implements AttributeCodec {

    /** The codec id stored in frames. */
    public static final int ID = 2;
    /** The codec name in the Manager's {@code codec} attribute. */
    public static final String NAME = "json";

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
        JsonFactory json = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(2 * AttributeCodecs.checkDepth(maxDepth) + 2).build()).build();
        this.mapper = new ObjectMapper(json)
                .setDefaultTyping(new FilteredTypeResolverBuilder(filter))
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.writer = mapper.writerFor(Object.class);
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
