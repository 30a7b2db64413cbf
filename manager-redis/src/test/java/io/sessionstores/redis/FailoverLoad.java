package io.sessionstores.redis;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreException;

/**
 * Writes under failover: threads that keep saving their own sessions through one store, each
 * write a compare-and-set to the next version, and remember the last version each store call
 * acknowledged. Afterwards {@link #lostWrites()} reads every session back: an acknowledged
 * version that is not there any more is a lost write. Failures are counted by kind (the Redisson
 * exception named in the store's message).
 */
final class FailoverLoad {

    private static final int SESSIONS_PER_THREAD = 16;

    private final RedisSessionStore store;
    private final StoreFixture fixture;
    private final String label;
    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final AtomicLong longestNanos = new AtomicLong();
    private final AtomicLong lastSuccessNanos = new AtomicLong();
    private final AtomicLong longestGapNanos = new AtomicLong();
    private final Thread[] threads;
    private volatile boolean running = true;

    FailoverLoad(String label, RedisSessionStore store, StoreFixture fixture, int threadCount) {
        this.label = label;
        this.store = store;
        this.fixture = fixture;
        this.threads = new Thread[threadCount];
        for (int t = 0; t < threadCount; t++) {
            int first = t * SESSIONS_PER_THREAD;
            threads[t] = new Thread(() -> run(first), "failover-load-" + label + "-" + t);
        }
    }

    void start() {
        for (Thread thread : threads) {
            thread.start();
        }
    }

    void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }

    /** Nanos (System.nanoTime) of the last acknowledged write. */
    long lastSuccessNanos() {
        return lastSuccessNanos.get();
    }

    /** Requests sent so far. */
    long sent() {
        return sent.sum();
    }

    static String id(int n) {
        return String.format("%04X", (n * 2654435761L) & 0xFFFF) + "00000000000000000000000000" + String.format("%02X", n & 0xFF);
    }

    private void run(int first) {
        long[] version = new long[SESSIONS_PER_THREAD];
        boolean[] unsure = new boolean[SESSIONS_PER_THREAD];
        for (int i = 0; running; i = (i + 1) % SESSIONS_PER_THREAD) {
            String id = id(first + i);
            if (unsure[i]) {
                try {
                    SessionRecord stored = store.read(id);
                    version[i] = stored == null ? 0 : stored.version();
                    unsure[i] = false;
                } catch (StoreException e) {
                    continue;
                }
            }
            long next = version[i] + 1;
            long now = fixture.now();
            long t0 = System.nanoTime();
            sent.increment();
            try {
                if (store.write(Frames.record(id, next, now + 600_000, now, "v" + next), version[i])) {
                    version[i] = next;
                    acknowledged.put(id, next);
                    long done = System.nanoTime();
                    long previous = lastSuccessNanos.getAndSet(done);
                    if (previous != 0) {
                        longestGapNanos.accumulateAndGet(done - previous, Math::max);
                    }
                } else {
                    failures.computeIfAbsent("conflict (an earlier failed write had reached the master)",
                            k -> new LongAdder()).increment();
                    unsure[i] = true;
                }
            } catch (StoreException e) {
                failures.computeIfAbsent(kind(e.getMessage()), k -> new LongAdder()).increment();
                unsure[i] = true;
            } finally {
                longestNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
            }
        }
    }

    private static String kind(String message) {
        if (message == null) {
            return "unknown";
        }
        if (message.contains("replicas confirmed")) {
            return "replicaAcks not met";
        }
        int failed = message.indexOf("failed: ");
        String rest = failed < 0 ? message : message.substring(failed + 8);
        int colon = rest.indexOf(':');
        return colon < 0 ? rest : rest.substring(0, colon);
    }

    /** Sessions whose acknowledged version is no longer in Redis. */
    long lostWrites() throws StoreException {
        long lost = 0;
        for (Map.Entry<String, Long> acked : acknowledged.entrySet()) {
            SessionRecord stored = store.read(acked.getKey());
            if (stored == null || stored.version() < acked.getValue()) {
                lost++;
            }
        }
        return lost;
    }

    /** One clause of the figures line: sent, failed by kind, longest request, writes lost. */
    String figures(long lost) {
        Map<String, Long> byKind = new TreeMap<>();
        failures.forEach((kind, count) -> byKind.put(kind, count.sum()));
        long failed = byKind.values().stream().mapToLong(Long::longValue).sum();
        return label + ": requests sent " + sent.sum() + ", failed " + failed + (byKind.isEmpty() ? "" : " " + byKind)
                + ", longest request " + longestNanos.get() / 1_000_000 + " ms, longest time without an acknowledged"
                + " write " + longestGapNanos.get() / 1_000_000 + " ms, acknowledged writes lost " + lost + " (of "
                + acknowledged.size() + " sessions)";
    }
}
