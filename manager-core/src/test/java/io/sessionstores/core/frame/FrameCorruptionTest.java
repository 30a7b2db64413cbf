package io.sessionstores.core.frame;

import static io.sessionstores.core.frame.Frames.BINDING;
import static io.sessionstores.core.frame.CorruptFrameException.Reason.BAD_CHECK;
import static io.sessionstores.core.frame.CorruptFrameException.Reason.BAD_MAC;
import static io.sessionstores.core.frame.CorruptFrameException.Reason.BAD_MAGIC;
import static io.sessionstores.core.frame.CorruptFrameException.Reason.MALFORMED;
import static io.sessionstores.core.frame.CorruptFrameException.Reason.TOO_LARGE;
import static io.sessionstores.core.frame.CorruptFrameException.Reason.TRUNCATED;
import static io.sessionstores.core.frame.CorruptFrameException.Reason.UNKNOWN_VERSION;
import static io.sessionstores.core.frame.Frames.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.stream.Stream;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrameCorruptionTest {

    private static final FrameOptions PLAIN = FrameOptions.defaults();
    private static final FrameOptions SIGNED = new FrameOptions(400, FrameOptions.DEFAULT_MAX_DECODED_SIZE, KEY);
    private final FrameReader reader = new FrameReader(PLAIN);

    static Stream<Arguments> realFrames() {
        return Stream.of(
                Arguments.of("uncompressed, CRC", PLAIN, Frames.small()),
                Arguments.of("compressed, CRC", PLAIN, Frames.compressible()),
                Arguments.of("uncompressed, HMAC", SIGNED, Frames.small()),
                Arguments.of("compressed, HMAC", SIGNED, Frames.compressible()));
    }

    private static CorruptFrameException.Reason readFails(FrameReader reader, byte[] bytes) {
        CorruptFrameException e = catchThrowableOfType(CorruptFrameException.class, () -> reader.read(bytes, BINDING));
        assertThat(e).as("read of corrupt bytes must throw CorruptFrameException").isNotNull();
        return e.reason();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realFrames")
    void truncationAtEveryOffsetIsCorrupt(String kind, FrameOptions options, SessionFrame frame) {
        byte[] bytes = new FrameWriter(options).write(frame, Frames.bound(frame)).bytes();
        FrameReader reader = new FrameReader(options);
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThat(readFails(reader, cut)).as("truncated to %d of %d bytes", length, bytes.length).isNotNull();
            if (length >= FrameFormat.HEADER_LENGTH) {
                assertThatCode(() -> indexQuietly(cut)).as("index() at %d", length).doesNotThrowAnyException();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realFrames")
    void flippedBitOutsideTheTimesIsDetected(String kind, FrameOptions options, SessionFrame frame) {
        byte[] bytes = new FrameWriter(options).write(frame, Frames.bound(frame)).bytes();
        FrameReader reader = new FrameReader(options);
        for (int i = 0; i < bytes.length; i++) {
            if (i >= FrameFormat.OFFSET_EXPIRES_AT && i < FrameFormat.OFFSET_VERSION) {
                continue;
            }
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = bytes.clone();
                flipped[i] ^= (byte) (1 << bit);
                CorruptFrameException.Reason reason = readFails(reader, flipped);
                if (i >= FrameFormat.OFFSET_FLAGS + 1) {
                    assertThat(reason).as("bit %d of byte %d", bit, i)
                            .isEqualTo(options.signed() ? BAD_MAC : BAD_CHECK);
                }
            }
        }
    }

    @Test
    void badMagic() {
        byte[] bytes = new FrameWriter(PLAIN).write(Frames.small(), BINDING).bytes();
        bytes[0] = 'X';
        assertThat(readFails(reader, bytes)).isEqualTo(BAD_MAGIC);
        assertThat(catchThrowableOfType(CorruptFrameException.class, () -> FrameReader.readHeader(bytes)).reason())
                .isEqualTo(BAD_MAGIC);
    }

    @Test
    void unknownVersion() {
        byte[] bytes = new FrameWriter(PLAIN).write(Frames.small(), BINDING).bytes();
        bytes[FrameFormat.OFFSET_FORMAT_VERSION] = 2;
        assertThat(readFails(reader, Frames.reseal(bytes, null))).isEqualTo(UNKNOWN_VERSION);
        assertThat(catchThrowableOfType(CorruptFrameException.class, () -> FrameReader.index(bytes)).reason())
                .isEqualTo(UNKNOWN_VERSION);
    }

    @Test
    void noDowngradeBetweenSignedAndUnsigned() {
        byte[] unsigned = new FrameWriter(PLAIN).write(Frames.small(), BINDING).bytes();
        byte[] signed = new FrameWriter(SIGNED).write(Frames.small(), BINDING).bytes();
        assertThat(readFails(new FrameReader(SIGNED), unsigned)).isEqualTo(BAD_MAC);
        assertThat(readFails(reader, signed)).isEqualTo(BAD_MAC);
    }

    @Test
    void wrongKeyIsBadMac() {
        byte[] signed = new FrameWriter(SIGNED).write(Frames.small(), BINDING).bytes();
        FrameReader otherKey = new FrameReader(new FrameOptions(400, 1 << 24, "another key".getBytes()));
        assertThat(readFails(otherKey, signed)).isEqualTo(BAD_MAC);
    }

    @Test
    void unknownFlagIsMalformed() {
        byte[] bytes = new FrameWriter(PLAIN).write(Frames.small(), BINDING).bytes();
        bytes[FrameFormat.OFFSET_FLAGS] |= 0x40;
        assertThat(readFails(reader, Frames.reseal(bytes, null))).isEqualTo(MALFORMED);
    }

    @Test
    void hugeAttributeCount() {
        byte[] bytes = new Frames.Body().plainStart().varint(Integer.MAX_VALUE).varint(0).seal(0);
        assertThat(readFails(reader, bytes)).isEqualTo(TRUNCATED);
        assertThat(catchThrowableOfType(CorruptFrameException.class, () -> FrameReader.index(bytes)).reason())
                .isEqualTo(TRUNCATED);
    }

    @Test
    void attributeNameLongerThanTheFrame() {
        byte[] bytes = new Frames.Body().plainStart().varint(1).varint(1_000_000).bytes('a', 1).varint(1).bytes(7)
                .seal(0);
        assertThat(readFails(reader, bytes)).isEqualTo(TRUNCATED);
    }

    @Test
    void varintLongerThanAnInt() {
        byte[] bytes = new Frames.Body().plainStart().bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01).varint(0).seal(0);
        assertThat(readFails(reader, bytes)).isEqualTo(MALFORMED);
        byte[] negative = new Frames.Body().plainStart().bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).varint(0).seal(0);
        assertThat(readFails(reader, negative)).isEqualTo(MALFORMED);
    }

    @Test
    void authTypeLengthPastTheEnd() {
        byte[] bytes = new Frames.Body().bytes(0).varint(5000).bytes('x').seal(0);
        assertThat(readFails(reader, bytes)).isEqualTo(TRUNCATED);
    }

    @Test
    void roleCountPastTheEnd() {
        byte[] bytes = new Frames.Body().bytes(0, 0).varint(2).bytes('a').varint(1 << 30).varint(0).varint(0)
                .seal(0);
        assertThat(readFails(reader, bytes)).isEqualTo(TRUNCATED);
    }

    @Test
    void isNewByteOtherThanZeroOrOne() {
        byte[] bytes = new Frames.Body().bytes(2, 0, 0).varint(0).varint(0).seal(0);
        assertThat(readFails(reader, bytes)).isEqualTo(MALFORMED);
    }

    @Test
    void indexLengthsThatDoNotAddUp() {
        byte[] bytes = new Frames.Body().plainStart().varint(1).string("a").varint(3).varint(4).bytes(1, 2, 3, 4)
                .seal(0);
        assertThat(readFails(reader, bytes)).isEqualTo(MALFORMED);
    }

    @Test
    void uncompressedSectionShorterThanDeclared() {
        byte[] bytes = new Frames.Body().plainStart().varint(1).string("a").varint(10).varint(10).bytes(1, 2)
                .seal(0);
        assertThat(readFails(reader, bytes)).isEqualTo(TRUNCATED);
    }

    @Test
    void uncompressedSectionLongerThanDeclared() {
        byte[] bytes = new Frames.Body().plainStart().varint(1).string("a").varint(1).varint(1).bytes(1, 2)
                .seal(0);
        assertThat(readFails(reader, bytes)).isEqualTo(MALFORMED);
    }

    @Test
    void declaredHugeSectionIsRefusedBeforeAllocating() {
        // Two attributes declaring 1 GiB each: refused on the declaration, nothing allocated.
        byte[] bytes = new Frames.Body().plainStart().varint(2).string("a").varint(1 << 30).string("b")
                .varint(1 << 30).varint(Integer.MAX_VALUE).bytes(0, 0).seal(FrameFormat.FLAG_COMPRESSED);
        assertThat(readFails(reader, bytes)).isEqualTo(TOO_LARGE);
    }

    @Test
    void declaredOverTheConfiguredLimit() {
        byte[] lz4 = LZ4Factory.safeInstance().fastCompressor().compress(Frames.text(5000));
        byte[] bytes = new Frames.Body().plainStart().varint(1).string("a").varint(5000).varint(5000).raw(lz4)
                .seal(FrameFormat.FLAG_COMPRESSED);
        assertThat(readFails(new FrameReader(new FrameOptions(400, 4999, null)), bytes)).isEqualTo(TOO_LARGE);
        assertThatCode(() -> new FrameReader(new FrameOptions(400, 5000, null)).read(bytes, BINDING))
                .doesNotThrowAnyException();
    }

    @Test
    void decompressionBombDeclaredSmallIsTooLarge() {
        // 64 MiB of zeros compress to ~250 KB; the frame claims 100 bytes.
        byte[] lz4 = LZ4Factory.safeInstance().fastCompressor().compress(new byte[64 << 20]);
        byte[] bytes = new Frames.Body().plainStart().varint(1).string("a").varint(100).varint(100).raw(lz4)
                .seal(FrameFormat.FLAG_COMPRESSED);
        assertThat(readFails(reader, bytes)).isEqualTo(TOO_LARGE);
    }

    @Test
    void compressedSectionDecodingShortIsMalformed() {
        byte[] lz4 = LZ4Factory.safeInstance().fastCompressor().compress(Frames.text(500));
        byte[] bytes = new Frames.Body().plainStart().varint(1).string("a").varint(600).varint(600).raw(lz4)
                .seal(FrameFormat.FLAG_COMPRESSED);
        assertThat(readFails(reader, bytes)).isEqualTo(MALFORMED);
    }

    @Test
    void compressedGarbageIsMalformed() {
        byte[] bytes = new Frames.Body().plainStart().varint(1).string("a").varint(600).varint(600)
                .raw(Frames.random(300, 3)).seal(FrameFormat.FLAG_COMPRESSED);
        assertThat(readFails(reader, bytes)).isIn(MALFORMED, TOO_LARGE);
    }

    @Test
    void randomGarbageNeverEscapesAsAnUncheckedException() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 5000; i++) {
            Frames.Body body = new Frames.Body().raw(Frames.random(random.nextInt(64), i));
            byte[] bytes = body.seal(random.nextInt(4) & FrameFormat.FLAG_COMPRESSED);
            assertThatCode(() -> {
                try {
                    reader.read(bytes, BINDING);
                } catch (CorruptFrameException expected) {
                    // fine
                }
                indexQuietly(bytes);
            }).as("garbage body #%d", i).doesNotThrowAnyException();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realFrames")
    void resealedMutationsOfARealFrameNeverEscapeUnchecked(String kind, FrameOptions options, SessionFrame frame) {
        byte[] bytes = new FrameWriter(options).write(frame, Frames.bound(frame)).bytes();
        FrameReader reader = new FrameReader(options);
        byte[] key = options.hmacKey();
        int trailer = options.signed() ? FrameFormat.MAC_LENGTH : FrameFormat.CRC_LENGTH;
        java.util.Random random = new java.util.Random(7);
        for (int i = FrameFormat.HEADER_LENGTH; i < bytes.length - trailer; i++) {
            for (int round = 0; round < 4; round++) {
                byte[] mutated = bytes.clone();
                mutated[i] = (byte) (round == 0 ? 0xFF : round == 1 ? 0x80 : random.nextInt(256));
                byte[] sealed = Frames.reseal(mutated, key);
                assertThatCode(() -> {
                    try {
                        reader.read(sealed, BINDING);
                    } catch (CorruptFrameException expected) {
                        // fine: a checked refusal
                    }
                    indexQuietly(sealed);
                }).as("byte %d set to %d", i, mutated[i]).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void readHeaderOfATooShortArray() {
        assertThat(catchThrowableOfType(CorruptFrameException.class, () -> FrameReader.readHeader(new byte[43]))
                .reason()).isEqualTo(TRUNCATED);
        assertThat(catchThrowableOfType(CorruptFrameException.class, () -> FrameReader.readHeader(null))
                .reason()).isEqualTo(TRUNCATED);
    }

    @Test
    void indexDetectsABadCrc() {
        byte[] bytes = new FrameWriter(PLAIN).write(Frames.small(), BINDING).bytes();
        bytes[bytes.length - 5] ^= 1;
        assertThat(catchThrowableOfType(CorruptFrameException.class, () -> FrameReader.index(bytes)).reason())
                .isEqualTo(BAD_CHECK);
    }

    private static void indexQuietly(byte[] bytes) {
        try {
            FrameReader.index(bytes);
        } catch (CorruptFrameException expected) {
            // a checked refusal is the point
        }
    }
}
