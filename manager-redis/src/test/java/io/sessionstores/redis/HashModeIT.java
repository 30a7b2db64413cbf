package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.redisson.api.RMap;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.redis.testkit.PipelinedFill;

/** Hash mode on the Redis of this machine: the contract, the key layout and the expiry sweep. */
class HashModeIT extends RedisModeContract {

    @Override
    RedisSessionStore newStore() {
        RedisSessionStore s = new RedisSessionStore();
        s.setAddress(StoreFixture.SHARED_REDIS);
        s.setKeyPrefix(StoreFixture.uniquePrefix());
        return s;
    }

    /** Replaces the test's store by one configured further by {@code settings}. */
    void restartWith(Consumer<RedisSessionStore> settings) throws StoreException {
        store.stop();
        RedisSessionStore configured = newStore();
        settings.accept(configured);
        store = fixture.start(configured, "/Catalina/localhost/contract");
    }

    RMap<byte[], byte[]> bucket(String key) {
        return store.redisson().getMap(key, ByteArrayCodec.INSTANCE);
    }

    @Test
    void changedLayoutIsRefusedWhileSessionsRemainUnderTheOldOne() throws Exception {
        assertThat(store.write(session(ID, 1, "x"), 0)).isTrue();
        RedisSessionStore fewerBuckets = newStore();
        fewerBuckets.setKeyPrefix(store.getKeyPrefix());
        fewerBuckets.setBucketCount(1024);
        assertThatThrownBy(() -> fixture.start(fewerBuckets, "/Catalina/localhost/contract"))
                .isInstanceOf(StoreException.class)
                .hasMessageContainingAll("bucketCount=4096", "bucketCount=1024", "redis-cli --scan");
        RedisSessionStore otherPrefix = newStore();
        assertThatThrownBy(() -> fixture.start(otherPrefix, "/Catalina/localhost/contract"))
                .isInstanceOf(StoreException.class).hasMessageContaining("keyPrefix=" + store.getKeyPrefix());
        RedisSessionStore stringMode = newStore();
        stringMode.setKeyPrefix(store.getKeyPrefix());
        stringMode.setMode("string");
        assertThatThrownBy(() -> fixture.start(stringMode, "/Catalina/localhost/contract"))
                .isInstanceOf(StoreException.class).hasMessageContaining("mode=hash");

        store.delete(ID);
        fixture.start(fewerBuckets, "/Catalina/localhost/contract");
        try {
            assertThat(fewerBuckets.write(session(ID, 1, "x"), 0)).as("new layout once no session is left").isTrue();
        } finally {
            fewerBuckets.stop();
        }
    }

    @Test
    void fieldTtlModeOnAServerWithoutHpexpireProbesAgainAndStoresTheSessionWithItsExpiry() throws Exception {
        restartWith(s -> s.setBucketCount(16));
        store.scripts().assume(true); // the last probe ran on a newer server; a failover put Redis 7.0 in charge
        assertThat(store.write(session(ID, 1, "x"), 0)).as("write in field-TTL mode on a server without HPEXPIRE")
                .isTrue();
        assertThat(store.scripts().isKnownFieldTtl()).as("the server was probed again").isFalse();
        assertThat(store.read(ID).version()).isEqualTo(1);
        fixture.clock.addAndGet(31 * MINUTE + SessionStore.EXPIRED_RECORD_GRACE_MILLIS);
        assertThat(store.sweep(now(), 16, 10_000).deleted()).as("the sweep removes it once expired").isEqualTo(1);
    }

    @Test
    void fieldTtlModeKeepsSweepingFieldsWrittenWithoutTtl() throws Exception {
        restartWith(s -> s.setBucketCount(16));
        assertThat(store.write(session(ID, 1, "before the upgrade"), 0)).isTrue();
        store.scripts().assume(true); // the server now expires fields itself; this one has no TTL
        fixture.clock.addAndGet(31 * MINUTE + SessionStore.EXPIRED_RECORD_GRACE_MILLIS);
        assertThat(store.sweep(now(), 16, 10_000).deleted()).as("expired field without a TTL").isEqualTo(1);
    }

    /**
     * The sweep in per-field TTL mode also gives TTL-less fields their TTL (HPTTL, HPEXPIRE). On a
     * server without those commands (this machine's Redis 7.0, or a failover to an older replica)
     * that sweep fails before touching anything; the store probes the server again and sweeps in
     * the mode found, instead of failing every run. (The TTL-giving itself needs Redis 7.4+.)
     */
    @Test
    void fieldTtlSweepOnAServerWithoutHpexpireProbesAgainAndSweeps() throws Exception {
        restartWith(s -> s.setBucketCount(16));
        assertThat(store.write(session(ID, 1, "expires"), 0)).isTrue();
        fixture.clock.addAndGet(31 * MINUTE + SessionStore.EXPIRED_RECORD_GRACE_MILLIS);
        assertThat(store.write(session(OTHER_ID, 1, "stays"), 0)).isTrue();
        store.scripts().assume(true); // the last probe ran on a newer server
        SweepResult result = store.sweep(now(), 16, 10_000);
        assertThat(result.deleted()).as("expired fields swept").isEqualTo(1);
        assertThat(result.ttlGiven()).as("TTLs given on a server without HPEXPIRE").isZero();
        assertThat(store.scripts().isKnownFieldTtl()).as("the server was probed again").isFalse();
        assertThat(store.getFieldTtl()).isEqualTo("no");
        assertThat(store.read(OTHER_ID)).as("the live session").isNotNull();
    }

