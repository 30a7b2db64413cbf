package io.sessionstores.core.migrate;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.sessionstores.core.it.Gates;
import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;

/**
 * A store (any, real or in memory) whose next insert ({@code write(record, 0)}) of a given id
 * waits at a test gate ({@link Gates}) before it reaches the store: a migration's move or copy
 * held between its read of the old store and its insert into the new one, where a logout or a
 * login of another request is played. Everything else goes straight to the store.
 */
public final class InsertGatedStore implements SessionStore {

    private record Hold(String id, String gate) {
    }

    private final SessionStore store;
    private final AtomicReference<Hold> hold = new AtomicReference<>();

    public InsertGatedStore(SessionStore store) {
        this.store = store;
    }

    /** Holds the next insert of session {@code id} at gate {@code gate}. */
    public void holdNextInsert(String id, String gate) {
        hold.set(new Hold(id, gate));
    }

    @Override
    public boolean write(SessionRecord record, long expectedVersion) throws StoreException {
        Hold h = hold.get();
        if (expectedVersion == 0 && h != null && h.id().equals(record.id()) && hold.compareAndSet(h, null)) {
            Gates.pass(h.gate());
        }
        return store.write(record, expectedVersion);
    }

    @Override
    public void start(StoreContext context) throws StoreException {
        store.start(context);
    }

    @Override
    public void stop() {
        store.stop();
    }

    @Override
    public SessionRecord read(String id) throws StoreException {
        return store.read(id);
    }

    @Override
    public boolean touch(String id, long lastAccess, long expiresAt) throws StoreException {
        return store.touch(id, lastAccess, expiresAt);
    }

    @Override
    public boolean changeId(String oldId, String newId) throws StoreException {
        return store.changeId(oldId, newId);
    }

    @Override
    public void delete(String id) throws StoreException {
        store.delete(id);
    }

    @Override
    public boolean deleteIfVersion(String id, long version) throws StoreException {
        return store.deleteIfVersion(id, version);
    }

    @Override
    public boolean deleteLeavingTombstone(String id, long version, long tombstoneUntil) throws StoreException {
        return store.deleteLeavingTombstone(id, version, tombstoneUntil);
    }

    @Override
    public boolean changeIdLeavingTombstone(String oldId, String newId, long tombstoneUntil) throws StoreException {
        return store.changeIdLeavingTombstone(oldId, newId, tombstoneUntil);
    }

    @Override
    public long count() throws StoreException {
        return store.count();
    }

    @Override
    public ScanBatch scan(ScanRequest request) throws StoreException {
        return store.scan(request);
    }

    @Override
    public List<ScannedRecord> lookup(Collection<String> ids) throws StoreException {
        return store.lookup(ids);
    }

    @Override
    public boolean indexesUsers() {
        return store.indexesUsers();
    }

    @Override
    public List<SessionRecord> sessionsOfUser(String user, int limit) throws StoreException {
        return store.sessionsOfUser(user, limit);
    }

    @Override
    public void backgroundProcess() {
        store.backgroundProcess();
    }

    @Override
    public ExpiryBatch deleteExpired(ExpiryBatch previous, int batchSize) throws StoreException {
        return store.deleteExpired(previous, batchSize);
    }
}
