package io.sessionstores.core.expiry;

import java.time.Instant;

/**
 * The expiry valve's figures for JMX: the last run (over every context the valve covers) and
 * totals since start. Written by one run at a time, read by JMX at any time.
 */
final class ExpiryStats {

    private long lastRunDeleted;
    private long lastRunMillis;
    private long lastRunSlowestMillis;
    private long lastRunAt;
    private long totalDeleted;
    private long runs;
    private long errors;
    private String lastError = "";

    /** Records a finished run that deleted {@code deleted} records. */
    synchronized void ran(long startedAt, long deleted, long millis, long slowestMillis) {
        lastRunAt = startedAt;
        lastRunDeleted = deleted;
        lastRunMillis = millis;
        lastRunSlowestMillis = slowestMillis;
        totalDeleted += deleted;
        runs++;
    }

    /** Records a failed pass over one context. */
    synchronized void failed(String message) {
        errors++;
        lastError = Instant.now() + " " + message;
    }

    synchronized long lastRunDeleted() {
        return lastRunDeleted;
    }

    synchronized long lastRunMillis() {
        return lastRunMillis;
    }

    synchronized long lastRunSlowestMillis() {
        return lastRunSlowestMillis;
    }

    /** When the last run started (ISO-8601), or empty before the first. */
    synchronized String lastRunTime() {
        return lastRunAt == 0 ? "" : Instant.ofEpochMilli(lastRunAt).toString();
    }

    synchronized long totalDeleted() {
        return totalDeleted;
    }

    synchronized long runs() {
        return runs;
    }

    synchronized long errors() {
        return errors;
    }

    synchronized String lastError() {
        return lastError;
    }
}
