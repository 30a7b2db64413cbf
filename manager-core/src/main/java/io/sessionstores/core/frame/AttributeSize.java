package io.sessionstores.core.frame;

/**
 * One entry of a frame's attribute index, read without decoding the value.
 *
 * @param name          the attribute name
 * @param encodedLength the length of the codec's encoding of the value, before compression
 */
public record AttributeSize(String name, int encodedLength) {
}
