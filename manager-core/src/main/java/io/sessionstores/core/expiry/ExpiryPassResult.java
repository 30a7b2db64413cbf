package io.sessionstores.core.expiry;

/**
 * What one {@link ExpiryPass} did.
 *
 * @param leaseHeld     whether this node held the lease (a node without it deletes nothing)
 * @param deleted       records deleted
 * @param batches       delete batches made (SQL statements, or pipelined calls of the bucket script)
 * @param millis        duration of the pass
 * @param slowestMillis duration of its slowest batch
 * @param complete      whether the pass reached the end (otherwise the time budget stopped it)
 */
public record ExpiryPassResult(boolean leaseHeld, long deleted, int batches, long millis, long slowestMillis,
                               boolean complete) {

    static ExpiryPassResult notHolder(long millis) {
        return new ExpiryPassResult(false, 0, 0, millis, 0, false);
    }

    /** One line for logs and the JMX operation. */
    public String describe() {
        if (!leaseHeld) {
            return "another node holds the expiry lease";
        }
        return "deleted " + deleted + " expired sessions in " + batches + " batches, " + millis + " ms (slowest batch "
                + slowestMillis + " ms)" + (complete ? "" : ", time budget spent, the next pass continues");
    }
}
