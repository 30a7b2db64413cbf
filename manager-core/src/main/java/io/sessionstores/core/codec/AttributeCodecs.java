package io.sessionstores.core.codec;

import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.config.ConfigException;
import java.util.function.BiFunction;

/** Creates the codec the Manager's {@code codec} attribute names, or the one a frame header names. */
public final class AttributeCodecs {

    /** The Manager attribute that selects the codec. */
    public static final String ATTRIBUTE = "codec";

    /**
     * Default deepest nesting of a decoded value: 25 objects inside one another. Real session
     * values (a bean holding a list of beans holding maps) stay far below; the SerialDOS shape
     * (nested sets whose rebuilding costs 2^depth {@code hashCode} calls) needs much more to hurt.
     */
    public static final int DEFAULT_MAX_DEPTH = 25;

    /** Every codec: its id, its name, how to make one. */
    private enum Kind {
        JAVA(JavaAttributeCodec.ID, JavaAttributeCodec.NAME, JavaAttributeCodec::new),
        JSON(JsonAttributeCodec.ID, JsonAttributeCodec.NAME, JsonAttributeCodec::new);

        private final int id;
        private final String codecName;
        private final BiFunction<ClassNameFilter, Integer, AttributeCodec> factory;

        Kind(int id, String codecName, BiFunction<ClassNameFilter, Integer, AttributeCodec> factory) {
            this.id = id;
            this.codecName = codecName;
            this.factory = factory;
        }
    }

    private AttributeCodecs() {
    }

    /** The codec called {@code name}, with the default depth limit {@value #DEFAULT_MAX_DEPTH}. */
    public static AttributeCodec create(String name, ClassNameFilter filter) {
        return create(name, filter, DEFAULT_MAX_DEPTH);
    }

    /**
     * The codec called {@code name} ({@code java} or {@code json}, case-insensitive).
     *
     * @param maxDepth the deepest nesting of objects a decoded value may have (>= 1)
     * @throws ConfigException naming the attribute, the bad value and the allowed values
     */
    public static AttributeCodec create(String name, ClassNameFilter filter, int maxDepth) {
        return ConfigCheck.oneOf(ATTRIBUTE, name, Kind.class).factory.apply(filter, maxDepth);
    }

    /**
     * The codec whose {@link AttributeCodec#id() id} a frame header carries, so that frames
     * written before a change of the {@code codec} attribute stay readable.
     *
     * @return the codec, or {@code null} for an id no codec has
     */
    public static AttributeCodec forId(int id, ClassNameFilter filter) {
        for (Kind kind : Kind.values()) {
            if (kind.id == id) {
                return kind.factory.apply(filter, DEFAULT_MAX_DEPTH);
            }
        }
        return null;
    }

    static int checkDepth(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be >= 1, was " + maxDepth);
        }
        return maxDepth;
    }
}
