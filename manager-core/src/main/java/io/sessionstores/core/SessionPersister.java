package io.sessionstores.core;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

import jakarta.servlet.http.HttpSessionActivationListener;

import org.apache.juli.logging.Log;

import io.sessionstores.core.frame.CorruptFrameException;
import io.sessionstores.core.frame.EncodedFrame;
import io.sessionstores.core.frame.FrameReader;
import io.sessionstores.core.frame.FrameWriter;
import io.sessionstores.core.frame.SessionFrame;
import io.sessionstores.core.store.SessionIds;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.store.SessionRecord;

/**
 * The store I/O of the Manager: reading a session, rebuilding it from its frame, and the save
 * after a request (change detection, compare-and-set write, merge on conflict, touch).
 * Every store call goes through here, so it is timed and counted in one place.
 */
final class SessionPersister {

    private static final int MAX_BACKOFF_MILLIS = 50;

    /** What the save after a request did. */
    enum Outcome { WRITTEN, TOUCHED, UNCHANGED, GONE, FAILED }

    private final SessionStore store;
    private final SessionSerializer serializer;
    private final FrameWriter writer;
    private final FrameReader reader;
    private final TouchPolicy touchPolicy;
    private final ManagerConfig config;
    private final ManagerStats stats;
    private final LongSupplier clock;
    private final Log log;
    private final String logName;
    private final SessionSerializer.Problems problems;
    private final ClassLoader loader;

    SessionPersister(SessionStore store, SessionSerializer serializer, FrameWriter writer, FrameReader reader,
                     ManagerConfig config, ManagerStats stats, LongSupplier clock, Log log, String logName,
                     ClassLoader loader) {
        this.loader = loader;
        this.store = store;
        this.serializer = serializer;
        this.writer = writer;
        this.reader = reader;
        this.touchPolicy = new TouchPolicy(config.touchWindowSeconds());
        this.config = config;
        this.stats = stats;
        this.clock = clock;
        this.log = log;
        this.logName = logName;
        this.problems = new ProblemReporter();
    }

    TouchPolicy touchPolicy() {
        return touchPolicy;
    }

    SessionStore store() {
        return store;
    }

    // ---- reading ----------------------------------------------------------------------------

    /** One store read, timed and counted. */
    SessionRecord read(String id) throws StoreException {
        SessionRecord rec = timed("read", () -> store.read(id));
        if (rec == null) {
            stats.loadMisses.increment();
        } else {
            stats.loads.increment();
            stats.bytesRead.add(rec.storedBytes());
        }
        return rec;
    }

    /** One call to the store. */
    @FunctionalInterface
    private interface StoreCall<T> {
        T call() throws StoreException;
    }

    /** Runs one store call, timed and counted; an unchecked failure becomes a {@link StoreException}. */
    private <T> T timed(String what, StoreCall<T> call) throws StoreException {
        long start = System.nanoTime();
        try {
            return call.call();
        } catch (StoreException e) {
            stats.storeErrors.increment();
            throw e;
        } catch (RuntimeException e) {
            stats.storeErrors.increment();
            throw new StoreException("store " + what + " failed: " + e, e);
        } finally {
            stats.storeCall(System.nanoTime() - start);
        }
    }

    /** A stored record decoded: its frame, and each attribute's encoding and value. */
    private record Decoded(SessionFrame frame, Map<String, SessionSerializer.Encoded> encoded,
                           Map<String, Object> values) {
    }

    /** Decodes a record with the webapp class loader, or reports it corrupt and returns {@code null}. */
    private Decoded decode(SessionRecord rec, String consequence) {
        SessionFrame frame;
        try {
            frame = reader.read(rec.frame());
        } catch (CorruptFrameException e) {
            corrupt(rec.id(), e.reason() + ": " + e.getMessage(), consequence);
            return null;
        } catch (RuntimeException e) {
            corrupt(rec.id(), e.toString(), consequence);
            return null;
        }
        if (!serializer.reads(frame.header().codecId())) {
            corrupt(rec.id(), "written by unknown codec id " + frame.header().codecId(), consequence);
            return null;
        }
        stats.deserializations.increment();
        Map<String, SessionSerializer.Encoded> encoded = new HashMap<>();
        Map<String, Object> values = serializer.decode(frame, loader, encoded, problems);
        return new Decoded(frame, encoded, values);
    }

