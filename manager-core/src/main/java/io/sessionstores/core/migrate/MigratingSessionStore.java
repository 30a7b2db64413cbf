package io.sessionstores.core.migrate;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.sessionstores.core.store.ExpiryDelegation;
import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
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
 *   <li>deletes and id changes reach both stores, so the old store never brings a session back;</li>
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

    public MigratingSessionStore(SessionStore target, SessionStore source) {
        this.target = target;
        this.source = source;
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
        SessionRecord old = source.read(id);
        if (old == null) {
            return null;
        }
        if (!target.write(old, 0)) {
            return target.read(id); // another node (or the copy) moved it first
        }
        movedOnDemand.incrementAndGet();
        source.deleteIfVersion(id, old.version());
        return old;
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

    @Override
    public boolean changeId(String oldId, String newId) throws StoreException {
        boolean moved = target.changeId(oldId, newId)
                || (moveFromSource(oldId) != null && target.changeId(oldId, newId));
        source.delete(oldId);
        return moved;
    }

    @Override
    public void delete(String id) throws StoreException {
        target.delete(id);
        source.delete(id);
    }

    @Override
    public boolean deleteIfVersion(String id, long version) throws StoreException {
        return target.deleteIfVersion(id, version) || source.deleteIfVersion(id, version);
    }

    @Override
    public long count() throws StoreException {
        return target.count() + source.count();
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
