package io.sessionstores.core.engine;

/**
 * The Manager's configuration, validated and frozen at start (by the Manager's settings check):
 * what the running code reads.
 *
 * @param codec                 attribute codec name ({@code java} or {@code json})
 * @param classNameFilter       the effective class-name allowlist (regex)
 * @param maxDepth              deepest object nesting of a decoded attribute value
 * @param compressMinLength     attribute sections at least this long are LZ4-compressed
 * @param maxDecodedSize        largest decoded frame accepted, bytes
 * @param hmacKey               HMAC key, or {@code null} for none (never logged)
 * @param sticky                serve a local copy without reading the store
 * @param saveMode              change detection policy
 * @param touchWindowSeconds    touch window; negative means automatic
 * @param maxSaveRetries        retries of a save after version conflicts
 * @param persistAuthentication keep the authenticated principal with the session
 * @param stickyMaxAgeSeconds   sticky mode: a copy confirmed by the store longer ago than this is
 *                              read again; negative: no bound
 * @param maxIdleCopies         idle session copies kept in memory at most; negative: no bound
 * @param unsavedStatus         HTTP status of a request whose change could not be stored
 * @param principalAttribute    the attribute naming the user of an application that logs in on
 *                              its own (the user index), or {@code null}
 */
public record ManagerConfig(String codec, String classNameFilter, int maxDepth, int compressMinLength, int maxDecodedSize,
                     byte[] hmacKey, boolean sticky, SaveMode saveMode, int touchWindowSeconds, int maxSaveRetries,
                     boolean persistAuthentication, int stickyMaxAgeSeconds, int maxIdleCopies,
                     int unsavedStatus, String principalAttribute) {

    /** One line for the log at start, secrets masked. */
    public String describe() {
        return "codec=" + codec + ", sticky=" + sticky + ", saveMode=" + saveMode.name().toLowerCase()
                + ", compressMinLength=" + compressMinLength + ", maxDecodedSize=" + maxDecodedSize
                + ", hmac=" + (hmacKey == null ? "off" : "on (key masked)")
                + ", touchWindow=" + (touchWindowSeconds < 0 ? "auto" : touchWindowSeconds + "s")
                + ", maxSaveRetries=" + maxSaveRetries + ", persistAuthentication=" + persistAuthentication
                + ", stickyMaxAge=" + (stickyMaxAgeSeconds < 0 ? "none" : stickyMaxAgeSeconds + "s")
                + ", maxIdleCopies=" + maxIdleCopies + ", unsavedStatus=" + unsavedStatus + ", maxDepth=" + maxDepth
                + ", allowedClassNames=" + classNameFilter
                + (principalAttribute == null ? "" : ", principalAttribute=" + principalAttribute);
    }
}