    /**
     * Decodes a stored record into {@code session} (a fresh, unregistered object).
     *
     * @return {@code false} when the frame is corrupt, from another codec, or not allowed: the
     *         caller treats the session as missing
     */
    boolean materialize(SessionRecord rec, VersionedSession session) {
        Decoded d = decode(rec, "treated as missing");
        if (d == null) {
            return false;
        }
        session.restore(d.frame().header().creationTime(), rec.lastAccess(), rec.maxInactive(), false,
                d.frame().authType(), SessionSerializer.toPrincipal(d.frame().principal()));
        d.values().forEach(session::putAttributeSilently);
        synced(session, rec, d);
        return true;
    }

    /**
     * Brings a session this node holds up to a newer stored version, in place, so that a node
     * has one object per session however many requests use it; changes made here and not yet
     * written are kept.
     *
     * @return {@code false} when the newer record cannot be read: the caller drops its copy
     */
    boolean refresh(SessionRecord rec, VersionedSession session) {
        Decoded d = decode(rec, "treated as missing");
        if (d == null) {
            return false;
        }
        synchronized (session.syncLock()) {
            if (rec.version() > session.storedVersion()) {
                applyStoredState(session, d, Set.of());
                applyStoredMetadata(session, rec, d);
                synced(session, rec, d);
            }
        }
        return true;
    }

    private void synced(VersionedSession session, SessionRecord rec, Decoded d) {
        session.synced(rec.version(), rec.lastAccess(), rec.expiresAt(), rec.maxInactive(), storedPrincipalKey(d),
                SessionSerializer.snapshots(d.encoded(), d.values()), Set.of());
    }

    /** The authentication fingerprint of a stored frame (not of the live session, which may differ). */
    private String storedPrincipalKey(Decoded d) {
        return SessionSerializer.principalKey(SessionSerializer.toPrincipal(d.frame().principal()),
                d.frame().authType(), config.persistAuthentication());
    }

    /**
     * Takes the stored maxInactiveInterval and authentication where this node has not changed
     * them since its last sync, exactly as attributes are merged: a logout, login or timeout
     * change made here and not yet written stays, one made elsewhere is taken. Callers hold the
     * session's {@link VersionedSession#syncLock()}.
     */
    private void applyStoredMetadata(VersionedSession session, SessionRecord rec, Decoded d) {
        if (session.getMaxInactiveInterval() == session.storedMaxInactive()) {
            session.refreshMaxInactive(rec.maxInactive());
        }
        if (config.persistAuthentication() && Objects.equals(session.storedPrincipal(), principalKeyOf(session))) {
            session.refreshAuthentication(d.frame().authType(), SessionSerializer.toPrincipal(d.frame().principal()));
        }
    }

    private String principalKeyOf(VersionedSession session) {
        return SessionSerializer.principalKey(session.getPrincipal(), session.getAuthType(),
                config.persistAuthentication());
    }

    /**
     * Lays a stored state over the live attributes, silently (listeners fired on the node that
     * made the change), except attributes in {@code keep} or changed here and not yet written.
     * Callers hold the session's {@link VersionedSession#syncLock()} and have checked that the state
     * is not older than the session's stored view.
     */
    private static void applyStoredState(VersionedSession session, Decoded d, Set<String> keep) {
        Set<String> pending = session.setSinceSync();
        for (Map.Entry<String, Object> e : d.values().entrySet()) {
            if (!keep.contains(e.getKey()) && !pending.contains(e.getKey())) {
                session.putAttributeSilently(e.getKey(), e.getValue());
            }
        }
        for (String name : session.snapshots().keySet()) {
            if (!d.values().containsKey(name) && !keep.contains(name) && !pending.contains(name)) {
                session.putAttributeSilently(name, null); // removed by another writer
            }
        }
    }

