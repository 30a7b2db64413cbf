package io.sessionstores.core.frame;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.sessionstores.core.store.SessionRecord;

import net.jpountz.lz4.LZ4Factory;

/**
 * The tests' one builder of frame bytes (manager-core's test-jar; every module's tests use it,
 * the benchmarks build theirs with {@link FrameWriter}, as they use no test-jar). Three kinds:
 * <ul>
 *   <li><b>store records</b> ({@link #record}, {@link #frame}, {@link #body}): a frame header laid
 *       out by hand per {@link FrameFormat}, then any bytes. A store reads only the header, so
 *       the store tests give each record a body they can recognise;</li>
 *   <li><b>written frames</b> ({@link #session}, {@link #written}, {@link #wellFormed}): what
 *       {@link FrameWriter} makes of a {@link SessionFrame}, and raw bodies sealed with a valid
 *       check ({@link Body}), for the frame tests;</li>
 *   <li><b>hostile bytes</b> ({@link #javaSerialized}, {@link #randomAfterMagic},
 *       {@link #lyingLengths}, {@link #decompressionBomb}): what someone who can write the store
 *       could put there, built without the Manager.</li>
 * </ul>
 */
public final class Frames {

    /** The tests' fixed clock: the last access of a never-expiring {@link #record}. */
    public static final long T0 = 1_800_000_000_000L;
    public static final FrameHeader HEADER = new FrameHeader(1, T0, T0 - 1_000_000L, 7L, T0 - 1_000_000_000L, 1800);
    public static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    public static final String APP = "/Catalina/localhost/shop";
    public static final String ID = "0123456789ABCDEF0123456789ABCDEF";
    /** Where the test frames are stored: {@link #HEADER}'s version. */
    public static final FrameBinding BINDING = new FrameBinding(APP, ID, HEADER.version());
    /** The record version of every {@link #wellFormed} frame and hostile frame, alive for 30 minutes. */
    public static final long RAW_VERSION = 1;

    private static final int MAX_INACTIVE = 1800;

    private Frames() {
    }

    // ---- store records: a header by hand, then any bytes ---------------------------------------

    /**
     * A frame: the header of record {@code version} (codec 1, created a second before
     * {@code lastAccess}, maxInactive 30 minutes, -1 when it never expires), then {@code body}.
     */
    public static byte[] frame(long version, long expiresAt, long lastAccess, byte[] body) {
        ByteBuffer frame = ByteBuffer.allocate(FrameFormat.HEADER_LENGTH + body.length);
        frame.put("SSF".getBytes(StandardCharsets.US_ASCII)).put((byte) FrameFormat.FORMAT_VERSION);
        frame.put(FrameFormat.OFFSET_CODEC, (byte) 1);
        frame.putLong(FrameFormat.OFFSET_EXPIRES_AT, expiresAt);
        frame.putLong(FrameFormat.OFFSET_LAST_ACCESS, lastAccess);
        frame.putLong(FrameFormat.OFFSET_VERSION, version);
        frame.putLong(FrameFormat.OFFSET_CREATION_TIME, lastAccess - 1000);
        frame.putInt(FrameFormat.OFFSET_MAX_INACTIVE, maxInactive(expiresAt));
        frame.put(FrameFormat.HEADER_LENGTH, body);
        return frame.array();
    }

    /** A record of {@link #frame}, with the {@code rawBytes} given. */
    public static SessionRecord record(String id, long version, long expiresAt, long lastAccess, byte[] body,
                                       int rawBytes) {
        return new SessionRecord(id, frame(version, expiresAt, lastAccess, body), version, expiresAt, lastAccess,
                maxInactive(expiresAt), rawBytes);
    }

    /** A record of {@link #frame} whose rawBytes is the frame's length. */
    public static SessionRecord record(String id, long version, long expiresAt, long lastAccess, byte[] body) {
        return record(id, version, expiresAt, lastAccess, body, FrameFormat.HEADER_LENGTH + body.length);
    }

