package io.sessionstores.core.frame;

import java.nio.charset.StandardCharsets;

/**
 * One entry of a frame's attribute index, read without decoding the value.
 *
 * @param name          the attribute name
 * @param encodedLength the length of the codec's encoding of the value, before compression
 */
public record AttributeSize(String name, int encodedLength) {

    /**
     * The bytes this attribute takes in the uncompressed frame: its index entry (name length,
     * UTF-8 name, value length) and its encoded value. A frame's raw size is the sum of these over
     * its attributes plus the session's own fields (header, isNew, authType, principal, counts,
     * check trailer).
     */
    public int frameBytes() {
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        return FrameBody.varintLength(nameBytes) + nameBytes + FrameBody.varintLength(encodedLength) + encodedLength;
    }
}
