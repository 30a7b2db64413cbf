package io.sessionstores.core.engine;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;

/**
 * The application's sessions in the store, every node's, for the Manager's JMX attribute
 * {@code storedSessions}: the store's {@link SessionStore#count()} (a SELECT COUNT, or a walk over
 * the Redis buckets or keys: never cheap), made at most once per {@link #MAX_AGE_SECONDS} seconds
 * and only when the attribute is read, on a thread of its own: a scrape reads the count cached
 * at the last refresh and never waits for, nor multiplies, the store's work.
 */
public final class StoredSessionCount {

    /** How long a count is shown before a read starts the next one. */
    public static final int MAX_AGE_SECONDS = 60;
    private static final long MAX_AGE_NANOS = MAX_AGE_SECONDS * 1_000_000_000L;

    /** The store's count. */
    @FunctionalInterface
    public interface Counter {
        long count() throws StoreException;
    }

    private final Counter counter;
    private final LongSupplier nanoClock;
    private final Consumer<Runnable> background;
    private final Consumer<StoreException> failed;
    private final AtomicBoolean counting = new AtomicBoolean();
    private volatile long value = -1;
    private volatile long countedAt;
    private volatile boolean counted;

    /**
     * @param counter    the store's count
     * @param nanoClock  monotonic nanoseconds (tests move it)
     * @param background runs a count off the caller's thread (tests: at once)
     * @param failed     told of a count that failed (the last count stays shown)
     */
    public StoredSessionCount(Counter counter, LongSupplier nanoClock, Consumer<Runnable> background,
                              Consumer<StoreException> failed) {
        this.counter = counter;
        this.nanoClock = nanoClock;
        this.background = background;
        this.failed = failed;
    }

    /**
     * The last count, -1 before the first one has finished; starts a new count when the last one
     * started {@link #MAX_AGE_SECONDS} seconds ago or more and none is running.
     */
    public long get() {
        long now = nanoClock.getAsLong();
        if ((!counted || now - countedAt >= MAX_AGE_NANOS) && counting.compareAndSet(false, true)) {
            countedAt = now;
            counted = true;
            try {
                background.accept(this::refresh);
            } catch (RuntimeException e) {
                counting.set(false);
                throw e;
            }
        }
        return value;
    }

    private void refresh() {
        try {
            value = counter.count();
        } catch (StoreException e) {
            failed.accept(e);
        } catch (RuntimeException e) {
            failed.accept(new StoreException("store count failed: " + e, e));
        } finally {
            counting.set(false);
        }
    }
}
