package io.sessionstores.core.it;

import io.sessionstores.core.frame.EncodedAttribute;
import io.sessionstores.core.frame.FrameBinding;
import io.sessionstores.core.frame.FrameFormat;
import io.sessionstores.core.frame.FrameHeader;
import io.sessionstores.core.frame.FrameOptions;
import io.sessionstores.core.frame.FrameWriter;
import io.sessionstores.core.frame.SessionFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Factory;

/**
 * What someone who can write the store could put there, built without the Manager: frames that
 * are well formed but carry forbidden classes, frames whose lengths lie, a decompression bomb,
 * garbage that starts like a frame. Version 1, expiring 30 minutes from now.
 */
public final class HostileFrames {

    /** Every frame here is record version 1. */
    public static final long VERSION = 1;
    private static final int MAX_INACTIVE = 1800;

    private HostileFrames() {
    }

    /** A header of record version 1 for {@code codecId}, alive for 30 minutes. */
    public static FrameHeader header(int codecId) {
        long now = System.currentTimeMillis();
        return new FrameHeader(codecId, now + MAX_INACTIVE * 1000L, now, VERSION, now, MAX_INACTIVE);
    }

    /** A well-formed frame of these attributes, checked with a CRC32C or signed with {@code hmacKey}. */
    public static byte[] frame(int codecId, List<EncodedAttribute> attributes, byte[] hmacKey, String app,
                               String id) {
        FrameWriter writer = new FrameWriter(new FrameOptions(FrameOptions.DEFAULT_COMPRESS_MIN_LENGTH,
                FrameOptions.DEFAULT_MAX_DECODED_SIZE, hmacKey));
        SessionFrame frame = new SessionFrame(header(codecId), false, null, null, attributes);
        return writer.write(frame, new FrameBinding(app, id, VERSION)).bytes();
    }

    /** Plain Java serialization, as an attacker (or an older writer) makes bytes. */
    public static byte[] javaSerialized(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The magic and format version of a frame, then random bytes: gets past a store's sniffing. */
    public static byte[] randomAfterMagic(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        bytes[0] = 'S';
        bytes[1] = 'S';
        bytes[2] = 'F';
        bytes[3] = FrameFormat.FORMAT_VERSION;
        ByteBuffer.wrap(bytes).putLong(FrameFormat.OFFSET_VERSION, VERSION);
        return bytes;
    }

    /** One attribute whose index length and declared section length say 1,000,000 bytes; 10 follow. */
    public static byte[] lyingLengths() {
        return sealed(0, body(1_000_000, new byte[10]));
    }

    /**
     * A decompression bomb: 10 MB of zeros LZ4-compressed to about 40 KB, declared as what it is;
     * a reader whose maxDecodedSize is smaller must refuse it before allocating.
     */
    public static byte[] decompressionBomb() {
        int size = 10_000_000;
        byte[] compressed = LZ4Factory.fastestJavaInstance().fastCompressor().compress(new byte[size]);
        return sealed(FrameFormat.FLAG_COMPRESSED, body(size, compressed));
    }

    /** The bomb again, declared as 1,000 bytes: the safe decompressor must stop at 1,000. */
    public static byte[] decompressionBombDeclaredSmall() {
        byte[] compressed = LZ4Factory.fastestJavaInstance().fastCompressor().compress(new byte[10_000_000]);
        return sealed(FrameFormat.FLAG_COMPRESSED, body(1_000, compressed));
    }

    /** isNew 0, no authType, no principal, one attribute "a" of {@code declared} bytes, then {@code section}. */
    private static byte[] body(int declared, byte[] section) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 1, 1});
        out.writeBytes("a".getBytes(StandardCharsets.US_ASCII));
        varint(out, declared);
        varint(out, declared);
        out.writeBytes(section);
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, int value) {
        while ((value & ~0x7F) != 0) {
            out.write((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    /** Header (java codec, version 1) + body + a valid CRC32C: only the content lies. */
    private static byte[] sealed(int flags, byte[] body) {
        byte[] header = frame(1, List.of(), null, "/unused", "unused");
        byte[] frame = new byte[FrameFormat.HEADER_LENGTH + body.length + FrameFormat.CRC_LENGTH];
        System.arraycopy(header, 0, frame, 0, FrameFormat.HEADER_LENGTH);
        frame[FrameFormat.OFFSET_FLAGS] = (byte) flags;
        System.arraycopy(body, 0, frame, FrameFormat.HEADER_LENGTH, body.length);
        int trailerStart = frame.length - FrameFormat.CRC_LENGTH;
        CRC32C crc = new CRC32C();
        crc.update(frame, 0, FrameFormat.OFFSET_EXPIRES_AT);
        crc.update(frame, FrameFormat.OFFSET_VERSION, trailerStart - FrameFormat.OFFSET_VERSION);
        ByteBuffer.wrap(frame).putInt(trailerStart, (int) crc.getValue());
        return frame;
    }
}