    /** A record of {@link #frame} with {@code text} (UTF-8) as its body. */
    public static SessionRecord record(String id, long version, long expiresAt, long lastAccess, String text) {
        return record(id, version, expiresAt, lastAccess, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A record last accessed 30 minutes before {@code expiresAt} (at {@link #T0} when it never
     * expires), with {@code text} as its body and a rawBytes 100 more than the text's.
     */
    public static SessionRecord record(String id, long version, long expiresAt, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        return record(id, version, expiresAt, body, body.length + 100);
    }

    /** A record last accessed 30 minutes before {@code expiresAt} (at {@link #T0} when it never expires). */
    public static SessionRecord record(String id, long version, long expiresAt, byte[] body, int rawBytes) {
        long lastAccess = expiresAt == SessionRecord.NEVER_EXPIRES ? T0 : expiresAt - MAX_INACTIVE * 1000L;
        return record(id, version, expiresAt, lastAccess, body, rawBytes);
    }

    /** The bytes of a record's frame after the header (a {@link #record}'s body). */
    public static byte[] body(SessionRecord record) {
        return Arrays.copyOfRange(record.frame(), FrameFormat.HEADER_LENGTH, record.frame().length);
    }

    private static int maxInactive(long expiresAt) {
        return expiresAt == SessionRecord.NEVER_EXPIRES ? -1 : MAX_INACTIVE;
    }

    // ---- written frames: FrameWriter's, and raw bodies with a valid check -----------------------

    /** {@link #APP} and {@link #ID} at the version of {@code frame}. */
    public static FrameBinding bound(SessionFrame frame) {
        return new FrameBinding(APP, ID, frame.header().version());
    }

    /** A session of {@link #HEADER}, FORM-authenticated as alice, holding {@code attributes}. */
    public static SessionFrame session(List<EncodedAttribute> attributes) {
        return new SessionFrame(HEADER, false, "FORM", new PrincipalInfo("alice", List.of("user", "admin")),
                attributes);
    }

    public static EncodedAttribute attribute(String name, byte[] value) {
        return new EncodedAttribute(name, value);
    }

    /**
     * What {@link FrameWriter} (default compression and size limit, signed with {@code hmacKey}
     * or checked with a CRC32C when it is null) makes of a session of {@code header} without
     * authentication that holds {@code attributes}.
     */
    public static EncodedFrame written(FrameHeader header, List<EncodedAttribute> attributes, byte[] hmacKey,
                                       FrameBinding binding) {
        FrameWriter writer = new FrameWriter(new FrameOptions(FrameOptions.DEFAULT_COMPRESS_MIN_LENGTH,
                FrameOptions.DEFAULT_MAX_DECODED_SIZE, hmacKey));
        return writer.write(new SessionFrame(header, false, null, null, attributes), binding);
    }

    /**
     * A record whose frame {@link FrameWriter} wrote for a session logged in as {@code user}
     * ({@code null}: nobody), last accessed at {@code lastAccess}, expiring at {@code expiresAt},
     * holding one small attribute: what a store's user index reads.
     */
    public static SessionRecord authenticated(String app, String id, long version, long expiresAt, long lastAccess,
                                              String user) {
        FrameHeader header = new FrameHeader(1, expiresAt, lastAccess, version, lastAccess - 1000,
                maxInactive(expiresAt));
        FrameWriter writer = new FrameWriter(new FrameOptions(FrameOptions.DEFAULT_COMPRESS_MIN_LENGTH,
                FrameOptions.DEFAULT_MAX_DECODED_SIZE, null));
        SessionFrame frame = new SessionFrame(header, false, user == null ? null : "FORM",
                user == null ? null : new PrincipalInfo(user, List.of("user")),
                List.of(attribute("cart", text(40))));
        EncodedFrame written = writer.write(frame, new FrameBinding(app, id, version));
        return new SessionRecord(id, written.bytes(), version, expiresAt, lastAccess, maxInactive(expiresAt),
                written.rawBytes());
    }

    /** A header of record version {@link #RAW_VERSION} for {@code codecId}, alive for 30 minutes from now. */
    public static FrameHeader liveHeader(int codecId) {
        long now = System.currentTimeMillis();
        return new FrameHeader(codecId, now + MAX_INACTIVE * 1000L, now, RAW_VERSION, now, MAX_INACTIVE);
    }

    /**
     * A {@link #written} frame of {@link #liveHeader}, stored as {@code id} of {@code app}: well
     * formed, whatever its attributes carry (a forbidden class, a gadget).
     */
    public static byte[] wellFormed(int codecId, List<EncodedAttribute> attributes, byte[] hmacKey, String app,
                                    String id) {
        return written(liveHeader(codecId), attributes, hmacKey, new FrameBinding(app, id, RAW_VERSION)).bytes();
    }

    /** Compressible text of exactly {@code length} bytes. */
    public static byte[] text(int length) {
        byte[] b = new byte[length];
        byte[] pattern = "the quick brown fox jumps over the lazy dog; ".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < length; i++) {
            b[i] = pattern[i % pattern.length];
        }
        return b;
    }

    /** Incompressible bytes. */
    public static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A session with a compressed section, of at least 2 KB of text. */
    public static SessionFrame compressible() {
        return session(List.of(attribute("a", text(1200)), attribute("b", text(900))));
    }

    /** A session whose section stays uncompressed. */
    public static SessionFrame small() {
        return session(List.of(attribute("userId", new byte[] {1, 2, 3}), attribute("name", text(20))));
    }

    public static List<EncodedAttribute> many(int count) {
        List<EncodedAttribute> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(attribute("attr-" + i, Arrays.copyOf(text(10 + i % 7), 10 + i % 7)));
        }
        return list;
    }

    /** Builds raw bodies: varints and strings as the format writes them. */
    public static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Body varint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
            return this;
        }

