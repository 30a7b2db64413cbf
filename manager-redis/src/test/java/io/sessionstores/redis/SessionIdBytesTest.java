package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SessionIdBytesTest {

    private static final List<String> IDS = List.of("A1B2", "a1b2", "\u00a1\u00b2", "A1B2.x", "A1B2.", "A1B2.x y",
            "A1B", "~A1B2", "", "aba10", "006162613130", "a", "00FF61", "0000", "00", "\u0000aba10", "A1B22E78",
            "00A1.x", "00A12E78", "A1B2C3D4.node-1", "0001.r", "ünï-🙂");

    @Test
    void hexIdBecomesHalfAsManyBytesAndTheRouteStaysText() {
        assertThat(SessionIdBytes.field("A1B2C3D4")).isEqualTo(HexFormat.of().parseHex("A1B2C3D4"));
        byte[] routed = SessionIdBytes.field("A1B2.node-1");
        assertThat(routed).as("marker, route, end of route, hex bytes")
                .isEqualTo(HexFormat.of().parseHex("0001" + HexFormat.of().formatHex("node-1".getBytes()) + "00A1B2"));
    }

    @Test
    void distinctIdsNeverShareAFieldOrAKey() {
        List<String> ids = IDS;
        Set<String> fields = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (String id : ids) {
            fields.add(HexFormat.of().formatHex(SessionIdBytes.field(id)));
            keys.add(SessionIdBytes.keyPart(id));
        }
        assertThat(fields).as("fields of %s", ids).hasSize(ids.size());
        assertThat(keys).as("key parts of %s", ids).hasSize(ids.size());
    }

    /** Regression: "aba10" and the hex id of a zero byte + "aba10" shared a field (found by the store contract). */
    @Test
    void aHexIdStartingWithAZeroByteIsMarkedSoItCannotPassForText() {
        assertThat(SessionIdBytes.field("006162613130")).isEqualTo(HexFormat.of().parseHex("00006162613130"));
        assertThat(SessionIdBytes.field("aba10")).isEqualTo(HexFormat.of().parseHex("00ff6162613130"));
        assertThat(SessionIdBytes.field("0AFF")).as("other hex ids are unmarked").isEqualTo(HexFormat.of().parseHex("0AFF"));
    }

    /** Regression: "A1B2.x" and "A1B22E78" both became the field bytes A1 B2 2E 78. */
    @Test
    void routedIdAndHexIdOfTheSameBytesGetDifferentFields() {
        assertThat(SessionIdBytes.field("A1B2.x")).isNotEqualTo(SessionIdBytes.field("A1B22E78"));
        assertThat(SessionIdBytes.field("00A1.x")).isNotEqualTo(SessionIdBytes.field("00A12E78"));
    }

    @Test
    void everyFieldAndKeyPartDecodesToItsId() {
        for (String id : IDS) {
            assertThat(SessionIdBytes.idOfField(SessionIdBytes.field(id))).as("id of the field of '%s'", id).isEqualTo(id);
            assertThat(SessionIdBytes.idOfKeyPart(SessionIdBytes.keyPart(id))).as("id of the key part of '%s'", id)
                    .isEqualTo(id);
        }
    }

    @Test
    void foreignFieldsAndKeysDecodeToNull() {
        assertThat(SessionIdBytes.idOfField(new byte[0])).isNull();
        assertThat(SessionIdBytes.idOfField(new byte[] {0})).isNull();
        assertThat(SessionIdBytes.idOfField(new byte[] {0, 7, 1})).isNull();
        assertThat(SessionIdBytes.idOfField(new byte[] {0, 1, 'x', 0})).as("a route without hex bytes").isNull();
        assertThat(SessionIdBytes.idOfKeyPart("sweep")).isNull();
        assertThat(SessionIdBytes.idOfKeyPart("probe")).isNull();
        assertThat(SessionIdBytes.idOfKeyPart("~zz")).isNull();
        assertThat(SessionIdBytes.idOfKeyPart("~4142")).as("hex of an id that is Tomcat-shaped itself").isNull();
    }

    @Test
    void untrustedTextNeverReachesAKeyName() {
        assertThat(SessionIdBytes.keyPart("A1B2C3D4.node1")).isEqualTo("A1B2C3D4.node1");
        assertThat(SessionIdBytes.keyPart("x*\r\n{tag}")).isEqualTo("~782a0d0a7b7461677d");
        assertThat(SessionIdBytes.keyPart("ABCD.{tag}")).startsWith("~").matches("~[0-9a-f]+");
    }

    /** The hand-written hex decoding and bucket prefix give what the JDK's parsers give, on Tomcat-shaped ids. */
    @Test
    void fieldsAndBucketsOfTomcatIdsAreTheJdkParsersBytes() {
        java.util.Random random = new java.util.Random(25);
        HexPrefixBucketGenerator g = new HexPrefixBucketGenerator();
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(32)];
            random.nextBytes(bytes);
            bytes[0] = (byte) (bytes[0] == 0 ? 1 : bytes[0]); // a leading zero byte is marked (tested above)
            String id = HexFormat.of().withUpperCase().formatHex(bytes);
            assertThat(SessionIdBytes.field(id)).as(id).isEqualTo(bytes);
            if (id.length() >= 4) {
                assertThat(g.bucket(id, 65536)).as(id).isEqualTo(Integer.parseInt(id, 0, 4, 16));
            }
        }
        assertThat(g.bucket("A1b2C3D4", 65536)).as("lower-case digit in the first four: CRC")
                .isEqualTo(g.bucket("A1b2C3D4", 65536)).isNotEqualTo(0xA1B2 & 0xFFFF);
    }

    @Test
    void bucketComesFromTheFirstFourHexDigits() {
        HexPrefixBucketGenerator g = new HexPrefixBucketGenerator();
        assertThat(g.bucket("A1B2C3D4", 65536)).isEqualTo(0xA1B2);
        assertThat(g.bucket("A1B2C3D4", 16)).isEqualTo(0x2);
        assertThat(g.bucket("not hex", 65536)).isBetween(0, 65535).isEqualTo(g.bucket("not hex", 65536));
        KeyLayout layout = new KeyLayout(StoreMode.HASH, "ss:12345678:", 65536, g);
        assertThat(layout.locate("00FFC3D4").key()).isEqualTo("ss:12345678:00ff");
    }
}
