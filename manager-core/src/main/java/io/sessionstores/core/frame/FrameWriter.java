package io.sessionstores.core.frame;

import static io.sessionstores.core.frame.FrameBody.putVarint;
import static io.sessionstores.core.frame.FrameBody.varintLength;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes a {@link SessionFrame} into the bytes every store keeps. Thread-safe and reusable:
 * create one per Manager.
 *
 * <h2>Layout</h2>
 * The fixed header of {@link FrameFormat} (44 bytes, big-endian), then the body, then the trailer.
 * In the body, {@code varint} is an unsigned LEB128 {@code int} (1 to 5 bytes), {@code string} is a
 * varint byte length and that many UTF-8 bytes, and {@code string?} is a varint of the byte length
 * plus one ({@code 0} = {@code null}) and the UTF-8 bytes.
 * <pre>
 *  byte     isNew (0 or 1)
 *  string?  authType
 *  string?  principal name; when not null it is followed by
 *    varint   role count
 *    string   each role
 *  varint   attribute count N
 *  N times  the attribute index:
 *    string   name
 *    varint   encoded value length (uncompressed)
 *  varint   attribute section length uncompressed (= the sum of the index lengths)
 *  bytes    attribute section: the values concatenated in index order, LZ4 block-compressed when
 *           flag bit 0 is set (its stored length is what remains before the trailer)
 *  trailer  CRC32C (4 bytes, big-endian), or HMAC-SHA256 (32 bytes) when flag bit 1 is set;
 *           both cover every byte before the trailer except offsets 8..23 (the mutable times);
 *           the HMAC's input starts with the application and the session id the frame is
 *           stored under (each a 4-byte length and UTF-8 bytes), see {@link FrameBinding}
 * </pre>
 * The section is compressed when it has at least {@link FrameOptions#compressMinLength()} bytes
 * and the compressed form is smaller.
 */
public final class FrameWriter {

    private final FrameOptions options;
    private final FrameCheck check;
    private final Lz4Section lz4 = Lz4Section.INSTANCE;

    /** @param options compression threshold, size limit and HMAC key */
    public FrameWriter(FrameOptions options) {
        this.options = options;
        this.check = new FrameCheck(options.hmacKey());
    }

    /** Whether frames are signed with an HMAC, which binds them to their application and session id. */
    public boolean signed() {
        return check.signed();
    }

    /**
     * Encodes {@code frame}, to be stored under {@code binding}.
     *
     * @throws IllegalArgumentException when the attribute section exceeds
     *         {@link FrameOptions#maxDecodedSize()} (no reader with the same options would accept
     *         the frame), a header field is out of its range (negative codec id or above 255), or
     *         the binding's version is not the header's
     */
    public EncodedFrame write(SessionFrame frame, FrameBinding binding) {
        return write(frame, binding, true);
    }

    /**
     * {@link #write(SessionFrame, FrameBinding)}, trying LZ4 on the attribute section only when
     * {@code tryCompression}: a writer that just found a session's section incompressible
     * ({@link EncodedFrame#incompressible()}) spares the try on its next frames. Readers see no
     * difference: the flag in the header says whether the section is compressed.
     */
    public EncodedFrame write(SessionFrame frame, FrameBinding binding, boolean tryCompression) {
        FrameHeader header = frame.header();
        if (header.codecId() < 0 || header.codecId() > 255) {
            throw new IllegalArgumentException("codec id must be 0..255, was " + header.codecId());
        }
        if (binding.version() != header.version()) {
            throw new IllegalArgumentException("binding version " + binding.version() + " is not the header's "
                    + header.version());
        }
        int rawSection = sectionLength(frame.attributes());
        Meta meta = Meta.of(frame, rawSection);
        int trailer = check.trailerLength();
        int rawTotal = meta.end + rawSection + trailer;
        boolean tried = tryCompression && rawSection > 0 && rawSection >= options.compressMinLength();
        if (tried) {
            Scratch scratch = Scratch.forThisThread();
            byte[] section = concatenate(frame.attributes(), scratch.section(rawSection));
            Lz4Section.Compressed compressed = lz4.compress(section, rawSection, scratch);
            if (compressed.length() < rawSection) {
                byte[] out = new byte[meta.end + compressed.length() + trailer];
                writeFixed(out, header, FrameFormat.FLAG_COMPRESSED);
                meta.write(out, frame, rawSection);
                System.arraycopy(compressed.bytes(), 0, out, meta.end, compressed.length());
                check.seal(out, binding);
                return new EncodedFrame(out, rawTotal, false);
            }
        }
        byte[] out = new byte[rawTotal];
        writeFixed(out, header, 0);
        meta.write(out, frame, rawSection);
        int pos = meta.end;
        for (EncodedAttribute attribute : frame.attributes()) {
            System.arraycopy(attribute.value(), 0, out, pos, attribute.value().length);
            pos += attribute.value().length;
        }
        check.seal(out, binding);
        return new EncodedFrame(out, rawTotal, tried);
    }

    private int sectionLength(List<EncodedAttribute> attributes) {
        long total = 0;
        for (EncodedAttribute attribute : attributes) {
            total += attribute.value().length;
        }
        if (total > options.maxDecodedSize()) {
            throw new IllegalArgumentException("attribute section of " + total + " bytes exceeds maxDecodedSize "
                    + options.maxDecodedSize());
        }
        return (int) total;
    }

    /** The attribute values one after another at the start of {@code section}, which is long enough. */
    private static byte[] concatenate(List<EncodedAttribute> attributes, byte[] section) {
        int pos = 0;
        for (EncodedAttribute attribute : attributes) {
            System.arraycopy(attribute.value(), 0, section, pos, attribute.value().length);
            pos += attribute.value().length;
        }
        return section;
    }

    /**
     * A thread's buffers for the section to compress and its compressed form, kept between frames
     * instead of two new arrays of the section's size per write; only the frame itself is a new
     * array. Buffers over {@link #MAX_KEPT_BYTES} are not kept.
     */
    static final class Scratch {
        static final int MAX_KEPT_BYTES = 64 * 1024;
        private static final ThreadLocal<Scratch> OF_THREAD = ThreadLocal.withInitial(Scratch::new);
        private static final int SECTION = 0;
        private static final int COMPRESSED = 1;
        private final byte[][] kept = {new byte[0], new byte[0]};

        static Scratch forThisThread() {
            return OF_THREAD.get();
        }

        /** A buffer of at least {@code length} bytes for the attribute section. */
        byte[] section(int length) {
            return buffer(SECTION, length);
        }

        /** A buffer of at least {@code length} bytes for the compressed section. */
        byte[] compressed(int length) {
            return buffer(COMPRESSED, length);
        }

        private byte[] buffer(int slot, int length) {
            if (kept[slot].length >= length) {
                return kept[slot];
            }
            byte[] grown = new byte[length];
            if (length <= MAX_KEPT_BYTES) {
                kept[slot] = grown;
            }
            return grown;
        }
    }

    private void writeFixed(byte[] out, FrameHeader header, int flags) {
        out[0] = FrameFormat.MAGIC_0;
        out[1] = FrameFormat.MAGIC_1;
        out[2] = FrameFormat.MAGIC_2;
        out[FrameFormat.OFFSET_FORMAT_VERSION] = FrameFormat.FORMAT_VERSION;
        out[FrameFormat.OFFSET_FLAGS] = (byte) (flags | (check.signed() ? FrameFormat.FLAG_SIGNED : 0));
        out[FrameFormat.OFFSET_CODEC] = (byte) header.codecId();
        FrameFormat.putLong(out, FrameFormat.OFFSET_EXPIRES_AT, header.expiresAt());
        FrameFormat.putLong(out, FrameFormat.OFFSET_LAST_ACCESS, header.lastAccess());
        FrameFormat.putLong(out, FrameFormat.OFFSET_VERSION, header.version());
        FrameFormat.putLong(out, FrameFormat.OFFSET_CREATION_TIME, header.creationTime());
        FrameFormat.putInt(out, FrameFormat.OFFSET_MAX_INACTIVE, header.maxInactive());
    }

    /** The body before the attribute section, its strings encoded once to size the output. */
    private static final class Meta {
        private final byte[] authType;
        private final byte[] principalName;
        private final byte[][] roles;
        private final byte[][] names;
        private int end;

        private Meta(byte[] authType, byte[] principalName, byte[][] roles, byte[][] names) {
            this.authType = authType;
            this.principalName = principalName;
            this.roles = roles;
            this.names = names;
        }

        static Meta of(SessionFrame frame, int rawSection) {
            PrincipalInfo principal = frame.principal();
            byte[][] roles = principal == null || principal.roles() == null ? new byte[0][]
                    : utf8All(principal.roles());
            byte[][] names = new byte[frame.attributes().size()][];
            for (int i = 0; i < names.length; i++) {
                names[i] = utf8(frame.attributes().get(i).name());
            }
            Meta meta = new Meta(utf8(frame.authType()), principal == null ? null : utf8(principal.name()),
                    roles, names);
            meta.end = meta.length(frame) + varintLength(rawSection);
            return meta;
        }

        private int length(SessionFrame frame) {
            int length = FrameFormat.HEADER_LENGTH + 1 + nullableLength(authType) + nullableLength(principalName);
            if (principalName != null) {
                length += varintLength(roles.length);
                for (byte[] role : roles) {
                    length += varintLength(role.length) + role.length;
                }
            }
            length += varintLength(names.length);
            for (int i = 0; i < names.length; i++) {
                length += varintLength(names[i].length) + names[i].length
                        + varintLength(frame.attributes().get(i).value().length);
            }
            return length;
        }

        void write(byte[] out, SessionFrame frame, int rawSection) {
            int pos = FrameFormat.HEADER_LENGTH;
            out[pos++] = (byte) (frame.isNew() ? 1 : 0);
            pos = putNullable(out, pos, authType);
            pos = putNullable(out, pos, principalName);
            if (principalName != null) {
                pos = putVarint(out, pos, roles.length);
                for (byte[] role : roles) {
                    pos = putString(out, pos, role);
                }
            }
            pos = putVarint(out, pos, names.length);
            for (int i = 0; i < names.length; i++) {
                pos = putString(out, pos, names[i]);
                pos = putVarint(out, pos, frame.attributes().get(i).value().length);
            }
            putVarint(out, pos, rawSection);
        }

        private static int nullableLength(byte[] s) {
            return s == null ? 1 : varintLength(s.length + 1) + s.length;
        }

        private static int putNullable(byte[] out, int pos, byte[] s) {
            if (s == null) {
                return putVarint(out, pos, 0);
            }
            pos = putVarint(out, pos, s.length + 1);
            System.arraycopy(s, 0, out, pos, s.length);
            return pos + s.length;
        }

        private static int putString(byte[] out, int pos, byte[] s) {
            pos = putVarint(out, pos, s.length);
            System.arraycopy(s, 0, out, pos, s.length);
            return pos + s.length;
        }

        private static byte[] utf8(String s) {
            return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
        }

        private static byte[][] utf8All(List<String> strings) {
            byte[][] out = new byte[strings.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = strings.get(i).getBytes(StandardCharsets.UTF_8);
            }
            return out;
        }
    }
}