    @Test
    void sessionIsABinaryFieldOfTheBucketNamedByItsFirstFourHexDigitsModuloTheBucketCount() throws Exception {
        String routed = ID + ".node1";
        assertThat(store.write(session(routed, 1, "x"), 0)).isTrue();

        String key = store.layout().prefix() + "01b2"; // 0xA1B2 & (4096 - 1), the default bucket count
        Map<byte[], byte[]> fields = bucket(key).readAllMap();
        assertThat(fields).as("bucket " + key).hasSize(1);
        byte[] field = fields.keySet().iterator().next();
        // a routed id: marker 00 01, the route, 00, then the id's 16 bytes (see SessionIdBytes)
        assertThat(HexFormat.of().formatHex(field, 0, 2)).isEqualTo("0001");
        assertThat(new String(field, 2, 5, StandardCharsets.US_ASCII)).isEqualTo("node1");
        assertThat(field[7]).isZero();
        assertThat(HexFormat.of().formatHex(field, 8, 24).toUpperCase()).isEqualTo(ID);
        assertThat(field).hasSize(2 + 5 + 1 + 16);
        assertThat(SessionIdBytes.idOfField(field)).isEqualTo(routed);
    }

    @Test
    void bucketCountFoldsIdsIntoFewerHashes() throws Exception {
        restartWith(s -> s.setBucketCount(16));
        for (int i = 0; i < 64; i++) {
            assertThat(store.write(session(String.format("%04X", i * 1031) + ID.substring(4), 1, "b"), 0)).isTrue();
        }
        assertThat(store.redisson().getKeys().getKeysByPattern(store.layout().prefix() + "*"))
                .filteredOn(k -> !k.equals(store.layout().changesKey())) // the change stream's counter
                .as("bucket keys with bucketCount=16").hasSizeLessThanOrEqualTo(16)
                .allMatch(k -> k.matches(".*:000[0-9a-f]"));
        assertThat(store.count()).isEqualTo(64);
    }

    @Test
    void sweepDeletesExpiredFieldsOnlyAndKeepsWhatItCannotRead() throws Exception {
        restartWith(s -> s.setBucketCount(4));
        int live = 0;
        for (int i = 0; i < 200; i++) {
            String id = String.format("%04X", i) + ID.substring(4);
            long expiresAt = i % 3 == 0 ? SessionRecord.NEVER_EXPIRES : now() + (i % 2 == 0 ? MINUTE : -1);
            // written while "now" was earlier, so the store accepts records that are already dead now
            assertThat(store.write(Frames.record(id, 1, expiresAt, now() - 2 * MINUTE, "v"), 0)).isTrue();
            live += SessionRecord.isExpired(expiresAt, now()) ? 0 : 1;
        }
        putRaw("FFFF" + ID.substring(4), "garbage".getBytes());

        SweepResult result = store.sweep(now() + SessionStore.EXPIRED_RECORD_GRACE_MILLIS, 4, 10_000);

        assertThat(result.buckets()).isEqualTo(4);
        assertThat(result.deleted()).isEqualTo(200 - live);
        assertThat(store.count()).as("live sessions and the garbage value remain").isEqualTo(live + 1);
    }

    @Test
    void sweepWalksABigBucketInBoundedCalls() throws Exception {
        restartWith(s -> {
            s.setBucketCount(1);
            s.setSweepFieldsPerCall(10);
        });
        for (int i = 0; i < 1000; i++) {
            String id = String.format("%08X", i) + ID.substring(8);
            assertThat(store.write(Frames.record(id, 1, now() + (i < 600 ? 1 : MINUTE), now(), "v"), 0)).isTrue();
        }
        fixture.clock.addAndGet(10);

        SweepResult result = store.sweep(now() + SessionStore.EXPIRED_RECORD_GRACE_MILLIS, 1, 10_000);

        assertThat(result.deleted()).isEqualTo(600);
        assertThat(result.calls()).as("a 1000-field hash takes several HSCAN pages of about 10").isGreaterThan(10);
        assertThat(store.count()).isEqualTo(400);
    }

