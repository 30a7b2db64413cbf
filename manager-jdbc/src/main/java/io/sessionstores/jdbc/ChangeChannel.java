package io.sessionstores.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where the JDBC store announces the changes of one application's sessions in one table (see
 * {@link PostgresChangeStream}): the notification channel, and a session's key in it. Statements
 * of dialects that do not announce ignore both.
 *
 * <p>The channel is {@code session_changes_} and the first 16 hex digits of the SHA-256 of the
 * table's name, a zero byte and the application's name: 32 bytes of letters, digits and
 * underscores (PostgreSQL allows 63), the same on every node of the application, another for
 * another application or table. A session's key is the first 16 hex digits of the SHA-256 of the
 * application's name, a zero byte and the id (UTF-8): a listener learns which sessions change,
 * never their ids. PostgreSQL computes the same key over a row's id ({@code changeKey} in the
 * dialect's statements) for the sessions raw expiry deletes.
 */
final class ChangeChannel {

    static final String PREFIX = "session_changes_";
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ChangeChannel::sha256);

    private final String name;
    private final byte[] app;

    private ChangeChannel(String name, byte[] app) {
        this.name = name;
        this.app = app;
    }

    /** The channel of {@code app}'s sessions in {@code table} (a validated table name). */
    static ChangeChannel of(String table, String app) {
        return new ChangeChannel(PREFIX + hash16(table.getBytes(StandardCharsets.UTF_8),
                app.getBytes(StandardCharsets.UTF_8)), app.getBytes(StandardCharsets.UTF_8));
    }

    /** The channel's name, a plain lower-case identifier. */
    String name() {
        return name;
    }

    /** The key under which the changes of session {@code id} are announced. */
    String keyOf(String id) {
        return hash16(app, id.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds the channel ({@code :channel}) and the key of {@code id} under {@code keyName} to a statement's values. */
    void bind(Map<String, Object> values, String keyName, String id) {
        values.put("channel", name);
        values.put(keyName, keyOf(id));
    }

    private static String hash16(byte[] first, byte[] second) {
        MessageDigest digest = SHA256.get();
        digest.update(first);
        digest.update((byte) 0);
        digest.update(second);
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
