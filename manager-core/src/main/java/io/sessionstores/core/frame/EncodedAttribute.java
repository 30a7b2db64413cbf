package io.sessionstores.core.frame;

/**
 * One attribute as the codec encoded it: its name and its value's bytes.
 *
 * @param name  the attribute name
 * @param value the encoded value (codec output, never compressed on its own)
 */
public record EncodedAttribute(String name, byte[] value) {
}
