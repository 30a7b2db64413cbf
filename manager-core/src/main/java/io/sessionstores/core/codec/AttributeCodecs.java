package io.sessionstores.core.codec;

import io.sessionstores.core.config.ConfigException;
import java.util.Locale;

/** Creates the codec the Manager's {@code codec} attribute names. */
public final class AttributeCodecs {

    /** The Manager attribute that selects the codec. */
    public static final String ATTRIBUTE = "codec";

    private AttributeCodecs() {
    }

    /**
     * The codec called {@code name} ({@code java} or {@code json}, case-insensitive).
     *
     * @throws ConfigException naming the attribute, the bad value and the allowed values
     */
    public static AttributeCodec create(String name, ClassNameFilter filter) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case JavaAttributeCodec.NAME:
                return new JavaAttributeCodec(filter);
            case JsonAttributeCodec.NAME:
                return new JsonAttributeCodec(filter);
            default:
                throw new ConfigException(ATTRIBUTE, name == null ? "" : name, "allowed values are "
                        + JavaAttributeCodec.NAME + ", " + JsonAttributeCodec.NAME);
        }
    }
}
