package io.sessionstores.core.engine;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import jakarta.servlet.http.HttpSessionActivationListener;

import io.sessionstores.core.frame.EncodedFrame;
import io.sessionstores.core.frame.FrameBinding;
import io.sessionstores.core.frame.FrameWriter;
import io.sessionstores.core.frame.SessionFrame;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreException;

/**
 * The save after a request: decides between "write", "touch" and "nothing", and writes through
 * the session's {@link Coalesced group commit}, so that the requests of one node never
 * conflict with each other. A conflict with another node reloads, lays this node's changes over
 * the newer state (attributes and metadata alike: the stored value unless this node changed it)
 * and retries at once; only repeated conflicts wait, a fraction of a millisecond.
 */
public final class SessionSaver {

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

    /**
     * Writes of a copy that skip LZ4 after a try found its attribute section incompressible (a
     * random token, already-compressed bytes): the try costs as much as compressing, for nothing.
     * Every sixteenth write tries again, so a session whose values became compressible is stored
     * compressed again within that many writes.
     */
    static final int COMPRESSION_SKIPS = 15;

    /** Conflicts retried at once before the next retries wait a little. */
    private static final int IMMEDIATE_RETRIES = 2;
    /** Upper bound of the random wait before a retry, per attempt beyond those, in microseconds. */
    private static final long JITTER_MICROS_PER_ATTEMPT = 100;
    private static final long MAX_JITTER_MICROS = 1_000;

    private final StoreCalls store;
    private final AttributeValues serializer;
    private final FrameWriter writer;
    private final RecordLoader decoder;
    private final TouchPolicy touchPolicy;
    private final ManagerConfig config;
    private final ManagerStats stats;
    private final LongSupplier clock;
    private final PersistenceProblems problems;
    /** The application name a signed frame is bound to (with the id and version). */
    private final String app;

    /** Told of each write that gave a session a (new) user: a login. */
    public interface Logins {
        void loggedIn(String id, String user);
    }

    private volatile Logins logins = (id, user) -> { };

    /** Who is told of logins (see {@link Logins}); nobody by default. */
    public void onLogin(Logins logins) {
        this.logins = logins;
    }

    public SessionSaver(StoreCalls store, AttributeValues serializer, FrameWriter writer, RecordLoader decoder,
                 ManagerConfig config, ManagerStats stats, LongSupplier clock, PersistenceProblems problems,
                 String app) {
        this.store = store;
        this.serializer = serializer;
        this.writer = writer;
        this.decoder = decoder;
        this.touchPolicy = new TouchPolicy(config.touchWindowSeconds());
        this.config = config;
        this.stats = stats;
        this.clock = clock;
        this.problems = problems;
        this.app = app;
    }

    TouchPolicy touchPolicy() {
        return touchPolicy;
    }

    /**
     * What one save would write.
     *
     * @param expected the stored version the encoding was made against
     * @param encoded  every storable attribute, encoded
     * @param changes  the attributes that changed (a removed one maps to {@code null})
     * @param pending  the names set or removed through the API that this write carries
     */
    private record Plan(long expected, Map<String, AttributeValues.EncodedValue> encoded,
                        Map<String, AttributeValues.EncodedValue> changes, Map<String, Long> pending) {
    }

    /**
     * Saves {@code session} after a request if it changed (returning once a write holding the
     * change is acknowledged); otherwise touches its stored expiry when due.
     *
     * @param use how the request used the session: a touch is due only if it was accessed, and,
     *            unless something was set through the API, only a session the application got can
     *            have changed
     */
    Outcome save(VersionedSession session, SessionUse use) {
        Plan plan = plan(session, use == SessionUse.USED);
        if (plan == null) {
            return touchIfDue(session, use != SessionUse.NONE);
        }
        if (session.discarded()) {
            return Outcome.FAILED; // its earlier changes were refused: nothing of this copy is written
        }
        return session.saves().call(waited -> {
            Plan current = waited || session.storedVersion() != plan.expected() ? plan(session, true) : plan;
            return current == null ? Outcome.UNCHANGED : write(session, current);
        }, stats.coalescedSaves::increment, thrown -> Outcome.FAILED);
    }

