package io.sessionstores.core.frame;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * LZ4 block compression of the attribute section. Uses the factory lz4-java recommends
 * ({@link LZ4Factory#fastestInstance()}: JNI only when loaded by the system class loader, else the
 * fastest pure-Java port), its fast compressor, and always the bounds-checking safe decompressor.
 * Both are stateless and thread-safe, so one instance serves every frame.
 */
final class Lz4Section {

    static final Lz4Section INSTANCE = new Lz4Section();

    private final LZ4Compressor compressor;
    private final LZ4SafeDecompressor decompressor;

    private Lz4Section() {
        LZ4Factory factory = LZ4Factory.fastestInstance();
        this.compressor = factory.fastCompressor();
        this.decompressor = factory.safeDecompressor();
    }

    /** Compressed bytes in {@code bytes[0, length)}. */
    record Compressed(byte[] bytes, int length) {
    }

    /** Compresses {@code section[0, length)} into the thread's scratch buffer (valid until its next frame). */
    Compressed compress(byte[] section, int length, FrameWriter.Scratch scratch) {
        byte[] out = scratch.compressed(compressor.maxCompressedLength(length));
        int compressed = compressor.compress(section, 0, length, out, 0, out.length);
        return new Compressed(out, compressed);
    }

    /**
     * Decompresses {@code src[offset, offset + length)} into a new array of exactly
     * {@code expectedLength} bytes; the caller has checked that length against its limit.
     *
     * @throws CorruptFrameException {@code TOO_LARGE} when the data decodes to more than
     *         {@code expectedLength}, {@code MALFORMED} when it is not LZ4 or decodes to less
     */
    byte[] decompress(byte[] src, int offset, int length, int expectedLength) throws CorruptFrameException {
        byte[] out = new byte[expectedLength];
        int decoded;
        try {
            decoded = decompressor.decompress(src, offset, length, out, 0, expectedLength);
        } catch (RuntimeException e) { // LZ4Exception, or whatever else garbage provokes
            long actual = Lz4BlockLength.decodedLength(src, offset, length, expectedLength);
            if (actual > expectedLength) {
                throw new CorruptFrameException(CorruptFrameException.Reason.TOO_LARGE,
                        "attribute section decodes to more than the declared " + expectedLength + " bytes");
            }
            throw new CorruptFrameException(CorruptFrameException.Reason.MALFORMED,
                    "attribute section is not valid LZ4");
        }
        if (decoded != expectedLength) {
            throw new CorruptFrameException(CorruptFrameException.Reason.MALFORMED, "attribute section decodes to "
                    + decoded + " bytes, " + expectedLength + " declared");
        }
        return out;
    }
}
