package io.sessionstores.core.migrate;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.sessionstores.core.store.ExpiryDelegation;
import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionIds;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;

/**
 * A store during a migration: the new store ({@code target}) answers, and the old one
 * ({@code source}) is its fallback, so that switching a context to another store logs nobody out.
 *
 * <ul>
 *   <li>a session the new store does not hold is read from the old one, written into the new one
 *       (as a new record of the same version, so no other node's move is overwritten) and deleted
 *       from the old one (only in the version moved);</li>
 *   <li>a write, touch or id change that finds no record in the new store moves the session first
 *       and tries again;</li>
 *   <li>deletes and id changes reach both stores, so the old store never brings a session back;
 *       in the new store they leave a {@link SessionStore#deleteLeavingTombstone tombstone}, so
 *       that a move or a {@link SessionCopy copy} that read the session from the old store before
 *       cannot insert it after them (docs/migration.md: why no interleaving brings a session
 *       back);</li>
 *   <li>count adds both; scan, lookup and raw expiry are the new store's; each store keeps its
 *       own housekeeping.</li>
 * </ul>
 * The {@link SessionCopy copy} moves the sessions nobody asks for; once the old store is empty,
 * the operator removes the {@code migrateFrom} attributes.
 */
public final class MigratingSessionStore implements ExpiryDelegation {

    private final SessionStore target;
    private final SessionStore source;
    private final AtomicLong movedOnDemand = new AtomicLong();
    private volatile StoreContext context;
    private final LongSupplier nanos;

    /**
     * Longest time, in ms, from the start of a read of the old store to the start of the insert
     * of what it found into the new one (a move or a copy): a read older than this is read again
     * (the copy) or fails (a move), so that every insert comes well within the life of any
     * tombstone laid after its read ({@link SessionStore#MIGRATION_TOMBSTONE_MILLIS}).
     */
    static final long READ_DEADLINE_MILLIS = 60_000L;

    public MigratingSessionStore(SessionStore target, SessionStore source) {
        this(target, source, System::nanoTime);
    }

    /** With the clock that measures the age of a read ({@link System#nanoTime()} but in tests). */
    MigratingSessionStore(SessionStore target, SessionStore source, LongSupplier nanos) {
        this.target = target;
        this.source = source;
        this.nanos = nanos;
    }

    /** Raw expiry is the new store's: the old one expires its records itself meanwhile. */
    @Override
    public SessionStore expiryStore() {
        return target;
    }

    /** The new store. */
    public SessionStore target() {
        return target;
    }

    /** The store migrated from. */
    public SessionStore source() {
        return source;
    }

    /** Sessions moved because a request asked for them. */
    public long movedOnDemand() {
        return movedOnDemand.get();
    }

    @Override
    public void start(StoreContext context) throws StoreException {
        this.context = context;
        target.start(context);
        try {
            source.start(context);
        } catch (StoreException | RuntimeException e) {
            target.stop();
            throw e;
        }
    }

    @Override
    public void stop() {
        try {
            source.stop();
        } finally {
            target.stop();
        }
    }

    @Override
    public SessionRecord read(String id) throws StoreException {
        SessionRecord found = target.read(id);
        return found != null ? found : moveFromSource(id);
    }

    /**
     * Moves one session from the old store into the new one.
     *
     * @return the session now in the new store, or {@code null} when neither holds it
     */
    SessionRecord moveFromSource(String id) throws StoreException {
        long readStart = nanos.getAsLong();
        SessionRecord old = source.read(id);
        if (old == null) {
            return null;
        }
        requireFresh(readStart, id);
        if (!target.write(old, 0)) {
            // another node (or the copy) moved it first, or a delete overtook this move: its
            // tombstone refused the insert and the session stays gone
            return target.read(id);
        }
        movedOnDemand.incrementAndGet();
        source.deleteIfVersion(id, old.version());
        return old;
    }