    @Test
    void sweepCursorLivesInRedisSoStoresContinueEachOther() throws Exception {
        restartWith(s -> s.setBucketCount(1024));
        String prefix = store.getKeyPrefix();
        RedisSessionStore second = new RedisSessionStore();
        second.setAddress(StoreFixture.SHARED_REDIS);
        second.setKeyPrefix(prefix);
        second.setBucketCount(1024);
        fixture.start(second, "/Catalina/localhost/contract");
        try {
            assertThat(store.sweep(now(), 300, 10_000).buckets()).isEqualTo(300);
            assertThat(second.sweep(now(), 300, 10_000).buckets()).isEqualTo(300);
            assertThat(store.redisson().getAtomicLong(prefix + "sweep").get())
                    .as("both runs advanced one shared cursor").isEqualTo(600);
        } finally {
            second.stop();
        }
    }

    @Test
    void backgroundProcessSweepsTheShareOfBucketsDue() throws Exception {
        restartWith(s -> {
            s.setBucketCount(1024);
            s.setSweepPeriodSeconds(100);
        });

        fixture.clock.addAndGet(10_000); // a tenth of the period
        store.backgroundProcess();

        assertThat(store.redisson().getAtomicLong(store.layout().prefix() + "sweep").get())
                .as("buckets swept after a tenth of the period").isEqualTo(103);
    }

    /**
     * The sweep used to delete a field as soon as it expired, before the node
     * holding the session could expire it with its listeners (compare-and-delete).
     */
    @Test
    void sweepKeepsAnExpiredFieldForTheGraceSoTheHoldingNodeFiresListeners() throws Exception {
        restartWith(s -> s.setBucketCount(1));
        assertThat(store.write(Frames.record(ID, 3, now() + 10, now(), "v"), 0)).isTrue();
        fixture.clock.addAndGet(10 + SessionStore.EXPIRED_RECORD_GRACE_MILLIS - 1);

        assertThat(store.sweep(now(), 1, 10_000).deleted()).as("fields deleted within the grace").isZero();

        assertThat(store.read(ID)).as("an expired field is never read").isNull();
        assertThat(store.deleteIfVersion(ID, 3)).as("the holding node's compare-and-delete still finds it").isTrue();
    }

    @Test
    void serverWithoutPerFieldTtlIsDetectedAndTheSweepIsUsed() throws Exception {
        assertThat(store.write(session(ID, 1, "x"), 0)).isTrue();
        assertThat(store.redisson().getKeys().countExists(store.layout().probeKey())).as("the probe leaves no key").isZero();
        // Redis 7.0 here has no HPEXPIRE: the write above ran in plain hash mode and the sweep is active
        assertThat(store.sweep(now(), 1, 1000).buckets()).isEqualTo(1);
    }

    /** Lua 5.1's unpack fails beyond about 8,000 values; HDEL goes in chunks. */
    @Test
    void sweepDeletesMoreThanUnpackCanTakeInOneCall() throws Exception {
        restartWith(s -> {
            s.setBucketCount(1);
            s.setSweepFieldsPerCall(10_000);
        });
        PipelinedFill.sessions(store, now(), 12_000, now() - MINUTE, 100,
                new PipelinedFill.BatchWrites(store.redisson()));

        SweepResult result = store.sweep(now() + SessionStore.EXPIRED_RECORD_GRACE_MILLIS, 1, 60_000);

        assertThat(result.deleted()).as("expired fields of a 12,000-field bucket").isEqualTo(12_000);
        assertThat(store.count()).isZero();
    }

    /** A big bucket respects the time budget and its HSCAN cursor outlives the run. */
    @Test
    void bigBucketStopsAtTheBudgetAndTheNextRunContinuesItsCursor() throws Exception {
        restartWith(s -> {
            s.setBucketCount(1);
            s.setSweepFieldsPerCall(10);
        });
        PipelinedFill.sessions(store, now(), 12_000, now() - MINUTE, 100,
                new PipelinedFill.BatchWrites(store.redisson()));
        RMap<String, String> unfinished = store.redisson().getMap(store.layout().sweepUnfinishedKey(),
                StringCodec.INSTANCE);

        SweepResult first = store.sweep(now() + SessionStore.EXPIRED_RECORD_GRACE_MILLIS, 1, 30);

        assertThat(first.deleted()).as("deleted within a 30 ms budget").isPositive().isLessThan(12_000);
        // the budget is checked between calls: a loaded machine may pause a run, never for 12,000 fields' worth
        assertThat(first.millis()).as("duration of a 30 ms run").isLessThan(5_000);
        assertThat(unfinished.get("0")).as("HSCAN cursor kept in Redis for bucket 0").isNotNull().isNotEqualTo("0");
        long deleted = first.deleted();
        for (int run = 0; run < 1_000 && store.count() > 0; run++) {
            deleted += store.sweep(now() + SessionStore.EXPIRED_RECORD_GRACE_MILLIS, 1, 30).deleted();
        }
        assertThat(deleted).as("deleted over the runs").isEqualTo(12_000);
        assertThat(unfinished.isExists()).as("no unfinished bucket left").isFalse();
    }
}
