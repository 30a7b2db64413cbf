package io.sessionstores.core.expiry;

import java.util.concurrent.TimeUnit;

import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;

/**
 * One raw expiry pass over one store, the same code behind the valve and the command line: take
 * (or renew) the store's expiry lease, then delete bounded batches until the store says the pass
 * is complete or the time budget is spent (checked between batches; one batch is one short
 * statement or a few pipelined Redis calls).
 *
 * @param batchSize    records (Redis hash mode: bucket hashes) per batch
 * @param maxRunMillis time budget of one pass
 * @param leaseMillis  how long the lease holds without renewal
 */
public record ExpiryPass(int batchSize, long maxRunMillis, long leaseMillis) {

    /** Runs one pass as {@code owner}; a node that does not get the lease deletes nothing. */
    public ExpiryPassResult run(SessionStore store, String owner) throws StoreException {
        long started = System.nanoTime();
        if (!store.acquireExpiryLease(owner, leaseMillis)) {
            return ExpiryPassResult.notHolder(millisSince(started));
        }
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(maxRunMillis);
        ExpiryBatch batch = ExpiryBatch.FIRST;
        long deleted = 0;
        long slowest = 0;
        int batches = 0;
        do {
            long batchStarted = System.nanoTime();
            batch = store.deleteExpired(batch, batchSize);
            slowest = Math.max(slowest, System.nanoTime() - batchStarted);
            deleted += batch.deleted();
            batches++;
        } while (!batch.done() && System.nanoTime() - deadline < 0);
        return new ExpiryPassResult(true, deleted, batches, millisSince(started), TimeUnit.NANOSECONDS.toMillis(slowest),
                batch.done());
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
