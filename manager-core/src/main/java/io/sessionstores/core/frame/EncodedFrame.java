package io.sessionstores.core.frame;

/**
 * The bytes a store keeps, and what they would weigh uncompressed.
 *
 * @param bytes          the frame
 * @param rawBytes       the frame's size had the attribute section not been compressed
 * @param incompressible LZ4 was tried on the attribute section and did not make it smaller (the
 *                       frame holds it uncompressed): a writer may skip the try for the same
 *                       session's next frames
 */
public record EncodedFrame(byte[] bytes, int rawBytes, boolean incompressible) {
}