    /**
     * The write this session needs now, or {@code null} when nothing changed.
     *
     * @param used whether the application got the session (only then are attributes encoded to
     *             look for changes in place)
     */
    private Plan plan(VersionedSession session, boolean used) {
        // The version is taken before the attributes are encoded: if a newer stored state is laid
        // over the session in between, the write's compare-and-set fails and merges, instead of
        // writing an encoding that misses that state over it.
        long expected = session.storedVersion();
        boolean metaChanged = expected == 0 || session.getMaxInactiveInterval() != session.storedMaxInactive()
                || !Objects.equals(decoder.principalKeyOf(session), session.storedPrincipal());
        if (!metaChanged && !session.hasPendingChanges()
                && (!used || config.saveMode() == SaveMode.SET_ATTRIBUTE || serializer.unchangedInPlace(session))) {
            // Not used by the application, nothing set, or every value still the immutable object
            // that is stored: not even encoded.
            return null;
        }
        Map<String, Long> pending = session.pendingChanges();
        Map<String, AttributeValues.EncodedValue> encoded = encode(session, pending.keySet());
        Map<String, AttributeValues.EncodedValue> changes = config.saveMode() == SaveMode.SET_ATTRIBUTE
                ? changesByName(session, encoded, pending.keySet())
                : changesByDigest(session, encoded, pending.keySet());
        if (config.saveMode() == SaveMode.DIGEST && !metaChanged && changes.isEmpty()) {
            return null;
        }
        return new Plan(expected, encoded, changes, pending);
    }

    /**
     * After the stored record moved to the session's new id ({@code changeSessionId}), writes the
     * session again when frames are signed: a signed frame binds the id it is stored under, so the
     * moved one would no longer verify. One more write per login with an HMAC key; none without.
     * A failure is reported like any save's; the next change writes the session again.
     */
    void rebindAfterIdChange(VersionedSession session) {
        if (!writer.signed()) {
            return;
        }
        Map<String, AttributeValues.EncodedValue> encoded = encode(session, Set.of());
        write(session, new Plan(session.storedVersion(), encoded, encoded, Map.of()));
    }

    private Map<String, AttributeValues.EncodedValue> encode(VersionedSession session, Set<String> setAgain) {
        stats.serializations.increment();
        boolean passivate = hasActivationListener(session);
        if (passivate) {
            session.passivate();
        }
        try {
            return serializer.encode(session, setAgain, problems);
        } finally {
            if (passivate) {
                session.activate();
            }
        }
    }

    private Outcome touchIfDue(VersionedSession session, boolean accessed) {
        long now = clock.getAsLong();
        int maxInactive = session.getMaxInactiveInterval();
        if (!accessed || !touchPolicy.needsTouch(now, session.storedLastAccess(), maxInactive)) {
            stats.skippedSaves.increment();
            return Outcome.UNCHANGED;
        }
        long expiresAt = touchPolicy.expiresAt(now, maxInactive);
        String id = session.getIdInternal();
        try {
            if (store.touch(id, now, expiresAt)) {
                session.touched(now, expiresAt);
                return Outcome.TOUCHED;
            }
        } catch (StoreException e) {
            problems.touchFailed(id, e);
            return Outcome.UNCHANGED;
        }
        // Invalidated (a logout) or moved (changeSessionId) by another node, or expired: gone, as
        // on the write path. Writing it again would undo a logout on every node.
        return Outcome.GONE;
    }

