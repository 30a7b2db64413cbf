package io.sessionstores.core.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.catalina.Session;
import org.apache.catalina.connector.Request;

import io.sessionstores.core.store.SessionIds;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.support.RateLimitedLog;

/**
 * The sessions this node holds, kept in step with the store: one object per session per node,
 * loaded or refreshed at most once per request, saved after it, and expired only when the store
 * agrees. Created by the Manager at start; the Manager validates ids before
 * they get here.
 *
 * <p>Over 400 lines for one reason: every decision about this node's copies (find, read, save,
 * expire, evict) reads and changes the same map of copies and the same per-request misses, under
 * one rule: a node holds one object per session. Split by decision, each part would reach into
 * the others' state.
 */
public final class LocalSessions {

    private final Map<String, Session> sessions;
    private final StoreCalls calls;
    private final RecordLoader loader;
    private final SessionSaver saver;
    private final boolean sticky;
    private final ManagerStats stats;
    private final RateLimitedLog errors;
    private final String logName;
    private final LongSupplier clock;
    private final Supplier<VersionedSession> newSession;
    /** Copies the store's change stream vouches for, or {@code null} without a stream. */
    private final NearCache near;
    private final long stickyMaxAgeMillis;
    private final int maxIdleCopies;
    private final ReentrantLock evicting = new ReentrantLock();
    /** Above the bound, the size at which the next eviction pass runs (0: at the bound). */
    private volatile int nextEvictionAbove;
    /** Ids a request in progress found missing, so Tomcat's further lookups do not read the store. */
    private final ConcurrentHashMap<String, AtomicInteger> misses = new ConcurrentHashMap<>();

    public LocalSessions(Map<String, Session> sessions, StoreCalls calls, RecordLoader loader, SessionSaver saver,
                         ManagerConfig config, ManagerStats stats,
                  RateLimitedLog errors, String logName, LongSupplier clock, Supplier<VersionedSession> newSession,
                  NearCache near) {
        this.near = near;
        this.sessions = sessions;
        this.calls = calls;
        this.loader = loader;
        this.saver = saver;
        this.sticky = config.sticky();
        this.stickyMaxAgeMillis = config.stickyMaxAgeSeconds() < 0 ? -1 : config.stickyMaxAgeSeconds() * 1000L;
        this.maxIdleCopies = config.maxIdleCopies();
        this.stats = stats;
        this.errors = errors;
        this.logName = logName;
        this.clock = clock;
        this.newSession = newSession;
    }

    /**
     * Moves the stored record of a session to its new id ({@code changeSessionId}).
     *
     * @return whether a record was moved; {@code false} when the store held none under {@code oldId}
     */
    public boolean changeIdInStore(VersionedSession session, String oldId, String newId) throws StoreException {
        if (near != null) {
            near.forget(session); // read or written again under the new id before it is served unread
        }
        boolean moved = calls.changeId(oldId, newId);
        if (moved) {
            endCarried(oldId);
        }
        return moved;
    }

    /**
     * How long the end of a session under an id (a logout, the old id of a login's
     * {@code changeSessionId}) waits for this node's change stream to carry it: the store hands an
     * announcement to every listener at once, so once it is back here every node has it, and even
     * a stolen cookie sent at once gets nothing anywhere. A millisecond or two; bounded so that a
     * slow stream never holds a request long (the stream's own checks then reset it).
     */
    static final long END_CARRIED_MILLIS = 100;

    /** Waits (briefly) until this node's change stream has carried the end of {@code id}. */
    private void endCarried(String id) {
        if (near != null) {
            near.awaitCarried(id, io.sessionstores.core.store.ChangeStream.GONE, END_CARRIED_MILLIS);
        }
    }

    /** After {@link #changeIdInStore}: a signed frame binds its id, so the session is signed again. */
    public void rebindAfterIdChange(VersionedSession session) {
        saver.rebindAfterIdChange(session);
    }

    /**
     * Tomcat's lookup: this node's copy while a request on this node uses it (it was refreshed
     * for that request) or when sticky mode may serve it unread; nothing for an id a request in
     * progress found missing; otherwise one store read.
     */
    public VersionedSession find(String id) {
        VersionedSession local = (VersionedSession) sessions.get(id);
        if (local != null && !local.discarded() && (local.inUse() || servableUnread(local, 0))) {
            return local;
        }
        if (misses.containsKey(id)) {
            return null;
        }
        return load(id, local, 0);
    }

