package io.sessionstores.redis;

/**
 * Where one session lives in Redis ({@link RedisSessionStore#locate}).
 *
 * <p>Holds the session's id in its key (string mode) or field (hash mode): like the id, it is
 * not for logs.
 *
 * @param key   the Redis key (hash mode: the bucket hash; string mode: the session's own key)
 * @param field the hash field in hash mode (the id in binary: Tomcat's hex id as bytes, other ids
 *              encoded behind a marker byte), an empty array in string mode
 */
public record SessionLocation(String key, byte[] field) {

    /** Whether the session is a field of the hash at {@link #key} (hash mode), not a key of its own. */
    public boolean inHash() {
        return field.length > 0;
    }

    /**
     * The {@link #field} as {@code redis-cli} reads a double-quoted argument: every byte as
     * {@code \xHH}, to paste between quotes ({@code HGET <key> "<cliField>"}); empty in string mode.
     *
     * @return the field, escaped
     */
    public String cliField() {
        StringBuilder escaped = new StringBuilder(field.length * 4);
        for (byte b : field) {
            escaped.append(String.format("\\x%02x", b & 0xFF));
        }
        return escaped.toString();
    }
}
