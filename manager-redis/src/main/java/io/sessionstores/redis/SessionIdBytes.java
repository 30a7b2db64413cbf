package io.sessionstores.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
     * <ul>
     *   <li>{@code 00 00} + bytes: a hex id whose own first byte is zero (the second {@code 00} is
     *       that byte);</li>
     *   <li>{@code 00 01} + route + {@code 00} + bytes: a hex id with a {@code .route} suffix (the
     *       route is ASCII letters, digits, {@code -} and {@code _}, so it never holds a zero
     *       byte);</li>
     *   <li>{@code 00 FF} + UTF-8: an id not in Tomcat's hex form (0xFF never occurs in UTF-8).</li>
     * </ul>
     * Every other field is a hex id without a route, as bytes. Each form decodes to one id only,
     * so two ids never share a field, and a field gives its id back ({@link #idOfField}).
     */
    private static final byte MARK = 0;
    private static final byte ROUTED = 1;
    private static final byte TEXT = (byte) 0xFF;
    private static final byte ROUTE_END = 0;
    /** Marks a key part holding the hex of the UTF-8 of an id not in Tomcat's hex form. */
    private static final char TEXT_KEY = '~';
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

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
        return isTomcatShape(id, hexPrefixLength(id));
    }

    /** {@link #isTomcatShape(String)} given the id's {@link #hexPrefixLength}. */
    private static boolean isTomcatShape(String id, int hex) {
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
     * The hash field for an id: hex decoded to bytes (half the memory); behind a marker when the
     * first decoded byte is zero or the id has a {@code .route}; any other id as {@code 00 FF}
     * followed by its UTF-8 (see {@link #MARK}).
     */
    static byte[] field(String id) {
        int hex = hexPrefixLength(id);
        if (!isTomcatShape(id, hex)) {
            return marked(TEXT, id.getBytes(StandardCharsets.UTF_8));
        }
        byte[] raw = upperHexBytes(id, hex);
        if (hex < id.length()) {
            byte[] route = id.substring(hex + 1).getBytes(StandardCharsets.US_ASCII);
            byte[] field = marked(ROUTED, Arrays.copyOf(route, route.length + 1 + raw.length));
            field[2 + route.length] = ROUTE_END;
            System.arraycopy(raw, 0, field, 3 + route.length, raw.length);
            return field;
        }
        if (raw[0] != MARK) {
            return raw;
        }
        byte[] field = new byte[raw.length + 1];
        System.arraycopy(raw, 0, field, 1, raw.length);
        return field;
    }

    /**
     * The id a {@link #field} stands for, or {@code null} when {@code field} is not one this class
     * produces (another client's field in the same hash).
     */
    static String idOfField(byte[] field) {
        if (field.length == 0) {
            return null;
        }
        if (field[0] != MARK) {
            return UPPER_HEX.formatHex(field);
        }
        if (field.length < 2) {
            return null;
        }
        switch (field[1]) {
            case MARK:
                return UPPER_HEX.formatHex(field, 1, field.length);
            case TEXT:
                return new String(field, 2, field.length - 2, StandardCharsets.UTF_8);
            case ROUTED:
                return routedId(field);
            default:
                return null;
        }
    }

    private static String routedId(byte[] field) {
        int end = 2;
        while (end < field.length && field[end] != ROUTE_END) {
            end++;
        }
        if (end == 2 || end >= field.length - 1) {
            return null;
        }
        return UPPER_HEX.formatHex(field, end + 1, field.length) + "."
                + new String(field, 2, end - 2, StandardCharsets.US_ASCII);
    }

    /**
     * The id whose string-mode key is {@code prefix + keyPart}, or {@code null} when the key is not
     * one of this class's (the store's own small keys share the prefix).
     */
    static String idOfKeyPart(String keyPart) {
        if (isTomcatShape(keyPart)) {
            return keyPart;
        }
        if (keyPart.isEmpty() || keyPart.charAt(0) != TEXT_KEY || keyPart.length() % 2 == 0) {
            return null;
        }
        try {
            String id = new String(HexFormat.of().parseHex(keyPart, 1, keyPart.length()), StandardCharsets.UTF_8);
            return keyPart(id).equals(keyPart) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] marked(byte kind, byte[] rest) {
        byte[] field = new byte[rest.length + 2];
        field[0] = MARK;
        field[1] = kind;
        System.arraycopy(rest, 0, field, 2, rest.length);
        return field;
    }

    /** The id as it may appear in a key name: itself in Tomcat's shape, else {@code ~} + hex of UTF-8. */
    static String keyPart(String id) {
        if (isTomcatShape(id)) {
            return id;
        }
        return TEXT_KEY + HexFormat.of().formatHex(id.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The bytes of {@code id}'s first {@code length} characters, upper-case hex digits (checked by
     * the caller). {@link HexFormat#parseHex} checks and converts each character through a general
     * path: on every read and write, it was most of a request's cost of finding the session's key.
     */
    private static byte[] upperHexBytes(String id, int length) {
        byte[] bytes = new byte[length / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (upperHexValue(id.charAt(2 * i)) << 4 | upperHexValue(id.charAt(2 * i + 1)));
        }
        return bytes;
    }

    /** The value of an upper-case hex digit. */
    static int upperHexValue(char c) {
        return c <= '9' ? c - '0' : c - 'A' + 10;
    }

    static boolean isUpperHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }
}
