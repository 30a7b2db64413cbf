package io.sessionstores.core.engine;

import java.util.function.LongSupplier;

import io.sessionstores.core.frame.FrameReader;
import io.sessionstores.core.frame.FrameWriter;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;

/**
 * The store side of {@link LocalSessions}: the timed store calls ({@link StoreCalls}), reading
 * records into sessions ({@link RecordLoader}), the save after a request ({@link SessionSaver})
 * and the reporting of what went wrong ({@link PersistenceProblems}), assembled at the Manager's
 * start.
 */
public final class SessionPersister {

    /** What the save after a request did. */
    enum Outcome {
        /** A write holding the request's changes was acknowledged. */
        WRITTEN,
        /** Unchanged; the stored expiry was refreshed. */
        TOUCHED,
        /** Nothing to write. */
        UNCHANGED,
        /** The store has no such session any more (invalidated, moved or expired elsewhere): never written back. */
        GONE,
        /** The change could not be stored (store failure, too many conflicts, too large, unreadable newer version). */
        FAILED
    }

    private final StoreCalls calls;
    private final RecordLoader decoder;
    private final SessionSaver saver;

    /** The parts a persister is made of, besides the store and the frame reader and writer. */
    public record Parts(AttributeValues serializer, ManagerConfig config, ManagerStats stats, LongSupplier clock,
                 PersistenceProblems problems, ClassLoader loader, String app) {
    }

    public SessionPersister(SessionStore store, FrameReader reader, FrameWriter writer, Parts parts) {
        this.calls = new StoreCalls(store, parts.stats());
        this.decoder = new RecordLoader(reader, parts.serializer(), parts.loader(), parts.config(), parts.stats(),
                parts.problems(), parts.app());
        this.saver = new SessionSaver(calls, parts.serializer(), writer, decoder, parts.config(), parts.stats(),
                parts.clock(), parts.problems(), parts.app());
    }

    TouchPolicy touchPolicy() {
        return saver.touchPolicy();
    }

    SessionStore store() {
        return calls.store();
    }

    /** One store read, timed and counted. */
    SessionRecord read(String id) throws StoreException {
        return calls.read(id);
    }

    /** See {@link RecordLoader#materialize}. */
    boolean materialize(SessionRecord rec, VersionedSession session) {
        return decoder.materialize(rec, session);
    }

    /** See {@link RecordLoader#refresh}. */
    boolean refresh(SessionRecord rec, VersionedSession session) {
        return decoder.refresh(rec, session);
    }

    /** See {@link SessionSaver#save}. */
    Outcome save(VersionedSession session, SessionUse use) {
        return saver.save(session, use);
    }

    public boolean changeId(String oldId, String newId) throws StoreException {
        return calls.changeId(oldId, newId);
    }

    /** See {@link SessionSaver#rebindAfterIdChange}. */
    public void rebindAfterIdChange(VersionedSession session) {
        saver.rebindAfterIdChange(session);
    }

    void delete(String id) throws StoreException {
        calls.delete(id);
    }

    boolean deleteIfVersion(String id, long version) throws StoreException {
        return calls.deleteIfVersion(id, version);
    }
}
