package io.sessionstores.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.sessionstores.core.store.SessionRecord;

class TouchPolicyTest {

    private static final int THIRTY_MINUTES = 1800;

    @Test
    void automaticWindowIsFivePercentBetweenOneSecondAndOneMinute() {
        TouchPolicy auto = new TouchPolicy(-1);
        assertThat(auto.windowMillis(THIRTY_MINUTES)).isEqualTo(60_000);
        assertThat(auto.windowMillis(600)).isEqualTo(30_000);
        assertThat(auto.windowMillis(10)).isEqualTo(1_000);
        assertThat(new TouchPolicy(5).windowMillis(THIRTY_MINUTES)).isEqualTo(5_000);
        assertThat(new TouchPolicy(0).windowMillis(THIRTY_MINUTES)).isZero();
    }

    @Test
    void neverExpiringSessionsAreNeverTouchedAndStoreNoExpiry() {
        TouchPolicy p = new TouchPolicy(-1);
        assertThat(p.needsTouch(1_000_000, 0, 0)).isFalse();
        assertThat(p.needsTouch(1_000_000, 0, -1)).isFalse();
        assertThat(p.expiresAt(1_000, -1)).isEqualTo(SessionRecord.NEVER_EXPIRES);
    }

    /**
     * Simulates a session used by read-only requests at irregular times, touching only when the
     * policy says so, and checks at every millisecond step that the stored expiry is never before
     * the true expiry (last real access + maxInactive) and never later than true expiry + window.
     */
    @Test
    void coalescedTouchesNeverExpireEarlyNorLateByMoreThanTheWindow() {
        TouchPolicy p = new TouchPolicy(-1);
        int maxInactive = 600;
        long window = p.windowMillis(maxInactive);
        long now = 1_700_000_000_000L;
        long storedLastAccess = now;
        long storedExpiresAt = p.expiresAt(now, maxInactive);
        java.util.Random random = new java.util.Random(42);
        for (int request = 0; request < 10_000; request++) {
            now += random.nextInt(5_000);
            long lastRealAccess = now;
            if (p.needsTouch(now, storedLastAccess, maxInactive)) {
                storedLastAccess = now;
                storedExpiresAt = p.expiresAt(now, maxInactive);
            }
            long trueExpiry = lastRealAccess + maxInactive * 1000L;
            assertThat(storedExpiresAt)
                    .as("stored expiry after request %d", request)
                    .isGreaterThanOrEqualTo(trueExpiry)
                    .isLessThanOrEqualTo(trueExpiry + window);
        }
    }

    @Test
    void touchIsDueExactlyWhenTheStoredAccessIsAWindowOld() {
        TouchPolicy p = new TouchPolicy(10);
        assertThat(p.needsTouch(10_000 + 9_999, 10_000, 600)).isFalse();
        assertThat(p.needsTouch(10_000 + 10_000, 10_000, 600)).isTrue();
    }
}