    /**
     * Whether this node's copy may be served without reading the store: never past its timeout
     * by this node's view (a copy that looks expired is checked against the store first, because
     * another node may have extended the session), nor below the version the request carries
     * ({@code requiredVersion}, the version cookie: this browser saw that version); then when the
     * change stream vouches for it ({@link NearCache}), or, in sticky mode, while the store
     * confirmed it less than {@code stickyMaxAge} ago.
     */
    private boolean servableUnread(VersionedSession local, long requiredVersion) {
        if (!local.alive() || local.discarded() || local.storedVersion() < requiredVersion) {
            return false;
        }
        long now = clock.getAsLong();
        if (now >= local.expiryTime()) {
            return false;
        }
        if (near != null && near.servable(local, requiredVersion)) {
            stats.nearHits.increment();
            return true;
        }
        return sticky && (stickyMaxAgeMillis < 0 || now - local.confirmedAt() < stickyMaxAgeMillis);
    }

    /**
     * Reads {@code id} from the store (or takes the record the change stream carried, when it may:
     * {@link #pushed}) and makes the local copy match it: the same object when the
     * version is unchanged, a fresh one otherwise, none when the store has no live record.
     */
    VersionedSession load(String id, VersionedSession local, long requiredVersion) {
        NearCache.Ticket ticket = near == null ? NearCache.NONE : near.ticket();
        if (near != null) {
            stats.nearMisses.increment();
        }
        VersionedSession served = read(id, local, requiredVersion);
        if (served != null && near != null) {
            near.confirm(served, id, ticket);
        }
        return served;
    }

    private VersionedSession read(String id, VersionedSession local, long requiredVersion) {
        SessionRecord rec = local == null || near == null ? null : pushed(id, local, requiredVersion);
        try {
            if (rec == null) {
                rec = local == null ? calls.read(id) : readShared(id, local);
            }
        } catch (StoreException e) {
            errors.warn(logName + ": reading session " + SessionIds.hash(id) + " failed; "
                    + (local != null ? "serving this node's copy" : "the request gets no session"), e);
            return local;
        }
        if (rec == null) {
            if (local != null) {
                try {
                    expireOrForget(local, id);
                } catch (StoreException e) {
                    errors.warn(logName + ": removing expired session " + SessionIds.hash(id) + " failed; the"
                            + " background expiry tries again", e);
                }
            }
            return null;
        }
        if (local != null && local.alive() && !local.discarded()) {
            if (local.storedVersion() >= rec.version()) {
                stats.localHits.increment();
                local.touched(rec.lastAccess(), rec.expiresAt());
                return local;
            }
            if (loader.refresh(rec, local)) {
                return local;
            }
            sessions.remove(id, local);
            return null;
        }
        VersionedSession fresh = newSession.get();
        if (!loader.materialize(rec, fresh)) {
            return null;
        }
        if (sessions.get(id) instanceof VersionedSession held && held.discarded()) {
            // Its save was refused a moment ago and it holds the refused changes: this read replaces it.
            sessions.remove(id, held);
        }
        fresh.setLoadedId(id);
        VersionedSession registered = (VersionedSession) sessions.get(id);
        if (registered != null && registered != fresh) {
            // Another request on this node loaded it at the same moment: keep one object per session.
            return registered.storedVersion() >= rec.version() || loader.refresh(rec, registered) ? registered : null;
        }
        fresh.activate();
        return fresh;
    }

    /**
     * The record a change message carried for this node's copy ({@link NearCache#pushed}): a write
     * made on another node, which this node then takes without reading the store. {@code null}
     * when there is none to take, or it has expired (then the store says what became of it).
     */
    private SessionRecord pushed(String id, VersionedSession local, long requiredVersion) {
        SessionRecord rec = near.pushed(local, id, requiredVersion);
        if (rec == null || rec.isExpired(clock.getAsLong())) {
            return null;
        }
        stats.pushedLoads.increment();
        return rec;
    }

    /**
     * One store read for this node's copy, shared with the requests of this node that arrive
     * while an earlier read of it is in flight: they wait for it to end and are served together by
     * the next read (see {@link Coalesced}), so a hot session costs one round trip per batch of
     * requests instead of one per request, and no request is served a read that started before
     * it arrived.
     */
    private SessionRecord readShared(String id, VersionedSession local) throws StoreException {
        SharedRead read = local.reads().call(waited -> {
            try {
                return new SharedRead(id, calls.read(id), null);
            } catch (StoreException e) {
                return new SharedRead(id, null, e);
            }
        }, stats.coalescedReads::increment, thrown -> new SharedRead(id, null,
                new StoreException("the shared read of the session failed: " + thrown, thrown)));
        if (!read.id().equals(id)) {
            return calls.read(id); // read under the id the object had before changeSessionId
        }
        return read.get();
    }