    private void corrupt(String id, String why, String consequence) {
        stats.corruptFrames.increment();
        log.warn(logName + ": stored session " + SessionIds.hash(id) + " is unreadable and is " + consequence
                + " (" + why + ")");
    }

    // ---- saving -----------------------------------------------------------------------------

    /**
     * Saves {@code session} after a request if it changed; otherwise touches its stored expiry
     * when due.
     *
     * @param accessed whether the request used the session (only then is a touch due)
     */
    Outcome save(VersionedSession session, boolean accessed) {
        String id = session.getIdInternal();
        try {
            return doSave(session, id, accessed);
        } catch (StoreException e) {
            stats.failedSaves.increment();
            throw new SaveFailedException(id, e);
        }
    }

    private Outcome doSave(VersionedSession session, String id, boolean accessed) throws StoreException {
        // The version is taken before the attributes are encoded: if another request lays a newer
        // stored state over the session in between, this write's compare-and-set fails and merges,
        // instead of writing an encoding that misses that state over it.
        long expected = session.storedVersion();
        long now = clock.getAsLong();
        int maxInactive = session.getMaxInactiveInterval();
        String principalKey = SessionSerializer.principalKey(session.getPrincipal(), session.getAuthType(),
                config.persistAuthentication());
        boolean metaChanged = session.storedVersion() == 0 || maxInactive != session.storedMaxInactive()
                || !Objects.equals(principalKey, session.storedPrincipal());

        Set<String> pending = Set.copyOf(session.setSinceSync());
        boolean passivate = hasActivationListener(session);
        if (passivate) {
            session.passivate();
        }
        try {
            SaveMode mode = config.saveMode();
            if (mode == SaveMode.SET_ATTRIBUTE && !metaChanged && pending.isEmpty()) {
                return touchIfDue(session, id, now, accessed); // nothing set: not even encoded
            }
            Map<String, SessionSerializer.Encoded> encoded = serializer.encode(session, problems);
            Map<String, SessionSerializer.Encoded> changes = mode == SaveMode.SET_ATTRIBUTE
                    ? changesByName(session, encoded, pending)
                    : changesByDigest(session, encoded, pending);
            if (mode == SaveMode.DIGEST && !metaChanged && changes.isEmpty()) {
                return touchIfDue(session, id, now, accessed);
            }
            return write(session, id, expected, now, encoded, changes, pending);
        } finally {
            if (passivate) {
                session.activate();
            }
        }
    }

    private Outcome touchIfDue(VersionedSession session, String id, long now, boolean accessed) throws StoreException {
        int maxInactive = session.getMaxInactiveInterval();
        if (!accessed || !touchPolicy.needsTouch(now, session.storedLastAccess(), maxInactive)) {
            stats.skippedSaves.increment();
            return Outcome.UNCHANGED;
        }
        long expiresAt = touchPolicy.expiresAt(now, maxInactive);
        boolean touched = timed("touch", () -> store.touch(id, now, expiresAt));
        if (touched) {
            stats.touches.increment();
            session.touched(now, expiresAt);
            return Outcome.TOUCHED;
        }
        // Invalidated (a logout) or moved (changeSessionId) by another node, or expired: gone, as
        // on the write path. Writing it again would undo a logout on every node.
        if (log.isDebugEnabled()) {
            log.debug(logName + ": session " + SessionIds.hash(id) + " was no longer in the store when touched;"
                    + " this node drops its copy");
        }
        return Outcome.GONE;
    }

