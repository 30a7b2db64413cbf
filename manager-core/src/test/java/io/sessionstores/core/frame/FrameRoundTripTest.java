package io.sessionstores.core.frame;

import static io.sessionstores.core.frame.Frames.BINDING;
import static io.sessionstores.core.frame.Frames.HEADER;
import static io.sessionstores.core.frame.Frames.KEY;
import static io.sessionstores.core.frame.Frames.attribute;
import static io.sessionstores.core.frame.Frames.random;
import static io.sessionstores.core.frame.Frames.session;
import static io.sessionstores.core.frame.Frames.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameRoundTripTest {

    private final FrameWriter writer = new FrameWriter(FrameOptions.defaults());
    private final FrameReader reader = new FrameReader(FrameOptions.defaults());

    private SessionFrame roundTrip(SessionFrame frame) throws CorruptFrameException {
        SessionFrame read = reader.read(writer.write(frame, Frames.bound(frame)).bytes(), Frames.bound(frame));
        assertThat(read).usingRecursiveComparison().isEqualTo(frame);
        return read;
    }

    @Test
    void emptySessionWithoutAuthentication() throws Exception {
        roundTrip(new SessionFrame(HEADER, true, null, null, List.of()));
    }

    @Test
    void principalWithRolesAndAuthType() throws Exception {
        SessionFrame read = roundTrip(session(List.of(attribute("x", new byte[] {42}))));
        assertThat(read.principal().roles()).containsExactly("user", "admin");
        assertThat(read.authType()).isEqualTo("FORM");
    }

    @Test
    void principalWithoutRoles() throws Exception {
        roundTrip(new SessionFrame(HEADER, false, "BASIC", new PrincipalInfo("bob", List.of()), List.of()));
    }

    @Test
    void emptyStringsAreNotNull() throws Exception {
        SessionFrame read = roundTrip(new SessionFrame(HEADER, false, "", new PrincipalInfo("", List.of("")),
                List.of(attribute("", new byte[0]))));
        assertThat(read.authType()).isEmpty();
    }

    @Test
    void unicodeNamesAndValues() throws Exception {
        roundTrip(session(List.of(attribute("panier-\u00e9t\u00e9-\u65e5\u672c-\ud83d\ude00",
                "\u00e7a marche \ud83d\ude80".getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
    }

    @Test
    void manyAttributesInOrder() throws Exception {
        SessionFrame read = roundTrip(session(Frames.many(1000)));
        assertThat(read.attributes()).hasSize(1000);
        assertThat(read.attributes().get(999).name()).isEqualTo("attr-999");
    }

    @Test
    void headerFieldsIncludingExtremes() throws Exception {
        FrameHeader extreme = new FrameHeader(255, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, -1L,
                Integer.MIN_VALUE);
        SessionFrame read = roundTrip(new SessionFrame(extreme, false, null, null, List.of()));
        assertThat(FrameReader.readHeader(writer.write(read, Frames.bound(read)).bytes())).isEqualTo(extreme);
    }

    @Test
    void justUnderThresholdStaysUncompressed() throws Exception {
        EncodedFrame encoded = writer.write(session(List.of(attribute("a", text(399)))), BINDING);
        assertThat(flags(encoded) & FrameFormat.FLAG_COMPRESSED).as("compressed flag").isZero();
        assertThat(encoded.rawBytes()).isEqualTo(encoded.bytes().length);
        roundTrip(session(List.of(attribute("a", text(399)))));
    }

    @Test
    void atThresholdIsCompressed() throws Exception {
        SessionFrame frame = session(List.of(attribute("a", text(200)), attribute("b", text(200))));
        EncodedFrame encoded = writer.write(frame, Frames.bound(frame));
        assertThat(flags(encoded) & FrameFormat.FLAG_COMPRESSED).as("compressed flag").isNotZero();
        assertThat(encoded.bytes().length).isLessThan(encoded.rawBytes());
        roundTrip(frame);
    }

    @Test
    void overThresholdIsCompressed() throws Exception {
        EncodedFrame encoded = writer.write(Frames.compressible(), BINDING);
        assertThat(flags(encoded) & FrameFormat.FLAG_COMPRESSED).isNotZero();
        assertThat(encoded.bytes().length).isLessThan(encoded.rawBytes() / 4);
        roundTrip(Frames.compressible());
    }

    @Test
    void incompressibleDataStaysUncompressed() throws Exception {
        SessionFrame frame = session(List.of(attribute("noise", random(5000, 1))));
        EncodedFrame encoded = writer.write(frame, Frames.bound(frame));
        assertThat(flags(encoded) & FrameFormat.FLAG_COMPRESSED).as("compressed flag").isZero();
        assertThat(encoded.bytes().length).isEqualTo(encoded.rawBytes());
        assertThat(encoded.incompressible()).as("reported, so the next frames may skip the try").isTrue();
        roundTrip(frame);
    }

    @Test
    void onlyAFailedTryIsReportedIncompressible() {
        assertThat(writer.write(Frames.compressible(), BINDING).incompressible()).as("compressed").isFalse();
        SessionFrame small = session(List.of(attribute("a", text(399))));
        assertThat(writer.write(small, Frames.bound(small)).incompressible()).as("under the threshold").isFalse();
        SessionFrame noise = session(List.of(attribute("noise", random(5000, 1))));
        assertThat(writer.write(noise, Frames.bound(noise), false).incompressible()).as("not tried").isFalse();
    }

    @Test
    void aFrameWrittenWithoutTryingCompressionIsTheUncompressedFrame() throws Exception {
        SessionFrame frame = Frames.compressible();
        EncodedFrame skipped = writer.write(frame, Frames.bound(frame), false);
        assertThat(flags(skipped) & FrameFormat.FLAG_COMPRESSED).as("compressed flag").isZero();
        assertThat(skipped.bytes().length).isEqualTo(skipped.rawBytes())
                .isEqualTo(writer.write(frame, Frames.bound(frame)).rawBytes());
        assertThat(reader.read(skipped.bytes(), Frames.bound(frame))).usingRecursiveComparison().isEqualTo(frame);
    }

    @Test
    void rawBytesIsTheUncompressedSizeOfTheSameFrame() {
        SessionFrame frame = Frames.compressible();
        EncodedFrame compressed = writer.write(frame, Frames.bound(frame));
        EncodedFrame plain = new FrameWriter(new FrameOptions(Integer.MAX_VALUE, 1 << 24, null)).write(frame, Frames.bound(frame));
        assertThat(compressed.rawBytes()).isEqualTo(plain.bytes().length).isEqualTo(plain.rawBytes());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void signedFramesRoundTrip(boolean compressed) throws Exception {
        FrameOptions options = new FrameOptions(400, 1 << 24, KEY);
        SessionFrame frame = compressed ? Frames.compressible() : Frames.small();
        byte[] bytes = new FrameWriter(options).write(frame, Frames.bound(frame)).bytes();
        assertThat(flags(bytes) & FrameFormat.FLAG_SIGNED).isNotZero();
        assertThat(new FrameReader(options).read(bytes, BINDING)).usingRecursiveComparison().isEqualTo(frame);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void withTimesKeepsTheCheckValid(boolean signed) throws Exception {
        FrameOptions options = new FrameOptions(400, 1 << 24, signed ? KEY : null);
        byte[] bytes = new FrameWriter(options).write(Frames.compressible(), BINDING).bytes();
        byte[] touched = FrameFormat.withTimes(bytes, 1_900_000_000_000L, 1_899_000_000_000L);
        SessionFrame read = new FrameReader(options).read(touched, BINDING);
        assertThat(read.header().expiresAt()).isEqualTo(1_900_000_000_000L);
        assertThat(read.header().lastAccess()).isEqualTo(1_899_000_000_000L);
        assertThat(read.header().version()).isEqualTo(HEADER.version());
        assertThat(bytes).as("original untouched").isEqualTo(new FrameWriter(options).write(Frames.compressible(), BINDING)
                .bytes());
    }

    @Test
    void writerAndReaderAreSafeToShareBetweenThreads() throws Exception {
        FrameOptions options = new FrameOptions(400, 1 << 24, KEY);
        FrameWriter sharedWriter = new FrameWriter(options);
        FrameReader sharedReader = new FrameReader(options);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                SessionFrame frame = t % 2 == 0 ? Frames.compressible() : Frames.small();
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        SessionFrame read = sharedReader.read(sharedWriter.write(frame, Frames.bound(frame)).bytes(), Frames.bound(frame));
                        assertThat(read).usingRecursiveComparison().isEqualTo(frame);
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withTimesRefusesSomethingShorterThanAHeader() {
        assertThatThrownBy(() -> FrameFormat.withTimes(new byte[10], 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void indexOfACompressedFrameNeedsNoDecompression() throws Exception {
        byte[] bytes = writer.write(Frames.compressible(), BINDING).bytes();
        assertThat(flags(bytes) & FrameFormat.FLAG_COMPRESSED).isNotZero();
        // Destroy the LZ4 section: index() still answers, read() cannot.
        int sectionStart = bytes.length - 4 - 20;
        for (int i = sectionStart; i < bytes.length - 4; i++) {
            bytes[i] = (byte) 0xFF;
        }
        byte[] garbled = Frames.reseal(bytes, null);
        assertThat(FrameReader.index(garbled)).containsExactly(new AttributeSize("a", 1200), new AttributeSize("b", 900));
        assertThatThrownBy(() -> reader.read(garbled, BINDING)).isInstanceOf(CorruptFrameException.class);
    }

    @Test
    void indexOfSignedFrameWithoutKey() throws Exception {
        byte[] bytes = new FrameWriter(new FrameOptions(400, 1 << 24, KEY)).write(Frames.small(), BINDING).bytes();
        assertThat(FrameReader.index(bytes)).extracting(AttributeSize::name).containsExactly("userId", "name");
    }

    @Test
    void writerRefusesASectionOverTheLimit() {
        FrameWriter tight = new FrameWriter(new FrameOptions(400, 100, null));
        assertThatThrownBy(() -> tight.write(session(List.of(attribute("a", text(101)))), BINDING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDecodedSize");
    }

    @Test
    void optionsNeverPrintTheKey() {
        assertThat(new FrameOptions(1, 2, KEY).toString()).doesNotContain(new String(KEY,
                java.nio.charset.StandardCharsets.US_ASCII)).contains("hmac=on");
    }

    private static int flags(EncodedFrame frame) {
        return flags(frame.bytes());
    }

    private static int flags(byte[] bytes) {
        return bytes[FrameFormat.OFFSET_FLAGS] & 0xFF;
    }
}
