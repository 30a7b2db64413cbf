package io.sessionstores.core.engine;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * The durations of one kind of store call over the last minute, for the Manager's JMX latency
 * attributes (p50, p99, max).
 *
 * <p>A sliding window of {@value #STEPS} steps of {@value #STEP_SECONDS} seconds: the current
 * step and the {@value #STEPS}-1 before it, so a figure covers the last 50 to 60 seconds. Each
 * step is a log-linear histogram of microseconds: durations under 8 us exactly, above that
 * {@value #SUB_BUCKETS} buckets per power of two, so a percentile is reported at most 12.5 %
 * above the true value and never below it (the top of its bucket, but never above the step's
 * exact maximum); durations of 67 s and more share the top bucket.
 *
 * <p>Recording takes no lock and allocates nothing: one atomic add on the step's bucket and a
 * compare-and-set of the step's maximum when it grows. The first call of a new step clears the
 * step it reuses (other calls spin for that microsecond). Reading sums at most
 * {@value #STEPS} steps and is meant for a JMX scrape, not a request.
 */
public final class LatencyWindow {

    static final int STEPS = 6;
    static final int STEP_SECONDS = 10;
    static final int SUB_BUCKETS = 8;
    private static final int SUB_BITS = 3;
    /** Durations of 2^26 us (67 s) and more land in the last bucket. */
    private static final int MAX_POWER = 26;
    static final int BUCKETS = (MAX_POWER - SUB_BITS + 1) * SUB_BUCKETS;
    private static final int MAX_SLOT = BUCKETS;
    private static final int SLOT_LENGTH = BUCKETS + 1;
    private static final long STEP_NANOS = STEP_SECONDS * 1_000_000_000L;
    /** A step being cleared for its new period. */
    private static final long CLEARING = Long.MIN_VALUE;
    /** A step not used yet (below every period: {@link System#nanoTime()} may be negative). */
    private static final long UNUSED = Long.MIN_VALUE + 1;

    private final LongSupplier nanoClock;
    /** Per step: {@link #BUCKETS} counts, then the maximum in microseconds. */
    private final AtomicLongArray slots = new AtomicLongArray(STEPS * SLOT_LENGTH);
    /** Per step: the period (clock / step length) its counts belong to, or {@link #CLEARING}. */
    private final AtomicLongArray periods = new AtomicLongArray(STEPS);

    /** A window on {@link System#nanoTime()}. */
    public LatencyWindow() {
        this(System::nanoTime);
    }

    /** A window whose steps follow {@code nanoClock} (monotonic nanoseconds; tests move it). */
    public LatencyWindow(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        for (int i = 0; i < STEPS; i++) {
            periods.set(i, UNUSED);
        }
    }

    /** Records one call that took {@code nanos}. */
    public void record(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        long period = Math.floorDiv(nanoClock.getAsLong(), STEP_NANOS);
        int step = (int) Math.floorMod(period, STEPS);
        int base = step * SLOT_LENGTH;
        while (true) {
            long held = periods.get(step);
            if (held == period) {
                break;
            }
            if (held != CLEARING && held < period && periods.compareAndSet(step, held, CLEARING)) {
                for (int i = 0; i < SLOT_LENGTH; i++) {
                    slots.set(base + i, 0);
                }
                periods.set(step, period);
                break;
            }
            if (held != CLEARING && held > period) {
                return; // a call that started before a whole window passed: too old to count
            }
            Thread.onSpinWait();
        }
        slots.incrementAndGet(base + bucket(micros));
        long max = slots.get(base + MAX_SLOT);
        while (micros > max && !slots.compareAndSet(base + MAX_SLOT, max, micros)) {
            max = slots.get(base + MAX_SLOT);
        }
    }

    /** The figures of the last minute, summed over the steps it covers. */
    public Snapshot snapshot() {
        long period = Math.floorDiv(nanoClock.getAsLong(), STEP_NANOS);
        long[] counts = new long[BUCKETS];
        long max = 0;
        for (int step = 0; step < STEPS; step++) {
            long held = periods.get(step);
            if (held == CLEARING || held <= period - STEPS || held > period) {
                continue;
            }
            int base = step * SLOT_LENGTH;
            for (int i = 0; i < BUCKETS; i++) {
                counts[i] += slots.get(base + i);
            }
            max = Math.max(max, slots.get(base + MAX_SLOT));
        }
        return new Snapshot(counts, max);
    }

    /** The bucket of a duration in microseconds. */
    static int bucket(long micros) {
        if (micros < SUB_BUCKETS) {
            return (int) micros;
        }
        int power = Math.min(63 - Long.numberOfLeadingZeros(micros), MAX_POWER - 1);
        if (power == MAX_POWER - 1 && micros >= 1L << MAX_POWER) {
            return BUCKETS - 1;
        }
        int sub = (int) (micros >>> (power - SUB_BITS)) & (SUB_BUCKETS - 1);
        return (power - SUB_BITS + 1) * SUB_BUCKETS + sub;
    }

    /** The largest duration in microseconds that falls in {@code bucket}. */
    static long bucketTop(int bucket) {
        if (bucket < SUB_BUCKETS) {
            return bucket;
        }
        int power = bucket / SUB_BUCKETS + SUB_BITS - 1;
        int sub = bucket % SUB_BUCKETS;
        long low = (long) (SUB_BUCKETS + sub) << (power - SUB_BITS);
        return low + (1L << (power - SUB_BITS)) - 1;
    }

    /** What a window held when it was read. */
    public static final class Snapshot {
        private final long[] counts;
        private final long maxMicros;
        private final long total;

        Snapshot(long[] counts, long maxMicros) {
            this.counts = counts;
            this.maxMicros = maxMicros;
            long sum = 0;
            for (long c : counts) {
                sum += c;
            }
            this.total = sum;
        }

        /** Calls in the window. */
        public long count() {
            return total;
        }

        /** The longest call in the window, milliseconds; 0 without a call. */
        public double maxMillis() {
            return maxMicros / 1000.0;
        }

        /**
         * The duration that {@code percent} of the window's calls did not exceed, milliseconds
         * (at most 12.5 % above the true value, never above the maximum); 0 without a call.
         */
        public double percentileMillis(double percent) {
            if (total == 0) {
                return 0.0;
            }
            long rank = Math.max(1, (long) Math.ceil(total * percent / 100.0));
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return Math.min(bucketTop(i), maxMicros) / 1000.0;
                }
            }
            return maxMillis();
        }
    }
}