    /** Fails a move whose read of the old store began too long ago (see {@link #READ_DEADLINE_MILLIS}). */
    private void requireFresh(long readStart, String id) throws StoreException {
        if (isStale(readStart, nanos.getAsLong())) {
            throw new StoreException("migration: reading session " + SessionIds.hash(id) + " from the old store took"
                    + " more than " + READ_DEADLINE_MILLIS + " ms; not moved (a delete may have overtaken it)");
        }
    }

    /** Whether a read of the old store that began at {@code readStart} is too old to insert at {@code now} (ns). */
    static boolean isStale(long readStart, long now) {
        return now - readStart > READ_DEADLINE_MILLIS * 1_000_000L;
    }

    /** When a tombstone laid now ends. */
    private long tombstoneUntil() {
        return context.now() + SessionStore.MIGRATION_TOMBSTONE_MILLIS;
    }

    @Override
    public boolean write(SessionRecord record, long expectedVersion) throws StoreException {
        if (target.write(record, expectedVersion)) {
            return true;
        }
        return expectedVersion > 0 && target.read(record.id()) == null && moveFromSource(record.id()) != null
                && target.write(record, expectedVersion);
    }

    @Override
    public boolean touch(String id, long lastAccess, long expiresAt) throws StoreException {
        return target.touch(id, lastAccess, expiresAt)
                || (moveFromSource(id) != null && target.touch(id, lastAccess, expiresAt));
    }

    /**
     * Renames in the new store, leaving a tombstone under the old id, after moving the session
     * there if only the old store held it; then deletes the old id from the old store.
     */
    @Override
    public boolean changeId(String oldId, String newId) throws StoreException {
        boolean moved = target.changeIdLeavingTombstone(oldId, newId, tombstoneUntil())
                || (moveFromSource(oldId) != null && target.changeIdLeavingTombstone(oldId, newId, tombstoneUntil()));
        source.delete(oldId);
        return moved;
    }

    /**
     * Deletes from the old store first, then from the new one leaving a tombstone: a move or copy
     * whose read of the old store preceded the first step either inserted before the second
     * (which deletes it) or meets the tombstone.
     */
    @Override
    public void delete(String id) throws StoreException {
        source.delete(id);
        target.deleteLeavingTombstone(id, 0, tombstoneUntil());
    }

    /** As {@link #delete}, but only the version given; a tombstone only where a record went. */
    @Override
    public boolean deleteIfVersion(String id, long version) throws StoreException {
        return target.deleteLeavingTombstone(id, version, tombstoneUntil()) || source.deleteIfVersion(id, version);
    }

    @Override
    public long count() throws StoreException {
        return target.count() + source.count();
    }

    /** Both stores keep one, or the migration has none. */
    @Override
    public boolean indexesUsers() {
        return target.indexesUsers() && source.indexesUsers();
    }

    /**
     * The user's sessions in the new store and those only the old store still holds (not moved
     * yet), most recently used first: a session is in one of them, or in the new store only once
     * a move has reached it.
     */
    @Override
    public List<SessionRecord> sessionsOfUser(String user, int limit) throws StoreException {
        Map<String, SessionRecord> byId = new LinkedHashMap<>();
        for (SessionRecord r : target.sessionsOfUser(user, limit)) {
            byId.put(r.id(), r);
        }
        for (SessionRecord r : source.sessionsOfUser(user, limit)) {
            byId.putIfAbsent(r.id(), r);
        }
        return byId.values().stream().sorted(Comparator.comparingLong(SessionRecord::lastAccess).reversed())
                .limit(limit).toList();
    }

    @Override
    public ScanBatch scan(ScanRequest request) throws StoreException {
        return target.scan(request);
    }

    @Override
    public List<ScannedRecord> lookup(Collection<String> ids) throws StoreException {
        return target.lookup(ids);
    }

    @Override
    public void backgroundProcess() {
        try {
            target.backgroundProcess();
        } finally {
            source.backgroundProcess();
        }
    }
}
