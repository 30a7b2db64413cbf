package io.sessionstores.core.store;

/**
 * What one run of a store's own sweep of expired records did (from Tomcat's background thread,
 * when no expiry valve covers the store), and the run itself: batches of raw expiry until none is
 * left or the run's time budget has passed.
 *
 * @param deleted       records deleted by the run
 * @param millis        how long the run took
 * @param slowestMillis how long its slowest batch took
 */
public record ExpirySweep(long deleted, long millis, long slowestMillis) {

    /** One batch of raw expiry, as {@link SessionStore#deleteExpired}. */
    @FunctionalInterface
    public interface Batches {
        ExpiryBatch next(ExpiryBatch previous, int batchSize) throws StoreException;
    }

    /** Runs batches of {@code batchSize} from a new pass until it is done or {@code budgetMillis} have passed. */
    public static ExpirySweep run(Batches batches, int batchSize, long budgetMillis) throws StoreException {
        long start = System.nanoTime();
        long total = 0;
        long slowest = 0;
        ExpiryBatch batch = ExpiryBatch.FIRST;
        do {
            long batchStart = System.nanoTime();
            batch = batches.next(batch, batchSize);
            slowest = Math.max(slowest, System.nanoTime() - batchStart);
            total += batch.deleted();
        } while (!batch.done() && (System.nanoTime() - start) / 1_000_000 < budgetMillis);
        return new ExpirySweep(total, (System.nanoTime() - start) / 1_000_000, slowest / 1_000_000);
    }
}
