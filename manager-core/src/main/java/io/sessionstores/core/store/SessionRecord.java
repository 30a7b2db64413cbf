package io.sessionstores.core.store;

import java.util.Objects;

/**
 * One session as a store keeps it: the encoded frame and the numbers a store indexes.
 *
 * @param id          the session id (untrusted text, see {@link SessionStore})
 * @param frame       the encoded frame, exactly as written by the Manager; stores keep it as is
 * @param version     record version, starting at 1 and growing by one per successful save
 * @param expiresAt   epoch ms after which the record is dead, or {@link #NEVER_EXPIRES}
 * @param lastAccess  epoch ms of the last access that was recorded in the store
 * @param maxInactive the session's maxInactiveInterval in seconds ({@code <= 0}: never expires)
 * @param rawBytes    the size the frame would have without compression (size analysis)
 */
public record SessionRecord(String id, byte[] frame, long version, long expiresAt, long lastAccess,
                            int maxInactive, int rawBytes) {

    /** {@code expiresAt} of a session that never expires (SQL: {@code NULL}). */
    public static final long NEVER_EXPIRES = 0L;

    public SessionRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(frame, "frame");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
    }

    /** The stored (possibly compressed) size in bytes. */
    public int storedBytes() {
        return frame.length;
    }

    /** Whether the record is dead at {@code now}. */
    public boolean isExpired(long now) {
        return isExpired(expiresAt, now);
    }

    /** Whether a record with this expiry is dead at {@code now}. */
    public static boolean isExpired(long expiresAt, long now) {
        return expiresAt != NEVER_EXPIRES && expiresAt <= now;
    }

    @Override
    public String toString() {
        return "SessionRecord[version=" + version + ", expiresAt=" + expiresAt + ", lastAccess=" + lastAccess
                + ", maxInactive=" + maxInactive + ", storedBytes=" + frame.length + ", rawBytes=" + rawBytes + "]";
    }
}
