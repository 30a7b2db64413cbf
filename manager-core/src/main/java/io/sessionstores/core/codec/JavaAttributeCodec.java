package io.sessionstores.core.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;

/**
 * Java serialization (codec id 1, name {@code java}), the default. Reading resolves classes
 * through the web application's class loader and refuses every class the {@link ClassNameFilter}
 * does not allow before it is loaded (see {@link FilteredObjectInputStream}); writing refuses the
 * same classes with a {@link java.io.NotSerializableException}. Thread-safe.
 */
public final class JavaAttributeCodec implements AttributeCodec {

    /** The codec id stored in frames. */
    public static final int ID = 1;
    /** The codec name in the Manager's {@code codec} attribute. */
    public static final String NAME = "java";

    private static final int INITIAL_BUFFER = 256;

    private final ClassNameFilter filter;
    private final int maxDepth;

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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(INITIAL_BUFFER);
        try (FilteredObjectOutputStream out = new FilteredObjectOutputStream(bytes, filter)) {
            out.writeObject(value);
            if (out.refusal() != null) {
                throw out.refusal();
            }
        }
        return bytes.toByteArray();
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
