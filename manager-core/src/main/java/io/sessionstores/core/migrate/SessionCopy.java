package io.sessionstores.core.migrate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.support.LogText;

/**
 * The online copy of a migration: walks the old store in keyset batches ({@link SessionStore#scan})
 * and writes each live session into the new store with its expiry (so its time to live), then
 * deletes it from the old store in the version copied.
 *
 * <ul>
 *   <li>idempotent: a session the new store already holds in the same or a newer version is left
 *       as it is (a request, or an earlier run, moved it); an older one is replaced, by a
 *       compare-and-set on the version found;</li>
 *   <li>resumable: progress carries the scan cursor; a run started from it continues there (and,
 *       since copied sessions leave the old store, a run from the start finds only what is left);</li>
 *   <li>online: each batch is one bounded scan plus a few calls per session (a few sessions at
 *       once); a pause between batches spares the stores; a run can be cancelled between two
 *       sessions.</li>
 * </ul>
 * Expired sessions are counted and left to the old store's own expiry. A session logged out,
 * renamed or expired by its node after the scan read it is not brought back: the new store's
 * {@link SessionStore#deleteLeavingTombstone tombstone} refuses the insert (counted as
 * {@link Progress#deletedMeanwhile()}), and a record whose scan began more than
 * {@link MigratingSessionStore#READ_DEADLINE_MILLIS} ago is read again before it is inserted.
 */
public final class SessionCopy {

    /**
     * How a copy runs.
     *
     * @param batchSize    sessions per scan batch (1 to {@link ScanRequest#MAX_LIMIT})
     * @param pause        wait between two batches
     * @param cursor       where to resume ({@link Progress#cursor()} of an earlier run), or {@code null}
     * @param deleteSource whether a copied session is deleted from the old store (drains it)
     * @param threads      sessions of a batch copied at once (1 to {@value #MAX_THREADS}): each
     *                     session is a few round trips, and a database commits each write
     */
    public record Options(int batchSize, Duration pause, String cursor, boolean deleteSource, int threads) {

        public Options {
            new ScanRequest(cursor, batchSize, -1); // checks the batch size
            if (threads < 1 || threads > MAX_THREADS) {
                throw new IllegalArgumentException("threads must be 1.." + MAX_THREADS + ", was " + threads);
            }
        }
    }

    /** Most sessions copied at once. */
    public static final int MAX_THREADS = 64;

    /** Sessions copied at once unless told otherwise. */
    public static final int DEFAULT_THREADS = 4;

    /** Counters of a running or finished copy, safe to read from any thread. */
    public static final class Progress {
        private final AtomicLong examined = new AtomicLong();
        private final AtomicLong copied = new AtomicLong();
        private final AtomicLong alreadyThere = new AtomicLong();
        private final AtomicLong expired = new AtomicLong();
        private final AtomicLong deletedMeanwhile = new AtomicLong();
        private final AtomicReference<String> cursor = new AtomicReference<>();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private volatile boolean done;

        /** Records the old store's scan looked at. */
        public long examined() {
            return examined.get();
        }

        /** Sessions written into the new store. */
        public long copied() {
            return copied.get();
        }

        /** Sessions the new store already held in the same or a newer version. */
        public long alreadyThere() {
            return alreadyThere.get();
        }

        /** Expired sessions skipped. */
        public long expired() {
            return expired.get();
        }

        /** Sessions deleted (logout, id change, expiry) between the scan and the insert: not copied. */
        public long deletedMeanwhile() {
            return deletedMeanwhile.get();
        }

        /** Where a later run resumes; {@code null} before the first batch and once the walk is complete. */
        public String cursor() {
            return cursor.get();
        }

        /** Whether the walk reached the end of the old store. */
        public boolean done() {
            return done;
        }

        /** Asks the copy to stop after the current session. */
        public void cancel() {
            cancelled.set(true);
        }

        /** Whether {@link #cancel} was called. */
        public boolean isCancelled() {
            return cancelled.get();
        }

        @Override
        public String toString() {
            return "examined " + examined + ", copied " + copied + ", already in the new store " + alreadyThere
                    + ", expired " + expired + ", deleted meanwhile " + deletedMeanwhile + (done ? ", complete" : cursor.get() == null ? "" : ", resume at " + LogText.escape(cursor.get()));
        }
    }

    private final SessionStore source;
    private final SessionStore target;
    private final LongSupplier nanos;

