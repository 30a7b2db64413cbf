package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SessionIdBytesTest {

    @Test
    void hexIdBecomesHalfAsManyBytesAndTheRouteStaysText() {
        assertThat(SessionIdBytes.field("A1B2C3D4")).isEqualTo(HexFormat.of().parseHex("A1B2C3D4"));
        byte[] routed = SessionIdBytes.field("A1B2.node-1");
        assertThat(routed).hasSize(2 + 7);
        assertThat(new String(routed, 2, 7)).isEqualTo(".node-1");
    }

    @Test
    void distinctIdsNeverShareAFieldOrAKey() {
        List<String> ids = List.of("A1B2", "a1b2", "\u00a1\u00b2", "A1B2.x", "A1B2.", "A1B2.x y", "A1B", "~A1B2", "",
                "aba10", "006162613130", "a", "00FF61", "0000", "00", "\u0000aba10");
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

    @Test
    void untrustedTextNeverReachesAKeyName() {
        assertThat(SessionIdBytes.keyPart("A1B2C3D4.node1")).isEqualTo("A1B2C3D4.node1");
        assertThat(SessionIdBytes.keyPart("x*\r\n{tag}")).isEqualTo("~782a0d0a7b7461677d");
        assertThat(SessionIdBytes.keyPart("ABCD.{tag}")).startsWith("~").matches("~[0-9a-f]+");
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
