package io.sessionstores.core.frame;

import static io.sessionstores.core.frame.CorruptFrameException.Reason.BAD_CHECK;
import static io.sessionstores.core.frame.CorruptFrameException.Reason.BAD_MAC;
import static io.sessionstores.core.frame.CorruptFrameException.Reason.BAD_MAGIC;
import static io.sessionstores.core.frame.CorruptFrameException.Reason.MALFORMED;
import static io.sessionstores.core.frame.CorruptFrameException.Reason.TOO_LARGE;
import static io.sessionstores.core.frame.CorruptFrameException.Reason.TRUNCATED;
import static io.sessionstores.core.frame.CorruptFrameException.Reason.UNKNOWN_VERSION;
import static io.sessionstores.core.frame.CorruptFrameException.Reason.VERSION_MISMATCH;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decodes the bytes {@link FrameWriter} produced (layout documented there). Thread-safe and
 * reusable. Every length is checked against the bytes present and the configured limits, so any
 * byte string gives either a frame or a {@link CorruptFrameException}, never an unchecked
 * exception or a large allocation.
 */
public final class FrameReader {

    /** isNew, authType, principal, attribute count, section length: one byte each at least. */
    private static final int MIN_BODY = 5;
    /** Smallest index entry: an empty name (1) and a length (1). */
    private static final int MIN_INDEX_ENTRY = 2;
    private static final int KNOWN_FLAGS = FrameFormat.FLAG_COMPRESSED | FrameFormat.FLAG_SIGNED;

    private final FrameOptions options;
    private final FrameCheck check;

    /** @param options the size limit and HMAC key ({@code compressMinLength} is not used here) */
    public FrameReader(FrameOptions options) {
        this.options = options;
        this.check = new FrameCheck(options.hmacKey());
    }