        public Body bytes(int... values) {
            for (int v : values) {
                out.write(v);
            }
            return this;
        }

        public Body raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        public Body string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length);
            return raw(b);
        }

        /** isNew 0, no authType, no principal. */
        public Body plainStart() {
            return bytes(0, 0, 0);
        }

        /**
         * The header of {@code header} (with {@code flags}), this body, and a valid trailer for
         * {@code binding}: signed with {@code key}, or a CRC32C when it is null.
         */
        public byte[] seal(FrameHeader header, FrameBinding binding, int flags, byte[] key) {
            FrameCheck check = new FrameCheck(key);
            byte[] body = out.toByteArray();
            byte[] frame = new byte[FrameFormat.HEADER_LENGTH + body.length + check.trailerLength()];
            byte[] written = written(header, List.of(), null, binding).bytes();
            System.arraycopy(written, 0, frame, 0, FrameFormat.HEADER_LENGTH);
            frame[FrameFormat.OFFSET_FLAGS] = (byte) (flags | (key == null ? 0 : FrameFormat.FLAG_SIGNED));
            System.arraycopy(body, 0, frame, FrameFormat.HEADER_LENGTH, body.length);
            check.seal(frame, binding);
            return frame;
        }

        /** {@link #HEADER} (with {@code flags}) + this body + a valid trailer for {@code key} and {@link #BINDING}. */
        public byte[] seal(int flags, byte[] key) {
            return seal(HEADER, BINDING, flags, key);
        }

        public byte[] seal(int flags) {
            return seal(flags, null);
        }
    }

    /** Re-seals a modified frame so that only its content, not its check, is wrong. */
    public static byte[] reseal(byte[] frame, byte[] key) {
        byte[] copy = frame.clone();
        new FrameCheck(key).seal(copy, BINDING);
        return copy;
    }

    // ---- hostile bytes: written around the Manager -----------------------------------------------

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
        byte[] bytes = random(length, seed);
        bytes[0] = 'S';
        bytes[1] = 'S';
        bytes[2] = 'F';
        bytes[3] = FrameFormat.FORMAT_VERSION;
        ByteBuffer.wrap(bytes).putLong(FrameFormat.OFFSET_VERSION, RAW_VERSION);
        return bytes;
    }

    /** One attribute whose index length and declared section length say 1,000,000 bytes; 10 follow. */
    public static byte[] lyingLengths() {
        return hostile(0, 1_000_000, new byte[10]);
    }

    /**
     * A decompression bomb: 10 MB of zeros LZ4-compressed to about 40 KB, declared as what it is;
     * a reader whose maxDecodedSize is smaller must refuse it before allocating.
     */
    public static byte[] decompressionBomb() {
        int size = 10_000_000;
        byte[] compressed = LZ4Factory.fastestJavaInstance().fastCompressor().compress(new byte[size]);
        return hostile(FrameFormat.FLAG_COMPRESSED, size, compressed);
    }

    /** The bomb again, declared as 1,000 bytes: the safe decompressor must stop at 1,000. */
    public static byte[] decompressionBombDeclaredSmall() {
        byte[] compressed = LZ4Factory.fastestJavaInstance().fastCompressor().compress(new byte[10_000_000]);
        return hostile(FrameFormat.FLAG_COMPRESSED, 1_000, compressed);
    }

    /**
     * A {@link #liveHeader} of the java codec with {@code flags}; isNew 0, no authType, no
     * principal, one attribute "a" of {@code declared} bytes, then {@code section}; a valid
     * CRC32C: only the content lies.
     */
    private static byte[] hostile(int flags, int declared, byte[] section) {
        return new Body().plainStart().varint(1).string("a").varint(declared).varint(declared).raw(section)
                .seal(liveHeader(1), new FrameBinding("/unused", "unused", RAW_VERSION), flags, null);
    }
}
