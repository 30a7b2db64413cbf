package io.sessionstores.redis;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.support.BackgroundTimer;
import io.sessionstores.core.support.RateLimitedLog;
import io.sessionstores.jdbc.PendingEvictions;

/**
 * Makes a cached-JDBC logout final on every node whatever Redis does. When a node cannot evict a
 * session's cached record (Redis failing, or left alone after a failure), it records the id in the
 * database ({@link PendingEvictions}) before the row goes. Every node reads the pending ids every
 * {@value #CHECK_MILLIS} ms (one indexed query of an almost always empty range) and serves no
 * cached record of them: it reads the database instead. A node serves a cached record at all only
 * while its last successful check started at most {@value #TRUST_MILLIS} ms ago, and the node that
 * recorded an eviction returns from the logout only {@value #TRUST_MILLIS} ms after the record was
 * committed: so once a logout has returned, no node serves the session from Redis (the bound is
 * zero), measured by each node's monotonic clock (no clock agreement needed). Any node that
 * reaches Redis evicts the pending ids and clears them; the records survive restarts.
 *
 * <p>A node whose check fails (the database unreachable from it) keeps serving what Redis holds,
 * as it did before (a read-only request of a cached session works while the database is down); it
 * cannot learn of a logout made meanwhile by a node that reaches the database. The normal read
 * path costs no database statement.
 *
 * <p>The same records carry a write whose record Redis did not take (see
 * {@link CachedJdbcSessionStore#write}): the id is recorded after the database took the write, the
 * write returns {@value #TRUST_MILLIS} ms later, and no node serves Redis's older record meanwhile.
 * The near cache's copies obey the same bound ({@link #isTrusted}, {@link CachedJdbcChangeStream}):
 * each check hands the ids it found to {@link #onCheck} before it counts as current.
 */
final class DurableEvictions {

    /** How often each node reads the pending evictions. */
    static final long CHECK_MILLIS = 500;
    /**
     * How old a node's last successful check may be for the node to serve cached records, and how
     * long a logout whose eviction failed waits after recording it. Covers a check that is late by
     * up to {@value #TRUST_MILLIS} - {@value #CHECK_MILLIS} ms (a loaded machine); a later check
     * only sends reads to the database meanwhile.
     */
    static final long TRUST_MILLIS = 2000;
    /** Pending ids a node keeps in memory; beyond that it serves no cached record at all. */
    static final int MAX_KNOWN = 10_000;
    /** Evictions one check performs at most. */
    static final int EVICTIONS_PER_CHECK = 1000;

    /** Evicts one id in Redis; {@code false} when Redis failed or is left alone. */
    interface Evictor {
        boolean evict(String id);
    }

    /** What the last successful check read, and when (System.nanoTime) it started. */
    private record Known(Set<String> ids, boolean complete, long checkedAt) {
    }

    private final PendingEvictions table;
    private final Evictor evictor;
    private final RateLimitedLog log;
    private final String logName;
    /** Ids this node recorded, with when the record was committed (System.nanoTime), until a check covers them. */
    private final Map<String, Long> recordedHere = new ConcurrentHashMap<>();
    private volatile Known known;
    private volatile boolean checkFailing;
    private volatile ScheduledExecutorService checker;
    private volatile Consumer<List<String>> onCheck = ids -> { };

    DurableEvictions(PendingEvictions table, Evictor evictor, String logName, RateLimitedLog log) {
        this.table = table;
        this.evictor = evictor;
        this.log = log;
        this.logName = logName;
        this.known = new Known(Set.of(), false, System.nanoTime());
    }

    /** Checks once now (so a node that starts knows what is pending), then every {@value #CHECK_MILLIS} ms. */
    void start() {
        check();
        checker = BackgroundTimer.every("session-stores pending evictions " + logName, this::checkAndCarryOn,
                CHECK_MILLIS, CHECK_MILLIS);
    }

    void stop() {
        ScheduledExecutorService thread = checker;
        checker = null;
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether {@code id}'s cached record must not be served: its eviction is pending (no database statement). */
    boolean isPending(String id) {
        return known.ids().contains(id) || recordedHere.containsKey(id);
    }

    /**
     * Whether this node knows every pending eviction, so that a cached record of an id not
     * {@link #isPending pending} may be served: its last check started at most
     * {@value #TRUST_MILLIS} ms ago and read them all, or its check fails (the database is out of
     * reach: Redis serves what it holds, no logout can reach this node).
     */
    boolean isCurrent() {
        if (checkFailing) {
            return true;
        }
        Known k = known;
        return k.complete() && System.nanoTime() - k.checkedAt() <= TimeUnit.MILLISECONDS.toNanos(TRUST_MILLIS);
    }

    /**
     * Whether this node's copies may be served unread by the near cache: its last check started
     * less than {@value #TRUST_MILLIS} ms ago, read every pending id, and handed them to
     * {@link #onCheck} (so every copy of a recorded id was dropped); unlike {@link #isCurrent}, never
     * while the check fails (a write or logout Redis missed could not be learnt of).
     */
    boolean isTrusted() {
        if (checkFailing) {
            return false;
        }
        Known k = known;
        return k.complete() && System.nanoTime() - k.checkedAt() < TimeUnit.MILLISECONDS.toNanos(TRUST_MILLIS);
    }

    /** Told, by every successful check and before it counts as current, of the ids it found pending. */
    void onCheck(Consumer<List<String>> pending) {
        this.onCheck = pending == null ? ids -> { } : pending;
    }

    /**
     * Records that {@code id}'s cached record must go, durably, before the database deletes or
     * moves the session; returns when the record is committed (System.nanoTime).
     *
     * @throws StoreException when the database did not take it (the logout must not proceed)
     */
    long record(String id) throws StoreException {
        table.add(id);
        long committed = System.nanoTime();
        recordedHere.put(id, committed);
        return committed;
    }

    /**
     * Waits until every node's trusted check has started after {@code committed} (see
     * {@link #record}), so none serves the recorded id from Redis any more.
     */
    static void awaitEveryNode(long committed) {
        long left = committed + TimeUnit.MILLISECONDS.toNanos(TRUST_MILLIS) - System.nanoTime();
        if (left > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ids known to be pending (JMX). */
    int size() {
        Set<String> ids = known.ids();
        return ids.size() + (int) recordedHere.keySet().stream().filter(id -> !ids.contains(id)).count();
    }

    /** A check whose unexpected failure is logged: an exception would cancel every later check. */
    private void checkAndCarryOn() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn(logName + ": checking the pending cache evictions failed: " + e, e);
        }
    }

    /** One check: reads the pending ids, then evicts them in Redis and clears them while Redis answers. */
    void check() {
        long started = System.nanoTime();
        List<String> ids;
        try {
            ids = table.list(MAX_KNOWN + 1);
        } catch (StoreException | RuntimeException e) {
            checkFailing = true;
            log.warn(logName + ": reading the pending cache evictions failed; until it works again this node serves"
                    + " cached sessions without knowing of logouts Redis missed: " + e.getMessage());
            return;
        }
        if (!ids.isEmpty()) {
            onCheck.accept(ids);
        }
        known = new Known(Set.copyOf(ids), ids.size() <= MAX_KNOWN, started);
        checkFailing = false;
        recordedHere.values().removeIf(committed -> committed - started < 0);
        int done = 0;
        for (String id : ids) {
            if (done == EVICTIONS_PER_CHECK || !evictor.evict(id)) {
                return;
            }
            try {
                table.clear(id);
            } catch (StoreException e) {
                return; // cleared by the next check
            }
            done++;
        }
    }
}
