package io.sessionstores.redis;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What the cache of a {@link CachedJdbcSessionStore} missed while Redis failed (or was left alone
 * after a failure), per session id: the database changed or deleted a session and Redis may still
 * hold an older record. This node reads those sessions from the database until the repair is done
 * (from the background thread, once Redis answers). Bounded: beyond {@value #MAX} ids a repair is
 * dropped and counted (the cache may then serve that session's older record until it expires).
 */
final class CacheRepairs {

    /** Most ids remembered (about 10 MB). */
    static final int MAX = 100_000;

    /** What Redis must be told. */
    enum Repair {
        /** The session was written (or its write failed half-way): refill it from the database. */
        REFILL,
        /** The session is gone from the database under this id: evict it. */
        EVICT
    }

    /** One repair; {@code false} when Redis failed (the drain stops there). */
    interface Worker {
        boolean repair(String id, Repair repair);
    }

    private final Map<String, Repair> pending = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();

    /** Remembers a repair; an eviction wins over a refill of the same id. */
    void add(String id, Repair repair) {
        if (pending.size() >= MAX && !pending.containsKey(id)) {
            dropped.incrementAndGet();
            return;
        }
        pending.merge(id, repair, (old, added) -> old == Repair.EVICT ? old : added);
    }

    /** The repair pending for {@code id}, or {@code null}. */
    Repair get(String id) {
        return pending.isEmpty() ? null : pending.get(id);
    }

    /** Forgets {@code id}'s repair if it is {@code repair} (done by a request). */
    void remove(String id, Repair repair) {
        if (!pending.isEmpty()) {
            pending.remove(id, repair);
        }
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    int size() {
        return pending.size();
    }

    /** Repairs dropped because {@value #MAX} were pending. */
    long dropped() {
        return dropped.get();
    }

    /**
     * Hands pending repairs to {@code worker} until it fails, {@code max} are done or the clock
     * passes {@code deadline}.
     *
     * @return how many were done
     */
    long drain(Worker worker, long max, long deadline, LongSupplier clock) {
        long done = 0;
        Iterator<Map.Entry<String, Repair>> it = pending.entrySet().iterator();
        while (it.hasNext() && done < max && clock.getAsLong() < deadline) {
            Map.Entry<String, Repair> next = it.next();
            if (!worker.repair(next.getKey(), next.getValue())) {
                break;
            }
            pending.remove(next.getKey(), next.getValue());
            done++;
        }
        return done;
    }
}
