package io.sessionstores.core.frame;

/**
 * The bytes a store keeps, and what they would weigh uncompressed.
 *
 * @param bytes    the frame
 * @param rawBytes the frame's size had the attribute section not been compressed
 */
public record EncodedFrame(byte[] bytes, int rawBytes) {
}
