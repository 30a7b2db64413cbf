package io.sessionstores.redis;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Safe encodings of a session id for Redis keys and hash fields. The id is untrusted text: only
 * the form Tomcat generates (upper-case hex, optionally {@code .jvmRoute} of letters, digits,
 * {@code -} and {@code _}) is used as it is; anything else is hex-encoded behind a marker, so no
 * raw untrusted text ever reaches a key and two different ids never share an encoding.
 */
final class SessionIdBytes {

    /**
     * Fields that start with a zero byte are marked: the second byte says what follows.
     * {@code 00 FF} + UTF-8 is an id not in Tomcat's hex form (0xFF never occurs in UTF-8);
     * {@code 00} + bytes is a hex id whose own first byte is zero. Every other field is a hex id
     * as it is. The three forms never coincide, so two ids never share a field.
     */
    private static final byte MARK = 0;
    private static final byte TEXT = (byte) 0xFF;
    /** Marks a key part holding the hex of the UTF-8 of an id not in Tomcat's hex form. */
    private static final char TEXT_KEY = '~';

    private SessionIdBytes() {
    }

    /** Length of the leading run of upper-case hex digits, rounded down to whole bytes. */
    static int hexPrefixLength(String id) {
        int n = 0;
        while (n < id.length() && isUpperHex(id.charAt(n))) {
            n++;
        }
        return n & ~1;
    }

    /** Whether the id is Tomcat's shape: even-length upper-case hex, then nothing or a safe route. */
    static boolean isTomcatShape(String id) {
        int hex = hexPrefixLength(id);
        if (hex == 0) {
            return false;
        }
        if (hex == id.length()) {
            return true;
        }
        if (id.charAt(hex) != '.' || hex + 1 == id.length()) {
            return false;
        }
        for (int i = hex + 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_') {
                return false;
            }
        }
        return true;
    }

    /**
     * The hash field for an id: hex decoded to bytes (half the memory), the {@code .route}
     * suffix kept as text after them, behind a zero byte when the first decoded byte is zero;
     * any other id as {@code 00 FF} followed by its UTF-8.
     */
    static byte[] field(String id) {
        if (!isTomcatShape(id)) {
            byte[] text = id.getBytes(StandardCharsets.UTF_8);
            byte[] field = new byte[text.length + 2];
            field[0] = MARK;
            field[1] = TEXT;
            System.arraycopy(text, 0, field, 2, text.length);
            return field;
        }
        int hex = hexPrefixLength(id);
        byte[] raw = HexFormat.of().parseHex(id, 0, hex);
        byte[] route = id.substring(hex).getBytes(StandardCharsets.US_ASCII);
        int mark = raw[0] == MARK ? 1 : 0;
        byte[] field = new byte[mark + raw.length + route.length];
        System.arraycopy(raw, 0, field, mark, raw.length);
        System.arraycopy(route, 0, field, mark + raw.length, route.length);
        return field;
    }

    /** The id as it may appear in a key name: itself in Tomcat's shape, else {@code ~} + hex of UTF-8. */
    static String keyPart(String id) {
        if (isTomcatShape(id)) {
            return id;
        }
        return TEXT_KEY + HexFormat.of().formatHex(id.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isUpperHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }
}