    /**
     * Compare-and-set write; on a conflict, reload, lay this request's changes over the newer
     * state, and try again, a bounded number of times.
     */
    private Outcome write(VersionedSession session, String id, long expectedVersion, long now,
                          Map<String, SessionSerializer.Encoded> encoded,
                          Map<String, SessionSerializer.Encoded> changes, Set<String> pending)
            throws StoreException {
        long expected = expectedVersion;
        Map<String, SessionSerializer.Encoded> current = encoded;
        for (int attempt = 0; ; attempt++) {
            // a merge may have taken another node's maxInactive or authentication
            int maxInactive = session.getMaxInactiveInterval();
            String principalKey = principalKeyOf(session);
            long version = expected + 1;
            long expiresAt = touchPolicy.expiresAt(now, maxInactive);
            SessionFrame frame = serializer.toFrame(session, current, version, now, expiresAt,
                    config.persistAuthentication());
            EncodedFrame bytes;
            try {
                bytes = writer.write(frame);
            } catch (IllegalArgumentException tooLarge) {
                stats.failedSaves.increment();
                log.warn(logName + ": session " + SessionIds.hash(id) + " is not saved: " + tooLarge.getMessage()
                        + " (raise maxDecodedSize on every node, or keep less in the session)");
                return Outcome.FAILED;
            }
            SessionRecord rec = new SessionRecord(id, bytes.bytes(), version, expiresAt, now, maxInactive,
                    bytes.rawBytes());
            final long casVersion = expected;
            if (timed("write", () -> store.write(rec, casVersion))) {
                stats.saves.increment();
                stats.bytesWritten.add(bytes.bytes().length);
                stats.rawBytesWritten.add(bytes.rawBytes());
                session.synced(version, now, expiresAt, maxInactive, principalKey,
                        SessionSerializer.snapshots(current, session.attributeMap()), pending);
                return Outcome.WRITTEN;
            }
            stats.conflicts.increment();
            if (attempt >= config.maxSaveRetries()) {
                stats.failedSaves.increment();
                log.warn(logName + ": session " + SessionIds.hash(id) + " could not be saved after "
                        + (attempt + 1) + " version conflicts; its changes stay on this node and are written with"
                        + " the next request that saves it (raise maxSaveRetries if this recurs)");
                return Outcome.FAILED;
            }
            backOff(attempt);
            SessionRecord latest = read(id);
            if (latest == null) {
                if (expected == 0) {
                    continue; // the record in the way expired meanwhile
                }
                // Invalidated elsewhere: do not bring it back.
                return Outcome.GONE;
            }
            current = merge(session, latest, changes);
            expected = latest.version();
        }
    }