    /**
     * Compare-and-set write; on a conflict with another node, reload, lay this node's changes
     * over the newer state, and try again, a bounded number of times.
     */
    private Outcome write(VersionedSession session, Plan plan) {
        String id = session.getIdInternal();
        long expected = plan.expected();
        Map<String, AttributeValues.EncodedValue> current = plan.encoded();
        try {
            for (int attempt = 0; ; attempt++) {
                long now = clock.getAsLong();
                int maxInactive = session.getMaxInactiveInterval(); // a merge may have taken another node's
                String principalKey = decoder.principalKeyOf(session);
                long version = expected + 1;
                long expiresAt = touchPolicy.expiresAt(now, maxInactive);
                SessionFrame frame = serializer.toFrame(session, current, version, now, expiresAt,
                        config.persistAuthentication(), config.principalAttribute());
                EncodedFrame bytes;
                try {
                    bytes = writer.write(frame, new FrameBinding(app, id, version), session.triesCompression());
                } catch (IllegalArgumentException tooLarge) {
                    problems.tooLarge(id, tooLarge.getMessage());
                    return Outcome.FAILED;
                }
                if (bytes.incompressible()) {
                    session.skipCompression(COMPRESSION_SKIPS);
                }
                SessionRecord rec = new SessionRecord(id, bytes.bytes(), version, expiresAt, now, maxInactive,
                        bytes.rawBytes());
                boolean written;
                session.writing(version); // until the copy has the version: its announcement is no invalidation
                try {
                    written = store.write(rec, expected, bytes.rawBytes());
                } catch (StoreException | RuntimeException e) {
                    session.writing(0);
                    throw e;
                }
                if (written) {
                    boolean login = principalKey != null && !principalKey.equals(session.storedPrincipal());
                    session.synced(version, now, expiresAt, maxInactive, principalKey,
                            AttributeValues.synced(current, config.saveMode() == SaveMode.SET_ATTRIBUTE),
                            plan.pending());
                    session.writing(0);
                    if (login && frame.principal() != null) {
                        logins.loggedIn(id, frame.principal().name());
                    }
                    return Outcome.WRITTEN;
                }
                session.writing(0);
                stats.conflicts.increment();
                if (attempt >= config.maxSaveRetries()) {
                    problems.saveFailed(id, (attempt + 1) + " version conflicts with other nodes (raise maxSaveRetries"
                            + " if this recurs)", null);
                    return Outcome.FAILED;
                }
                pauseBeforeRetry(attempt);
                SessionRecord latest = store.read(id);
                if (latest == null) {
                    if (expected == 0) {
                        continue; // the record in the way expired meanwhile
                    }
                    return Outcome.GONE; // invalidated or moved elsewhere: never brought back
                }
                current = merge(session, latest, plan.changes());
                if (current == null) {
                    return Outcome.FAILED;
                }
                expected = latest.version();
            }
        } catch (StoreException e) {
            problems.saveFailed(id, "the store failed: " + e.getMessage(), e);
            return Outcome.FAILED;
        }
    }

    /**
     * The first retries go at once (the other node has written: the re-read sees it); later ones
     * wait a random fraction of a millisecond, so that writers racing on one session spread out.
     */
    private static void pauseBeforeRetry(int attempt) {
        if (attempt < IMMEDIATE_RETRIES) {
            return;
        }
        long bound = Math.min(MAX_JITTER_MICROS, JITTER_MICROS_PER_ATTEMPT * (attempt - IMMEDIATE_RETRIES + 1));
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(bound + 1) * 1_000);
    }

    /**
     * The newer stored state with this node's changes on top: attributes this node did not change
     * keep the stored bytes, also those this node cannot decode, and take the stored values in the
     * live session too where they differ from this node's snapshot.
     *
     * @return the attributes to write, or {@code null} (reported) when the newer frame is
     *         unreadable here: writing this node's changes alone would drop every other attribute
     */
    private Map<String, AttributeValues.EncodedValue> merge(VersionedSession session, SessionRecord latest,
                                                         Map<String, AttributeValues.EncodedValue> changes) {
        RecordLoader.StoredState state = decoder.decode(latest, session.synced(), "not overwritten");
        if (state == null) {
            problems.mergeRefused(latest.id());
            return null;
        }
        synchronized (session.syncLock()) {
            if (session.storedVersion() <= latest.version()) {
                decoder.applyStoredState(session, state, changes.keySet());
            }
        }
        Map<String, AttributeValues.EncodedValue> merged = new LinkedHashMap<>(state.encoded());
        for (Map.Entry<String, AttributeValues.EncodedValue> change : changes.entrySet()) {
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
    private static Map<String, AttributeValues.EncodedValue> changesByDigest(VersionedSession session,
            Map<String, AttributeValues.EncodedValue> encoded, Set<String> pending) {
        Map<String, VersionedSession.SyncedAttribute> snaps = session.synced();
        Map<String, AttributeValues.EncodedValue> changes = changesByName(session, encoded, pending);
        for (AttributeValues.EncodedValue e : encoded.values()) {
            VersionedSession.SyncedAttribute s = snaps.get(e.name());
            if (s == null || s.digest() != e.digest()) {
                changes.put(e.name(), e);
            }
        }
        return changes;
    }

    /** Attributes set or removed through the API and not yet written. */
    private static Map<String, AttributeValues.EncodedValue> changesByName(VersionedSession session,
            Map<String, AttributeValues.EncodedValue> encoded, Set<String> pending) {
        Map<String, AttributeValues.EncodedValue> changes = new HashMap<>();
        for (String name : pending) {
            AttributeValues.EncodedValue e = encoded.get(name);
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
}