    /**
     * Decodes a whole frame stored under {@code binding}. Verifies the CRC32C or HMAC (which binds
     * the application and session id) before anything past the fixed envelope is parsed, then that
     * the header's record version is the binding's, and decompresses within
     * {@link FrameOptions#maxDecodedSize()}.
     */
    public SessionFrame read(byte[] bytes, FrameBinding binding) throws CorruptFrameException {
        int flags = envelope(bytes);
        boolean signed = (flags & FrameFormat.FLAG_SIGNED) != 0;
        if (signed != check.signed()) {
            throw new CorruptFrameException(BAD_MAC, signed ? "frame is signed, this reader has no HMAC key"
                    : "frame is unsigned, this reader requires an HMAC");
        }
        int trailerStart = trailerStart(bytes, flags);
        if (!check.verify(bytes, binding)) {
            throw new CorruptFrameException(signed ? BAD_MAC : BAD_CHECK, signed
                    ? "HMAC does not verify for this application and session id" : "CRC32C does not match");
        }
        long version = FrameFormat.getLong(bytes, FrameFormat.OFFSET_VERSION);
        if (version != binding.version()) {
            throw new CorruptFrameException(VERSION_MISMATCH, "frame of record version " + version + " stored as version "
                    + binding.version());
        }
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new CorruptFrameException(MALFORMED, "unknown flags " + Integer.toBinaryString(flags));
        }
        FrameInput in = new FrameInput(bytes, FrameFormat.HEADER_LENGTH, trailerStart);
        boolean isNew = in.readBoolean();
        String authType = in.readNullableString("authType");
        PrincipalInfo principal = readPrincipal(in);
        List<AttributeSize> index = readIndex(in);
        int length = sectionLength(in, index);
        List<EncodedAttribute> attributes = (flags & FrameFormat.FLAG_COMPRESSED) != 0
                ? split(Lz4Section.INSTANCE.decompress(bytes, in.position(), in.remaining(), length), 0, index)
                : split(bytes, uncompressedSection(in, length), index);
        return new SessionFrame(header(bytes), isNew, authType, principal, attributes);
    }

    /** Only the fixed header fields, with magic and version checked; the check is not verified. */
    public static FrameHeader readHeader(byte[] bytes) throws CorruptFrameException {
        envelope(bytes);
        return header(bytes);
    }

    /**
     * The principal name a frame carries (the authenticated user, or the user an application's own
     * login put in it: see {@code principalAttribute}), or {@code null}: what a store indexes the
     * session under. Reads the envelope and the fields before the attribute index only; the check
     * is not verified (a store cannot verify a signed frame, and an index entry of a corrupt frame
     * names a session no read will return).
     */
    public static String principalName(byte[] bytes) throws CorruptFrameException {
        int flags = envelope(bytes);
        FrameInput in = new FrameInput(bytes, FrameFormat.HEADER_LENGTH, trailerStart(bytes, flags));
        in.readBoolean();
        in.readNullableString("authType");
        PrincipalInfo principal = readPrincipal(in);
        return principal == null ? null : principal.name();
    }

    /**
     * Attribute names and encoded lengths, without decompressing and without loading any class.
     * The CRC32C of an unsigned frame is verified; a signed frame's HMAC cannot be without the key,
     * so its index is only checked for consistency.
     */
    public static List<AttributeSize> index(byte[] bytes) throws CorruptFrameException {
        int flags = envelope(bytes);
        int trailerStart = trailerStart(bytes, flags);
        if ((flags & FrameFormat.FLAG_SIGNED) == 0 && FrameFormat.getInt(bytes, trailerStart)
                != FrameCheck.crc(bytes, trailerStart)) {
            throw new CorruptFrameException(BAD_CHECK, "CRC32C does not match");
        }
        FrameInput in = new FrameInput(bytes, FrameFormat.HEADER_LENGTH, trailerStart);
        in.readBoolean();
        in.readNullableString("authType");
        readPrincipal(in);
        return readIndex(in);
    }

    /**
     * The attribute index from the first bytes of a frame ({@code head}) whose whole length is
     * {@code frameLength}: what a scan for size analysis returns. When {@code head} is the whole
     * frame this is {@link #index(byte[])}. Otherwise the check cannot be verified (it covers bytes
     * not read), so the head is parsed with every length bounded by the bytes present, and the
     * index must agree with the section length declared after it (and, uncompressed, with the
     * bytes the rest of the frame holds).
     *
     * @return the index, or empty when it runs past {@code head}: the caller reads the whole frame
     * @throws CorruptFrameException when the bytes present already show a corrupt frame
     */
    public static Optional<List<AttributeSize>> headIndex(byte[] head, int frameLength) throws CorruptFrameException {
        if (head.length >= frameLength) {
            return Optional.of(index(head));
        }
        int flags = envelope(head);
        int trailer = (flags & FrameFormat.FLAG_SIGNED) != 0 ? FrameFormat.MAC_LENGTH : FrameFormat.CRC_LENGTH;
        int bodyEnd = frameLength - trailer;
        if (bodyEnd < FrameFormat.HEADER_LENGTH + MIN_BODY) {
            throw new CorruptFrameException(TRUNCATED, frameLength + " bytes cannot hold a body and a "
                    + trailer + "-byte trailer");
        }
        FrameInput in = new FrameInput(head, FrameFormat.HEADER_LENGTH, Math.min(head.length, bodyEnd));
        List<AttributeSize> index;
        int declared;
        try {
            in.readBoolean();
            in.readNullableString("authType");
            readPrincipal(in);
            index = readIndex(in);
            declared = in.readVarint();
        } catch (CorruptFrameException e) {
            if (e.reason() == TRUNCATED) {
                return Optional.empty();
            }
            throw e;
        }
        long sum = 0;
        for (AttributeSize entry : index) {
            sum += entry.encodedLength();
        }
        int section = bodyEnd - in.position();
        if (sum != declared || ((flags & FrameFormat.FLAG_COMPRESSED) == 0 && section != declared)) {
            throw new CorruptFrameException(MALFORMED, "attribute lengths add up to " + sum + ", the section declares "
                    + declared + " and holds " + section + " bytes");
        }
        return Optional.of(index);
    }

    /** Checks magic and version; returns the flags byte. */
    private static int envelope(byte[] bytes) throws CorruptFrameException {
        if (bytes == null || bytes.length < FrameFormat.HEADER_LENGTH) {
            throw new CorruptFrameException(TRUNCATED, (bytes == null ? 0 : bytes.length)
                    + " bytes, the header alone is " + FrameFormat.HEADER_LENGTH);
        }
        if (bytes[0] != FrameFormat.MAGIC_0 || bytes[1] != FrameFormat.MAGIC_1 || bytes[2] != FrameFormat.MAGIC_2) {
            throw new CorruptFrameException(BAD_MAGIC, "does not start with SSF");
        }
        int version = bytes[FrameFormat.OFFSET_FORMAT_VERSION] & 0xFF;
        if (version != FrameFormat.FORMAT_VERSION) {
            throw new CorruptFrameException(UNKNOWN_VERSION, "format version " + version + ", this reader knows "
                    + FrameFormat.FORMAT_VERSION);
        }
        return bytes[FrameFormat.OFFSET_FLAGS] & 0xFF;
    }

    private static int trailerStart(byte[] bytes, int flags) throws CorruptFrameException {
        int trailer = (flags & FrameFormat.FLAG_SIGNED) != 0 ? FrameFormat.MAC_LENGTH : FrameFormat.CRC_LENGTH;
        if (bytes.length < FrameFormat.HEADER_LENGTH + MIN_BODY + trailer) {
            throw new CorruptFrameException(TRUNCATED, bytes.length + " bytes cannot hold a body and a "
                    + trailer + "-byte trailer");
        }
        return bytes.length - trailer;
    }

    private static FrameHeader header(byte[] bytes) {
        return new FrameHeader(bytes[FrameFormat.OFFSET_CODEC] & 0xFF,
                FrameFormat.getLong(bytes, FrameFormat.OFFSET_EXPIRES_AT),
                FrameFormat.getLong(bytes, FrameFormat.OFFSET_LAST_ACCESS),
                FrameFormat.getLong(bytes, FrameFormat.OFFSET_VERSION),
                FrameFormat.getLong(bytes, FrameFormat.OFFSET_CREATION_TIME),
                FrameFormat.getInt(bytes, FrameFormat.OFFSET_MAX_INACTIVE));
    }

    private static PrincipalInfo readPrincipal(FrameInput in) throws CorruptFrameException {
        String name = in.readNullableString("principal name");
        if (name == null) {
            return null;
        }
        int count = in.readCount(1, "role");
        List<String> roles = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            roles.add(in.readString("role"));
        }
        return new PrincipalInfo(name, List.copyOf(roles));
    }

    private static List<AttributeSize> readIndex(FrameInput in) throws CorruptFrameException {
        int count = in.readCount(MIN_INDEX_ENTRY, "attribute");
        List<AttributeSize> index = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            index.add(new AttributeSize(in.readString("attribute name"), in.readVarint()));
        }
        return index;
    }

    /** Reads the declared section length and checks it against the index and the limit. */
    private int sectionLength(FrameInput in, List<AttributeSize> index) throws CorruptFrameException {
        int declared = in.readVarint();
        if (declared > options.maxDecodedSize()) {
            throw new CorruptFrameException(TOO_LARGE, "attribute section declares " + declared
                    + " bytes, the limit is " + options.maxDecodedSize());
        }
        long sum = 0;
        for (AttributeSize entry : index) {
            sum += entry.encodedLength();
        }
        if (sum != declared) {
            throw new CorruptFrameException(MALFORMED, "attribute lengths add up to " + sum + ", the section declares "
                    + declared);
        }
        return declared;
    }

    /** Where an uncompressed section starts, once its stored length matches the declared one. */
    private static int uncompressedSection(FrameInput in, int length) throws CorruptFrameException {
        int stored = in.remaining();
        if (stored != length) {
            throw new CorruptFrameException(stored < length ? TRUNCATED : MALFORMED, "attribute section holds "
                    + stored + " bytes, " + length + " declared");
        }
        return in.position();
    }

    private static List<EncodedAttribute> split(byte[] section, int offset, List<AttributeSize> index) {
        List<EncodedAttribute> attributes = new ArrayList<>(index.size());
        int pos = offset;
        for (AttributeSize entry : index) {
            attributes.add(new EncodedAttribute(entry.name(),
                    Arrays.copyOfRange(section, pos, pos + entry.encodedLength())));
            pos += entry.encodedLength();
        }
        return List.copyOf(attributes);
    }
}