    /**
     * Waits a little before retrying a conflicted write, randomly and growing with the attempt
     * (at most {@value #MAX_BACKOFF_MILLIS} ms), so that writers racing on one session spread out
     * instead of colliding again.
     */
    private static void backOff(int attempt) {
        int bound = Math.min(MAX_BACKOFF_MILLIS, 2 << Math.min(attempt, 5));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(bound) + 1L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    /**
     * The newer stored state with this request's changes on top. Attributes this request did not
     * change take the stored values, in the live session too (silently: listeners fired on the
     * node that made the change).
     */
    private Map<String, SessionSerializer.Encoded> merge(VersionedSession session, SessionRecord latest,
                                                         Map<String, SessionSerializer.Encoded> changes) {
        Decoded d = decode(latest, "overwritten by this request's state");
        Map<String, SessionSerializer.Encoded> merged = new LinkedHashMap<>();
        if (d != null) {
            merged.putAll(d.encoded());
            // A newer local version means the read raced a write from this node: the next
            // attempt re-reads, so the live object is left alone.
            synchronized (session.syncLock()) {
                if (session.storedVersion() <= latest.version()) {
                    applyStoredState(session, d, changes.keySet());
                    applyStoredMetadata(session, latest, d);
                }
            }
        }
        for (Map.Entry<String, SessionSerializer.Encoded> change : changes.entrySet()) {
            if (change.getValue() == null) {
                merged.remove(change.getKey());
            } else {
                merged.put(change.getKey(), change.getValue());
            }
        }
        return merged;
    }

    /**
     * Attributes whose bytes differ from what was loaded, plus those set or removed through the
     * API; a removed one maps to {@code null}. An attribute merely missing from the map (not
     * removed by the application) is not a removal.
     */
    private static Map<String, SessionSerializer.Encoded> changesByDigest(VersionedSession session,
            Map<String, SessionSerializer.Encoded> encoded, Set<String> pending) {
        Map<String, VersionedSession.Snapshot> snaps = session.snapshots();
        Map<String, SessionSerializer.Encoded> changes = changesByName(session, encoded, pending);
        for (SessionSerializer.Encoded e : encoded.values()) {
            VersionedSession.Snapshot s = snaps.get(e.name());
            if (s == null || s.digest() != e.digest()) {
                changes.put(e.name(), e);
            }
        }
        return changes;
    }

    /** Attributes set or removed through the API and not yet written. */
    private static Map<String, SessionSerializer.Encoded> changesByName(VersionedSession session,
            Map<String, SessionSerializer.Encoded> encoded, Set<String> pending) {
        Map<String, SessionSerializer.Encoded> changes = new HashMap<>();
        for (String name : pending) {
            SessionSerializer.Encoded e = encoded.get(name);
            if (e != null) {
                changes.put(name, e);
            } else if (!session.attributeMap().containsKey(name)) {
                changes.put(name, null);
            }
        }
        return changes;
    }

    private static boolean hasActivationListener(VersionedSession session) {
        for (Object value : session.attributeMap().values()) {
            if (value instanceof HttpSessionActivationListener) {
                return true;
            }
        }
        return false;
    }

    // ---- other store calls ------------------------------------------------------------------

    boolean changeId(String oldId, String newId) throws StoreException {
        return timed("changeId", () -> store.changeId(oldId, newId));
    }

    void delete(String id) throws StoreException {
        timed("delete", () -> {
            store.delete(id);
            return null;
        });
    }

    boolean deleteIfVersion(String id, long version) throws StoreException {
        return timed("deleteIfVersion", () -> store.deleteIfVersion(id, version));
    }

    /** A save that failed because the store did; carries the session id hash only. */
    static final class SaveFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SaveFailedException(String id, StoreException cause) {
            super("saving session " + SessionIds.hash(id) + " failed: " + cause.getMessage(), cause);
        }
    }

    /** Logs and counts attributes left out of a stored session. */
    private final class ProblemReporter implements SessionSerializer.Problems {
        private final Set<String> warnedUnserializable = ConcurrentHashMap.newKeySet();

        @Override
        public void unserializable(String attribute, Object value, IOException cause) {
            stats.unserializableAttributes.increment();
            String what = "attribute '" + attribute + "' (" + value.getClass().getName() + ")";
            if (warnedUnserializable.add(attribute + '\u0000' + value.getClass().getName())) {
                log.warn(logName + ": " + what + " cannot be stored by codec '" + serializer.codec().name()
                        + "' and stays on this node only (" + cause + "); allow its class with allowedClassNames"
                        + " or make it serializable. Further occurrences are counted, not logged.");
            } else if (log.isDebugEnabled()) {
                log.debug(logName + ": " + what + " not stored", cause);
            }
        }

        @Override
        public void forbidden(String attribute, String className) {
            stats.droppedAttributes.increment();
            log.warn(logName + ": attribute '" + attribute + "' was dropped on load: class " + className
                    + " is not allowed (see the Manager's allowedClassNames)");
        }

        @Override
        public void undecodable(String attribute, IOException cause) {
            stats.droppedAttributes.increment();
            log.warn(logName + ": attribute '" + attribute + "' was dropped on load: " + cause);
        }
    }
}