    /** Called by a {@link VersionedSession} that has just been invalidated or has expired. */
    public void expired(VersionedSession session, String id, boolean invalidated) {
        if (id == null || session.storedVersion() == 0) {
            return;
        }
        try {
            if (invalidated) {
                calls.delete(id);
                endCarried(id);
            } else {
                calls.deleteIfVersion(id, session.storedVersion());
            }
        } catch (StoreException e) {
            errors.warn(logName + ": removing session " + SessionIds.hash(id) + " from the store failed", e);
        }
    }


    /**
     * Expires the sessions this node holds, after asking the store: a session used on another
     * node meanwhile is refreshed, not expired; of several nodes holding an expired session, the
     * one whose compare-and-delete succeeds fires the listeners. Checks the most overdue first,
     * for at most {@code budgetNanos}, and stops at the first store error: this runs on Tomcat's
     * background thread, which every context shares. What is left waits for the next run.
     */
    public void processExpires(long budgetNanos) {
        if (near != null) {
            near.sweep(sessions);
        }
        long now = clock.getAsLong();
        long started = System.nanoTime();
        List<VersionedSession> due = new ArrayList<>();
        for (Session held : sessions.values()) {
            VersionedSession s = (VersionedSession) held;
            if (s.alive() && !s.inUse() && now >= s.expiryTime() && s.getIdInternal() != null) {
                due.add(s);
            }
        }
        due.sort(Comparator.comparingLong(VersionedSession::expiryTime));
        for (int i = 0; i < due.size(); i++) {
            if (System.nanoTime() - started >= budgetNanos) {
                stats.expiryRunsCut.increment();
                errors.warn(logName + ": the expiry check stopped after its time budget with " + (due.size() - i)
                        + " sessions left for the next run (is the store slow?)", null);
                return;
            }
            VersionedSession s = due.get(i);
            String id = s.getIdInternal();
            try {
                checkExpired(s, id);
            } catch (StoreException e) {
                stats.expiryRunsCut.increment();
                errors.warn(logName + ": checking expired session " + SessionIds.hash(id) + " failed; the expiry"
                        + " check stops here and " + (due.size() - i) + " sessions wait for the next run", e);
                return;
            }
        }
    }

    /**
     * An expiry judged from this node's copy outside this Manager's own check (Tomcat's manager
     * webapp, JMX {@code expireSession}, a validity check of an idle copy): whoever asked saw the
     * copy's last use ({@link VersionedSession#lastUseBound()}), and another node may have served
     * the session since. The store's record decides: none (expired or removed there), or one
     * showing no later use than the copy knew, lets the session end; a record written again by
     * another node, or touched by one since, keeps it (the copy takes the stored access, so the
     * next idle check sees it). When the store cannot be asked, the session is kept.
     *
     * @return whether the session may be ended
     */
    public boolean idleInStore(VersionedSession s) {
        String id = s.getIdInternal();
        if (id == null || s.storedVersion() == 0) {
            return true; // never stored: this node's copy is all there is
        }
        long judgedFrom = s.lastUseBound();
        SessionRecord rec;
        try {
            rec = calls.read(id);
        } catch (StoreException e) {
            errors.warn(logName + ": session " + SessionIds.hash(id) + " is not ended: the store could not tell"
                    + " whether another node used it", e);
            return false;
        }
        if (rec == null) {
            return true;
        }
        if (rec.version() != s.storedVersion()) {
            if (!s.inUse()) {
                sessions.remove(id, s); // stale: the next request reads the newer state
            }
            return false;
        }
        s.touched(rec.lastAccess(), rec.expiresAt());
        return s.lastUseBound() <= judgedFrom;
    }

    /** One session that looks expired here: the store says whether it is, and who fires. */
    private void checkExpired(VersionedSession s, String id) throws StoreException {
        if (s.storedVersion() == 0) {
            s.expire(true);
            return;
        }
        SessionRecord rec = calls.read(id);
        if (rec == null) {
            expireOrForget(s, id);
        } else if (rec.version() == s.storedVersion()) {
            s.touched(rec.lastAccess(), rec.expiresAt());
        } else {
            sessions.remove(id, s);
        }
    }

