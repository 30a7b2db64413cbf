package io.sessionstores.core.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.sessionstores.core.frame.CorruptFrameException;
import io.sessionstores.core.frame.FrameReader;

/**
 * The form under which a store's user index keeps a user's name: the name itself when it is at
 * most {@link #MAX_INDEXED_BYTES} bytes of UTF-8 (every index column fits it, whatever the
 * database counts in), otherwise {@code "#"} and the hex SHA-256 of the name. The Manager and
 * the tools look a user up by the same form, so a long name is found as it was indexed.
 */
public final class UserNames {

    /** The longest name (in UTF-8 bytes) kept as it is. */
    public static final int MAX_INDEXED_BYTES = 200;

    private UserNames() {
    }

    /**
     * The principal name a stored frame carries ({@link FrameReader#principalName}), or
     * {@code null} for none and for a frame whose fields before the attribute index cannot be
     * read: the Manager writes only frames it built, and an unreadable one names nobody.
     */
    public static String principalOf(byte[] frame) {
        try {
            return FrameReader.principalName(frame);
        } catch (CorruptFrameException e) {
            return null;
        }
    }

    /** The indexed form of {@code name}; {@code null} for no name or an empty one (not indexed). */
    public static String indexed(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_INDEXED_BYTES && name.charAt(0) != '#') {
            return name;
        }
        try {
            return "#" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(utf8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
