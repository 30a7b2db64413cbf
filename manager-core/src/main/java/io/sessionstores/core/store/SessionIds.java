package io.sessionstores.core.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Session ids are untrusted input: this class says whether one is well formed and gives the
 * short hash under which it may appear in logs.
 */
public final class SessionIds {

    /** Longest jvmRoute suffix accepted after the dot. */
    public static final int MAX_ROUTE_LENGTH = 64;

    private SessionIds() {
    }

    /**
     * Whether {@code id} is exactly what Tomcat's {@code StandardSessionIdGenerator} produces for
     * {@code sessionIdLength} random bytes: {@code 2 * sessionIdLength} upper-case hex digits,
     * optionally followed by {@code .jvmRoute}. Anything else, longer or shorter, is rejected.
     *
     * @param jvmRoute the Engine's jvmRoute, or {@code null}/empty when it has none; when set, a
     *                 suffix is allowed but not required (failover from another route), and must
     *                 be a plain route name
     */
    public static boolean isWellFormed(String id, int sessionIdLength, String jvmRoute) {
        if (id == null) {
            return false;
        }
        int hexLength = 2 * sessionIdLength;
        int len = id.length();
        if (len < hexLength) {
            return false;
        }
        for (int i = 0; i < hexLength; i++) {
            char c = id.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        if (len == hexLength) {
            return true;
        }
        if (jvmRoute == null || jvmRoute.isEmpty() || id.charAt(hexLength) != '.') {
            return false;
        }
        int routeLength = len - hexLength - 1;
        if (routeLength < 1 || routeLength > MAX_ROUTE_LENGTH) {
            return false;
        }
        for (int i = hexLength + 1; i < len; i++) {
            char c = id.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * A short, stable, non-reversible tag for an id, for log lines and reports: the first 12 hex
     * digits of its SHA-256. Never log the id itself: it is a bearer credential.
     */
    public static String hash(String id) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(String.valueOf(id).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