    /**
     * The store has no live record for a session this node holds. If this node's view says the
     * session has expired, and the compare-and-delete of its expired record succeeds here, this
     * node expires it with the listeners, as StandardManager would; otherwise (invalidated or
     * expired by another node, which fired them) the local copy is dropped silently. Stores keep
     * an expired record for {@link io.sessionstores.core.store.SessionStore#EXPIRED_RECORD_GRACE_MILLIS}
     * before deleting it themselves, so that this compare-and-delete finds it.
     *
     * @throws StoreException when the store failed: the copy is kept for the next check
     */
    private void expireOrForget(VersionedSession local, String id) throws StoreException {
        if (local.alive() && clock.getAsLong() >= local.expiryTime()
                && calls.deleteIfVersion(id, local.storedVersion())) {
            local.expiryHandledByStore();
            local.expire(true);
            return;
        }
        sessions.remove(id, local);
    }

    // ---- bounded memory ----------------------------------------------------------------------

    /**
     * Drops the least recently used idle copies when this node holds more than
     * {@code maxIdleCopies} sessions, down to nine tenths of it, so that the work is done once per
     * many new copies ({@code keep}, the copy being registered, stays). A copy in use, never
     * written, or holding changes the store lacks is never dropped. Dropping fires no listener:
     * the session lives on in the store, and the next request for it reads it again. One thread
     * evicts at a time; others go on.
     */
    public void evictIdleCopies(Session keep) {
        if (maxIdleCopies < 0 || sessions.size() <= Math.max(maxIdleCopies, nextEvictionAbove)) {
            return;
        }
        evictIdleCopies(keep, maxIdleCopies * 9 / 10);
        int held = sessions.size();
        // Nothing (or too little) was idle, e.g. while the store is down: scan again only after
        // another tenth of the bound has come, not on every new copy.
        nextEvictionAbove = held > maxIdleCopies ? held + Math.max(1, maxIdleCopies / 10) : 0;
    }

    /**
     * Drops idle copies, least recently used first, until at most {@code target} sessions are held.
     * One pass over the copies keeps the excess least recently used in a heap (the most recent of
     * them on top), each with its last use as read then: a copy used during the pass cannot
     * reorder the heap, and nothing sorts every idle copy (a tenth of the node's CPU in a run of
     * new sessions, when it did).
     */
    public void evictIdleCopies(Session keep, int target) {
        if (!evicting.tryLock()) {
            return;
        }
        try {
            int excess = sessions.size() - Math.max(0, target);
            if (excess <= 0) {
                return;
            }
            PriorityQueue<IdleCopy> oldest = new PriorityQueue<>(Math.min(excess, 1024),
                    Comparator.comparingLong(IdleCopy::lastUsed).reversed());
            for (Session held : sessions.values()) {
                if (held != keep && held instanceof VersionedSession s && s.evictable()) {
                    long used = s.lastUsedNanos();
                    if (oldest.size() < excess) {
                        oldest.add(new IdleCopy(used, s));
                    } else if (used < oldest.peek().lastUsed()) {
                        oldest.poll();
                        oldest.add(new IdleCopy(used, s));
                    }
                }
            }
            for (IdleCopy idle : oldest) {
                VersionedSession s = idle.copy();
                if (s.evictable() && sessions.remove(s.getIdInternal(), s)) {
                    stats.evictions.increment();
                }
            }
        } finally {
            evicting.unlock();
        }
    }

    /** A copy that may be evicted, with its last use as the eviction pass read it. */
    private record IdleCopy(long lastUsed, VersionedSession copy) {
    }

    // ---- the request valve's side -------------------------------------------------------------

    /**
     * Before the application runs: makes the requested session current (one store read, or none
     * in sticky mode) and marks it in use, or remembers the miss so later lookups in this request
     * do not read the store again.
     *
     * @return the session, or {@code null}
     */
    public VersionedSession beginRequest(String requestedId) {
        return beginRequest(requestedId, 0);
    }

    /**
     * {@link #beginRequest(String)} for a request that carries the session version its browser
     * last saw ({@code requiredVersion}, 0 for none): an older copy is never served unread.
     */
    public VersionedSession beginRequest(String requestedId, long requiredVersion) {
        if (requestedId == null) {
            return null;
        }
        VersionedSession local = (VersionedSession) sessions.get(requestedId);
        VersionedSession session;
        if (local != null && servableUnread(local, requiredVersion)) {
            stats.localHits.increment();
            session = local;
        } else {
            session = load(requestedId, local, requiredVersion);
        }
        if (session != null) {
            session.requestStarted();
        } else {
            addMiss(requestedId);
        }
        return session;
    }