    /** A copy from {@code source} (the old store) into {@code target} (the new one), both started. */
    public SessionCopy(SessionStore source, SessionStore target) {
        this(source, target, System::nanoTime);
    }

    /** With the clock that measures the age of a read ({@link System#nanoTime()} but in tests). */
    SessionCopy(SessionStore source, SessionStore target, LongSupplier nanos) {
        this.source = source;
        this.target = target;
        this.nanos = nanos;
    }

    /**
     * Copies until the old store is walked through or {@code progress} is cancelled.
     *
     * @throws StoreException when a store fails (progress holds the cursor to resume from)
     */
    public void run(Options options, Progress progress) throws StoreException, InterruptedException {
        ExecutorService workers = Executors.newFixedThreadPool(options.threads(), runnable -> {
            Thread t = new Thread(runnable, "session-copy");
            t.setDaemon(true);
            return t;
        });
        try {
            ScanRequest request = new ScanRequest(options.cursor(), options.batchSize(), -1);
            while (!progress.isCancelled()) {
                long scanStart = nanos.getAsLong();
                ScanBatch batch = source.scan(request);
                copyBatch(batch, scanStart, options, progress, workers);
                if (progress.isCancelled()) {
                    return; // the cursor still points before this batch: a resume repeats it, harmlessly
                }
                progress.examined.addAndGet(batch.examined());
                progress.cursor.set(batch.nextCursor());
                if (batch.isLast()) {
                    progress.done = true;
                    return;
                }
                request = request.next(batch);
                if (!options.pause().isZero()) {
                    Thread.sleep(options.pause().toMillis());
                }
            }
        } finally {
            workers.shutdownNow();
        }
    }

    /** Copies the live records of one batch, {@code threads} at a time; the first failure fails the batch. */
    private void copyBatch(ScanBatch batch, long scanStart, Options options, Progress progress, ExecutorService workers)
            throws StoreException, InterruptedException {
        List<Future<?>> running = new ArrayList<>();
        for (ScannedRecord scanned : batch.records()) {
            if (scanned.expired()) {
                progress.expired.incrementAndGet();
                continue;
            }
            running.add(workers.submit(() -> {
                if (!progress.isCancelled()) {
                    copyOne(scanned.record(), scanStart, options.deleteSource(), progress);
                }
                return null;
            }));
        }
        for (Future<?> copy : running) {
            try {
                copy.get();
            } catch (ExecutionException e) {
                running.forEach(f -> f.cancel(false));
                if (e.getCause() instanceof StoreException failed) {
                    throw failed;
                }
                throw new IllegalStateException("session copy failed", e.getCause());
            }
        }
    }

    private void copyOne(SessionRecord scanned, long scanStart, boolean deleteSource, Progress progress)
            throws StoreException {
        SessionRecord record = scanned;
        if (MigratingSessionStore.isStale(scanStart, nanos.getAsLong())) {
            long readStart = nanos.getAsLong();
            record = source.read(scanned.id());
            if (record == null) {
                progress.deletedMeanwhile.incrementAndGet();
                return;
            }
            if (MigratingSessionStore.isStale(readStart, nanos.getAsLong())) {
                throw new StoreException("copy: reading a session from the old store took more than "
                        + MigratingSessionStore.READ_DEADLINE_MILLIS + " ms; stopped (resume from the cursor)");
            }
        }
        switch (placeInTarget(record)) {
            case WRITTEN -> progress.copied.incrementAndGet();
            case THERE -> progress.alreadyThere.incrementAndGet();
            case DELETED -> progress.deletedMeanwhile.incrementAndGet();
        }
        if (deleteSource) {
            source.deleteIfVersion(record.id(), record.version());
        }
    }

    private enum Placed { WRITTEN, THERE, DELETED }

    /** Writes the record unless the new store holds the same or a newer version, or a tombstone. */
    private Placed placeInTarget(SessionRecord record) throws StoreException {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (target.write(record, 0)) {
                return Placed.WRITTEN;
            }
            SessionRecord there = target.read(record.id());
            if (there == null) {
                return Placed.DELETED; // a tombstone refused the insert: deleted since the read
            }
            if (there.version() >= record.version()) {
                return Placed.THERE;
            }
            if (target.write(record, there.version())) {
                return Placed.WRITTEN;
            }
        }
        return Placed.THERE;
    }
}
