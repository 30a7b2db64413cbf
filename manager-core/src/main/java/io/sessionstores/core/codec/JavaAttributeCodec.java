package io.sessionstores.core.codec;

import java.io.IOException;
import java.io.StreamCorruptedException;

/**
 * Java serialization (codec id 1, name {@code java}), the default. Reading resolves classes
 * through the web application's class loader and refuses every class the {@link ClassNameFilter}
 * does not allow before it is loaded (see {@link FilteredObjectInputStream}); writing refuses the
 * same classes with a {@link java.io.NotSerializableException}. Thread-safe; each thread encodes
 * with a buffer and an object stream of its own that it keeps between attributes
 * ({@link ReusableEncoder}), whose bytes are those of a new stream per value.
 */
public final class JavaAttributeCodec implements AttributeCodec {

    /** The codec id stored in frames. */
    public static final int ID = 1;
    /** The codec name in the Manager's {@code codec} attribute. */
    public static final String NAME = "java";

    private final ClassNameFilter filter;
    private final int maxDepth;
    /**
     * Each request thread's encoder of this codec, between two encodings: one buffer and one
     * object stream instead of new ones per attribute (see {@link ReusableEncoder}).
     */
    private final ThreadLocal<ReusableEncoder> encoders = new ThreadLocal<>();

    /** A codec with the default depth limit, {@value AttributeCodecs#DEFAULT_MAX_DEPTH}. */
    public JavaAttributeCodec(ClassNameFilter filter) {
        this(filter, AttributeCodecs.DEFAULT_MAX_DEPTH);
    }

    /**
     * @param filter   the classes attribute values may contain
     * @param maxDepth the deepest object nesting read (each object inside another is one level);
     *                 a deeper value is refused as it is read
     * @throws IllegalArgumentException when {@code maxDepth < 1}
     */
    public JavaAttributeCodec(ClassNameFilter filter, int maxDepth) {
        this.filter = filter;
        this.maxDepth = AttributeCodecs.checkDepth(maxDepth);
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
        ReusableEncoder encoder = encoders.get();
        encoders.set(null); // taken: a failure, or a value whose encoding calls this codec again, gets a new one
        if (encoder == null) {
            encoder = new ReusableEncoder(filter);
        }
        byte[] bytes = encoder.encode(value); // throws before the encoder is given back: a failed one is dropped
        if (encoder.keep()) {
            encoders.set(encoder);
        }
        return bytes;
    }

    @Override
    public Object decode(byte[] bytes, ClassLoader loader) throws IOException {
        try (FilteredObjectInputStream in = new FilteredObjectInputStream(bytes, filter, loader, maxDepth)) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("class of the value is missing: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StreamCorruptedException("not a serialized value: " + e);
        }
    }
}