    /**
     * After the application returned: saves the requested session and any session the request
     * created, then releases what {@link #beginRequest} took.
     *
     * @param use how the request used the requested session
     */
    public boolean endRequest(Request request, String requestedId, VersionedSession requested, SessionUse use) {
        return endRequest(request, requestedId, requested, use, Written.NOBODY);
    }

    /** {@link #endRequest(Request, String, VersionedSession, SessionUse)}, telling {@code written} of each write. */
    public boolean endRequest(Request request, String requestedId, VersionedSession requested, SessionUse use,
                              Written written) {
        try {
            return saveRequestSessions(request, requestedId, requested, use, written);
        } finally {
            if (requested != null) {
                requested.requestEnded();
            } else if (requestedId != null) {
                removeMiss(requestedId);
            }
        }
    }

    /**
     * Saves the requested session and any session the request created. Runs when the
     * application returns, and earlier when it completes the response itself (see
     * response wrapper that saves before completion); a second run writes only what changed since.
     *
     * @return {@code false} when a change could not be stored (the copy holding it is dropped)
     */
    public boolean saveRequestSessions(Request request, String requestedId, VersionedSession requested, SessionUse use) {
        return saveRequestSessions(request, requestedId, requested, use, Written.NOBODY);
    }

    /** Told of each write a request's save made (the version cookie). */
    @FunctionalInterface
    public interface Written {
        Written NOBODY = (id, version) -> { };

        void written(String id, long version);
    }

    /** {@link #saveRequestSessions(Request, String, VersionedSession, SessionUse)}, telling {@code written} of each write. */
    public boolean saveRequestSessions(Request request, String requestedId, VersionedSession requested, SessionUse use,
                                       Written written) {
        if (requested != null && requested.alive()) {
            return save(requested, use, written);
        }
        if (requested != null) {
            addMiss(requestedId); // invalidated: the lookup below must not read the store
        }
        try {
            Session current = request.getSessionInternal(false);
            if (current instanceof VersionedSession created && created != requested && created.alive()) {
                return save(created, SessionUse.USED, written);
            }
            return true;
        } finally {
            if (requested != null) {
                removeMiss(requestedId);
            }
        }
    }

    /**
     * After an error page (which runs once the valve has returned): writes the session if it
     * changed since the valve's save, or if the error page created it.
     */
    public void saveAfterErrorPage(String id) {
        if (sessions.get(id) instanceof VersionedSession session && session.alive()) {
            save(session, SessionUse.USED);
        }
    }

    /**
     * Saves one session. A copy whose changes could not be stored goes back to the stored state:
     * this node drops it, so the next request reads what the store holds.
     *
     * @return {@code false} when a change could not be stored
     */
    private boolean save(VersionedSession session, SessionUse use) {
        return save(session, use, Written.NOBODY);
    }

    private boolean save(VersionedSession session, SessionUse use, Written written) {
        NearCache.Ticket ticket = near == null ? NearCache.NONE : near.ticket();
        SessionSaver.Outcome outcome = saver.save(session, use);
        if (outcome == SessionSaver.Outcome.WRITTEN) {
            String id = session.getIdInternal();
            if (near != null) {
                near.confirm(session, id, ticket);
            }
            if (id != null) {
                written.written(id, session.storedVersion());
            }
        }
        if (outcome == SessionSaver.Outcome.GONE) {
            sessions.remove(session.getIdInternal(), session);
        } else if (outcome == SessionSaver.Outcome.FAILED) {
            session.discard();
            sessions.remove(session.getIdInternal(), session);
            return false;
        }
        return true;
    }

    private void addMiss(String id) {
        misses.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    }

    private void removeMiss(String id) {
        misses.computeIfPresent(id, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    /** At stop: writes what changed outside a request (requests save as they end). */
    public void saveAll() {
        for (Session s : sessions.values().toArray(new Session[0])) {
            if (s instanceof VersionedSession ss && ss.alive() && !ss.inUse()) {
                save(ss, SessionUse.NONE);
            }
        }
        misses.clear();
    }

    /**
     * What one store read of a session gave the requests that shared it: the id read, and the
     * record ({@code null}: no live session) or the failure.
     */
    record SharedRead(String id, SessionRecord record, StoreException failure) {

        /** The record, or the read's failure thrown in this request. */
        SessionRecord get() throws StoreException {
            if (failure != null) {
                throw failure;
            }
            return record;
        }
    }
}
