package io.sessionstores.core.codec;

import io.sessionstores.core.config.ConfigException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Creates the codec the Manager's {@code codec} attribute names, or the one a frame header names. */
public final class AttributeCodecs {

    /** The Manager attribute that selects the codec. */
    public static final String ATTRIBUTE = "codec";

    /** Every codec: its id, its name, how to make one. */
    private enum Kind {
        JAVA(JavaAttributeCodec.ID, JavaAttributeCodec.NAME, JavaAttributeCodec::new),
        JSON(JsonAttributeCodec.ID, JsonAttributeCodec.NAME, JsonAttributeCodec::new);

        private final int id;
        private final String codecName;
        private final Function<ClassNameFilter, AttributeCodec> factory;

        Kind(int id, String codecName, Function<ClassNameFilter, AttributeCodec> factory) {
            this.id = id;
            this.codecName = codecName;
            this.factory = factory;
        }
    }

    private AttributeCodecs() {
    }

    /**
     * The codec called {@code name} ({@code java} or {@code json}, case-insensitive).
     *
     * @throws ConfigException naming the attribute, the bad value and the allowed values
     */
    public static AttributeCodec create(String name, ClassNameFilter filter) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Kind kind : Kind.values()) {
            if (kind.codecName.equals(wanted)) {
                return kind.factory.apply(filter);
            }
        }
        String allowed = Arrays.stream(Kind.values()).map(k -> k.codecName).collect(Collectors.joining(", "));
        throw new ConfigException(ATTRIBUTE, name == null ? "" : name, "allowed values are " + allowed);
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
                return kind.factory.apply(filter);
            }
        }
        return null;
    }
}
