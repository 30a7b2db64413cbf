package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RBatch;
import org.redisson.client.codec.ByteArrayCodec;

import io.sessionstores.core.analysis.AnalysisFixture;
import io.sessionstores.core.analysis.AnalysisOptions;
import io.sessionstores.core.analysis.AnalysisProgress;
import io.sessionstores.core.analysis.AnalysisReport;
import io.sessionstores.core.analysis.SessionAnalyzer;
import io.sessionstores.core.store.SessionRecord;

/**
 * Regression of the 5.4-6.6 s scan call of size analysis (1,000,000 sessions): the
 * benchmark's ids never use the first 256 buckets, the first round trip found them empty, the
 * width estimate (records per bucket) fell to 1/256 and the next round trip asked 4,096 full
 * buckets at once: one answer of 60,000 records, which Redisson's replaying decoder took seconds
 * to read. Each script call now stops once it holds a bounded share of the round trip's records.
 */
class RedisScanEmptyBucketsThenFullOnesIT {

    private static final String APP = "/Catalina/localhost/scan-empty-buckets";
    private static final int EMPTY_BUCKETS = 256;
    private static final int FULL_BUCKETS = 2048;
    private static final int PER_BUCKET = 12;

    private final StoreFixture fixture = new StoreFixture();
    private RedisSessionStore store;

    @AfterEach
    void stop() {
        StoreFixture.deleteKeys(store);
        store.stop();
    }

    @Test
    void emptyBucketsBeforeFullOnesKeepEveryRoundTripSmall_5s_scanCall() throws Exception {
        store = new RedisSessionStore();
        store.setAddress(StoreFixture.SHARED_REDIS);
        store.setKeyPrefix(StoreFixture.uniquePrefix());
        store.setBucketCount(65536);
        fixture.start(store, APP);
        AnalysisFixture.Seeded session = AnalysisFixture.session("00000000000000000000000000000001",
                fixture.now() + 1_800_000, false, false, Map.of("user", 40, "cart", 600));
        byte[] value = StoredValues.encode(session.record());
        RBatch batch = store.redisson().createBatch();
        for (int b = EMPTY_BUCKETS; b < EMPTY_BUCKETS + FULL_BUCKETS; b++) {
            for (int i = 0; i < PER_BUCKET; i++) {
                String id = String.format(Locale.ROOT, "%04X%028X", b, i);
                batch.<byte[], byte[]>getMap(store.layout().bucketKey(b), ByteArrayCodec.INSTANCE)
                        .fastPutAsync(SessionIdBytes.field(id), value);
            }
        }
        batch.execute();

        AnalysisReport report = new SessionAnalyzer(store, APP, fixture::now)
                .run(AnalysisOptions.biggerThan(0), new AnalysisProgress());

        assertThat(report.processed()).as("every session").isEqualTo((long) FULL_BUCKETS * PER_BUCKET);
        assertThat(report.totalRawBytes()).isEqualTo(session.rawBytes() * FULL_BUCKETS * PER_BUCKET);
        assertThat(report.unreadable()).isZero();
        assertThat(store.largestScanAnswer()).as("records in the largest round trip (%d before the fix)",
                FULL_BUCKETS * PER_BUCKET).isLessThanOrEqualTo(2_000);
        SessionRecord r = session.record();
        assertThat(r.frame().length).as("frames longer than the head, so heads are read").isGreaterThan(512);
    }
}
