package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.SessionRecord;

/** String mode on the Redis of this machine: the contract, and Redis' own TTL on each key. */
class StringModeIT extends RedisModeContract {

    @Override
    RedisSessionStore newStore() {
        RedisSessionStore s = new RedisSessionStore();
        s.setAddress(StoreFixture.SHARED_REDIS);
        s.setMode("string");
        s.setKeyPrefix(StoreFixture.uniquePrefix());
        return s;
    }

    /** A key outlives its session by the grace in which the holding node expires it with listeners. */
    private static final long GRACE = SessionStore.EXPIRED_RECORD_GRACE_MILLIS;
    /** Real time a PTTL may lag the write it follows (the test's calls in between, on a loaded machine). */
    private static final long SLACK = 30_000;

    long pttl(String id) {
        return store.redisson().getBucket(store.layout().locate(id).key()).remainTimeToLive();
    }

    @Test
    void keyIsPrefixPlusIdWithTheRemainingLifeAsTtl() throws Exception {
        assertThat(store.write(session(ID, 1, "x"), 0)).isTrue();
        assertThat(store.layout().locate(ID).key()).isEqualTo(store.layout().prefix() + ID);
        assertThat(pttl(ID)).as("PTTL after write").isBetween(30 * MINUTE - SLACK + GRACE, 30 * MINUTE + GRACE);

        assertThat(store.touch(ID, now(), now() + 45 * MINUTE)).isTrue();
        assertThat(pttl(ID)).as("PTTL after touch").isBetween(45 * MINUTE - SLACK + GRACE, 45 * MINUTE + GRACE);
    }

    @Test
    void neverExpiringSessionHasNoTtl() throws Exception {
        assertThat(store.write(Frames.record(ID, 1, SessionRecord.NEVER_EXPIRES, now(), "x"), 0)).isTrue();
        assertThat(pttl(ID)).as("PTTL of a key without expiry").isEqualTo(-1);
    }

    @Test
    void sweepIsANoOpInStringMode() throws Exception {
        assertThat(store.sweep(now(), 100, 1000)).isEqualTo(SweepResult.NONE);
    }

    @Test
    void expiryValveHasNothingToDeleteAndLeavesNoKey() throws Exception {
        assertThat(store.deleteExpired(ExpiryBatch.FIRST, 1000)).isEqualTo(ExpiryBatch.NOTHING_TO_DO);
        assertThat(store.acquireExpiryLease("node-a", 60_000)).as("no lease needed: Redis expires keys itself").isTrue();
        assertThat(store.redisson().getKeys().getKeysByPattern(store.layout().prefix() + "*"))
                .as("keys a string-mode valve run leaves (none: they would count as sessions)").isEmpty();
    }
}
