package io.sessionstores.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The store-latency window behind the Manager's {@code *MillisP50/P99/Max} JMX attributes. */
class LatencyWindowTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MILLI = 1_000_000L;

    private final AtomicLong clock = new AtomicLong(-7 * SECOND); // nanoTime may be negative
    private final LatencyWindow window = new LatencyWindow(clock::get);

    /** The exact percentile of {@code sorted}: the smallest value that {@code percent} % do not exceed. */
    private static long exact(List<Long> sorted, double percent) {
        int rank = (int) Math.max(1, Math.ceil(sorted.size() * percent / 100.0));
        return sorted.get(rank - 1);
    }

    @Test
    void percentilesOfKnownDurationsAreNeverBelowAndAtMostAnEighthAbove() {
        Random random = new Random(42);
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            // 20 us to about 400 ms, log-uniform: every power of two in between gets calls
            long us = (long) (20 * Math.pow(20_000, random.nextDouble()));
            micros.add(us);
            window.record(us * 1000);
        }
        Collections.sort(micros);
        LatencyWindow.Snapshot s = window.snapshot();
        assertThat(s.count()).isEqualTo(5_000);
        assertThat(s.maxMillis()).isEqualTo(micros.get(micros.size() - 1) / 1000.0);
        for (double p : new double[] {1, 10, 50, 90, 99, 99.9, 100}) {
            double exactMillis = exact(micros, p) / 1000.0;
            assertThat(s.percentileMillis(p)).as("p%s", p)
                    .isGreaterThanOrEqualTo(exactMillis)
                    .isLessThanOrEqualTo(exactMillis * 1.125 + 0.001);
        }
    }

    @Test
    void hundredCallsOfOneToHundredMilliseconds() {
        for (int ms = 100; ms >= 1; ms--) {
            window.record(ms * MILLI);
        }
        LatencyWindow.Snapshot s = window.snapshot();
        assertThat(s.percentileMillis(50)).isBetween(50.0, 50 * 1.125);
        assertThat(s.percentileMillis(99)).isBetween(99.0, 99 * 1.125);
        assertThat(s.percentileMillis(100)).isEqualTo(100.0);
        assertThat(s.maxMillis()).isEqualTo(100.0);
    }

    @Test
    void durationsUnderEightMicrosecondsAreExact() {
        for (int us = 0; us < 8; us++) {
            window.record(us * 1000L + 999);
        }
        LatencyWindow.Snapshot s = window.snapshot();
        assertThat(s.percentileMillis(50)).isCloseTo(0.003, within(1e-9));
        assertThat(s.maxMillis()).isCloseTo(0.007, within(1e-9));
    }

    @Test
    void everyBucketHoldsExactlyTheDurationsUpToItsTop() {
        for (int b = 1; b < LatencyWindow.BUCKETS; b++) {
            long top = LatencyWindow.bucketTop(b);
            assertThat(LatencyWindow.bucket(top)).as("top of bucket %d", b).isEqualTo(b);
            assertThat(LatencyWindow.bucket(top + 1)).as("above bucket %d", b)
                    .isEqualTo(Math.min(b + 1, LatencyWindow.BUCKETS - 1));
            assertThat(LatencyWindow.bucket(LatencyWindow.bucketTop(b - 1) + 1)).isEqualTo(b);
        }
        assertThat(LatencyWindow.bucket(Long.MAX_VALUE / 1000)).isEqualTo(LatencyWindow.BUCKETS - 1);
    }

    @Test
    void emptyWindowReportsZero() {
        LatencyWindow.Snapshot s = window.snapshot();
        assertThat(s.count()).isZero();
        assertThat(s.percentileMillis(99)).isZero();
        assertThat(s.maxMillis()).isZero();
    }

    @Test
    void aSlowCallLeavesTheWindowAfterAMinuteAndNotBefore() {
        window.record(900 * MILLI);
        for (int second = 0; second < 50; second++) {
            clock.addAndGet(SECOND);
            window.record(2 * MILLI);
            assertThat(window.snapshot().maxMillis()).as("after %d s", second + 1).isEqualTo(900.0);
        }
        clock.addAndGet(10 * SECOND); // 60 s later: its step is no longer in the window
        window.record(2 * MILLI);
        LatencyWindow.Snapshot s = window.snapshot();
        assertThat(s.maxMillis()).isEqualTo(2.0);
        assertThat(s.percentileMillis(100)).isEqualTo(2.0);
        assertThat(s.count()).as("the calls of the last 50 to 60 s").isBetween(41L, 51L);
    }

    @Test
    void aReusedStepStartsEmpty() {
        window.record(300 * MILLI);
        clock.addAndGet(LatencyWindow.STEPS * LatencyWindow.STEP_SECONDS * SECOND); // the same step, a minute on
        window.record(1 * MILLI);
        LatencyWindow.Snapshot s = window.snapshot();
        assertThat(s.count()).isEqualTo(1);
        assertThat(s.maxMillis()).isEqualTo(1.0);
    }

    @Test
    void aQuietMinuteEmptiesTheWindowWithoutAnyNewCall() {
        window.record(5 * MILLI);
        clock.addAndGet(61 * SECOND);
        assertThat(window.snapshot().count()).isZero();
        assertThat(window.snapshot().maxMillis()).isZero();
    }

    @Test
    void concurrentCallsAcrossStepChangesAreAllCounted() throws Exception {
        int threads = 4;
        int calls = 20_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < calls; i++) {
                    if (i % 5_000 == 0) {
                        clock.addAndGet(SECOND); // steps change while others record
                    }
                    window.record((i % 100 + 1) * MILLI);
                }
            });
            w.start();
            workers.add(w);
        }
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        LatencyWindow.Snapshot s = window.snapshot();
        // 16 s of a 50-60 s window: no step is reused, so no call may be lost to a clearing
        assertThat(s.count()).isEqualTo((long) threads * calls);
        assertThat(s.maxMillis()).isEqualTo(100.0);
        assertThat(s.percentileMillis(50)).isBetween(50.0, 50 * 1.125);
    }
}
