package io.sessionstores.core.engine;

import io.sessionstores.core.store.SessionRecord;

/**
 * When an unchanged session's expiry must be written ("touched"), and which expiry a write
 * records. Pure arithmetic on epoch milliseconds, so it is tested with a moving clock.
 *
 * <p>A read-only request does not write the session; it only touches the stored expiry when the
 * last stored access is at least {@code window} old. To make that coalescing safe, every write
 * and touch records {@code expiresAt = access + maxInactive + window}: the true expiry
 * (last real access + maxInactive) is then never earlier than the stored one, because a real
 * access is at most {@code window} after the last stored one. So a session never expires early,
 * and outlives its true expiry by at most {@code window}.
 */
public final class TouchPolicy {

    /** Automatic window: this fraction of maxInactiveInterval ... */
    static final int AUTO_WINDOW_DIVISOR = 20;
    /** ... capped at one minute, */
    static final long AUTO_WINDOW_MAX_MS = 60_000;
    /** ... and at least one second. */
    static final long AUTO_WINDOW_MIN_MS = 1_000;

    private final int configuredWindowSeconds;

    /**
     * @param windowSeconds the touch window in seconds, or a negative value for the automatic
     *                      window (5% of maxInactiveInterval, between 1 s and 60 s); 0 touches on
     *                      every request
     */
    public TouchPolicy(int windowSeconds) {
        this.configuredWindowSeconds = windowSeconds;
    }

    /** The window in milliseconds for a session with this maxInactiveInterval (seconds). */
    public long windowMillis(int maxInactiveSeconds) {
        if (configuredWindowSeconds >= 0) {
            return configuredWindowSeconds * 1000L;
        }
        if (maxInactiveSeconds <= 0) {
            return AUTO_WINDOW_MAX_MS;
        }
        long auto = maxInactiveSeconds * 1000L / AUTO_WINDOW_DIVISOR;
        return Math.max(AUTO_WINDOW_MIN_MS, Math.min(AUTO_WINDOW_MAX_MS, auto));
    }

    /** The expiry to record for an access at {@code accessTime}. */
    public long expiresAt(long accessTime, int maxInactiveSeconds) {
        if (maxInactiveSeconds <= 0) {
            return SessionRecord.NEVER_EXPIRES;
        }
        return accessTime + maxInactiveSeconds * 1000L + windowMillis(maxInactiveSeconds);
    }

    /**
     * Whether an unchanged session accessed {@code now} must have its stored expiry refreshed.
     *
     * @param storedLastAccess the last access the store has recorded
     */
    public boolean needsTouch(long now, long storedLastAccess, int maxInactiveSeconds) {
        if (maxInactiveSeconds <= 0) {
            return false;
        }
        return now - storedLastAccess >= windowMillis(maxInactiveSeconds);
    }
}
