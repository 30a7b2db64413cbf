package io.sessionstores.core.frame;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Test data: sessions, and hand-built frame bodies sealed with a valid check. */
final class Frames {

    static final FrameHeader HEADER = new FrameHeader(1, 1_800_000_000_000L, 1_799_999_000_000L, 7L,
            1_799_000_000_000L, 1800);
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final String APP = "/Catalina/localhost/shop";
    static final String ID = "0123456789ABCDEF0123456789ABCDEF";
    /** Where the test frames are stored: {@link #HEADER}'s version. */
    static final FrameBinding BINDING = new FrameBinding(APP, ID, HEADER.version());

    private Frames() {
    }

    /** {@link #APP} and {@link #ID} at the version of {@code frame}. */
    static FrameBinding bound(SessionFrame frame) {
        return new FrameBinding(APP, ID, frame.header().version());
    }

    static SessionFrame session(List<EncodedAttribute> attributes) {
        return new SessionFrame(HEADER, false, "FORM", new PrincipalInfo("alice", List.of("user", "admin")),
                attributes);
    }

    static EncodedAttribute attribute(String name, byte[] value) {
        return new EncodedAttribute(name, value);
    }

    /** Compressible text of exactly {@code length} bytes. */
    static byte[] text(int length) {
        byte[] b = new byte[length];
        byte[] pattern = "the quick brown fox jumps over the lazy dog; ".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < length; i++) {
            b[i] = pattern[i % pattern.length];
        }
        return b;
    }

    /** Incompressible bytes. */
    static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A session with a compressed section, of at least 2 KB of text. */
    static SessionFrame compressible() {
        return session(List.of(attribute("a", text(1200)), attribute("b", text(900))));
    }

    /** A session whose section stays uncompressed. */
    static SessionFrame small() {
        return session(List.of(attribute("userId", new byte[] {1, 2, 3}), attribute("name", text(20))));
    }

    /** Builds raw bodies: varints and strings as the format writes them. */
    static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Body varint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
            return this;
        }

        Body bytes(int... values) {
            for (int v : values) {
                out.write(v);
            }
            return this;
        }

        Body raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Body string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length);
            return raw(b);
        }

        /** isNew 0, no authType, no principal. */
        Body plainStart() {
            return bytes(0, 0, 0);
        }

        /** header (with {@code flags}) + this body + a valid trailer for {@code key}. */
        byte[] seal(int flags, byte[] key) {
            FrameCheck check = new FrameCheck(key);
            byte[] body = out.toByteArray();
            byte[] frame = new byte[FrameFormat.HEADER_LENGTH + body.length + check.trailerLength()];
            byte[] header = new FrameWriter(FrameOptions.defaults()).write(session(List.of()), BINDING).bytes();
            System.arraycopy(header, 0, frame, 0, FrameFormat.HEADER_LENGTH);
            frame[FrameFormat.OFFSET_FLAGS] = (byte) (flags | (key == null ? 0 : FrameFormat.FLAG_SIGNED));
            System.arraycopy(body, 0, frame, FrameFormat.HEADER_LENGTH, body.length);
            check.seal(frame, BINDING);
            return frame;
        }

        byte[] seal(int flags) {
            return seal(flags, null);
        }
    }

    /** Re-seals a modified frame so that only its content, not its check, is wrong. */
    static byte[] reseal(byte[] frame, byte[] key) {
        byte[] copy = frame.clone();
        new FrameCheck(key).seal(copy, BINDING);
        return copy;
    }

    static List<EncodedAttribute> many(int count) {
        List<EncodedAttribute> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(attribute("attr-" + i, Arrays.copyOf(text(10 + i % 7), 10 + i % 7)));
        }
        return list;
    }
}
