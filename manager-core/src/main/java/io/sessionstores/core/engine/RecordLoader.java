package io.sessionstores.core.engine;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionEvent;

import io.sessionstores.core.frame.CorruptFrameException;
import io.sessionstores.core.frame.EncodedAttribute;
import io.sessionstores.core.frame.FrameBinding;
import io.sessionstores.core.frame.FrameReader;
import io.sessionstores.core.frame.SessionFrame;
import io.sessionstores.core.store.SessionRecord;

/**
 * Reads stored records into this node's sessions: a new session object from a record, or a
 * newer record laid over the object this node already holds. Only attributes whose stored bytes
 * differ from what this node last synced are decoded and replaced: an unchanged attribute keeps
 * its live object, so a request holding a reference to it never mutates an orphan.
 */
public final class RecordLoader {

    private final FrameReader reader;
    private final AttributeValues serializer;
    private final ClassLoader loader;
    private final ManagerConfig config;
    private final ManagerStats stats;
    private final PersistenceProblems problems;
    /** The application name a signed frame is bound to (with the id and version). */
    private final String app;

    public RecordLoader(FrameReader reader, AttributeValues serializer, ClassLoader loader, ManagerConfig config,
                   ManagerStats stats, PersistenceProblems problems, String app) {
        this.reader = reader;
        this.serializer = serializer;
        this.loader = loader;
        this.config = config;
        this.stats = stats;
        this.problems = problems;
        this.app = app;
    }

    /**
     * A stored record read against this node's view of it.
     *
     * @param frame   the decoded frame
     * @param encoded every stored attribute's bytes and digest, with its live value where this
     *                node's snapshot matches, its decoded value where it differs, and no value
     *                where it cannot be decoded here
     * @param changed the decoded values of the attributes that differ from this node's snapshot
     */
    record StoredState(SessionFrame frame, Map<String, AttributeValues.EncodedValue> encoded,
                       Map<String, Object> changed) {
    }

    /**
     * Decodes {@code rec} against {@code view} (what this node last synced):
     * only attributes whose digest differs are deserialized.
     *
     * @return the state, or {@code null} when the frame is corrupt or from another codec
     */
    StoredState decode(SessionRecord rec, Map<String, VersionedSession.SyncedAttribute> view, String consequence) {
        SessionFrame frame = readFrame(rec, consequence);
        if (frame == null) {
            return null;
        }
        stats.deserializations.increment();
        int codecId = frame.header().codecId();
        boolean ownCodec = serializer.writes(codecId);
        Map<String, AttributeValues.EncodedValue> encoded = new LinkedHashMap<>();
        Map<String, Object> changed = new HashMap<>();
        for (EncodedAttribute a : frame.attributes()) {
            long digest = ownCodec ? AttributeValues.digest(a.value()) : 0;
            VersionedSession.SyncedAttribute known = ownCodec ? view.get(a.name()) : null;
            if (known != null && known.digest() == digest) {
                encoded.put(a.name(), new AttributeValues.EncodedValue(a.name(), a.value(), digest, known.value()));
                continue;
            }
            AttributeValues.EncodedValue decoded = serializer.decode(a, codecId, loader, problems);
            if (decoded != null) {
                changed.put(a.name(), decoded.value());
                encoded.put(a.name(), decoded);
            } else if (ownCodec) {
                // unreadable here: its stored bytes are kept by a merge, it has no live value
                encoded.put(a.name(), new AttributeValues.EncodedValue(a.name(), a.value(), digest, null));
            }
        }
        return new StoredState(frame, encoded, changed);
    }

    private SessionFrame readFrame(SessionRecord rec, String consequence) {
        SessionFrame frame;
        try {
            frame = reader.read(rec.frame(), new FrameBinding(app, rec.id(), rec.version()));
        } catch (CorruptFrameException e) {
            problems.corrupt(rec.id(), e.reason() + ": " + e.getMessage(), consequence);
            return null;
        } catch (RuntimeException e) {
            problems.corrupt(rec.id(), e.toString(), consequence);
            return null;
        }
        if (!serializer.reads(frame.header().codecId())) {
            problems.corrupt(rec.id(), "written by unknown codec id " + frame.header().codecId(), consequence);
            return null;
        }
        return frame;
    }

    /**
     * Decodes a stored record into {@code session} (a fresh, unregistered object).
     *
     * @return {@code false} when the frame is corrupt, from another codec, or not allowed: the
     *         caller treats the session as missing
     */
    boolean materialize(SessionRecord rec, VersionedSession session) {
        StoredState state = decode(rec, Map.of(), "treated as missing");
        if (state == null) {
            return false;
        }
        boolean authenticated = !PrincipalAttribute.AUTH_TYPE.equals(state.frame().authType());
        session.restore(state.frame().header().creationTime(), rec.lastAccess(), rec.maxInactive(), false,
                authenticated ? state.frame().authType() : null,
                authenticated ? AttributeValues.toPrincipal(state.frame().principal()) : null);
        state.changed().forEach(session::putAttributeSilently);
        synced(session, rec, state);
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
        StoredState state = decode(rec, session.synced(), "treated as missing");
        if (state == null) {
            return false;
        }
        synchronized (session.syncLock()) {
            if (rec.version() > session.storedVersion()) {
                applyStoredState(session, state, Set.of());
                synced(session, rec, state);
            }
        }
        return true;
    }

    private void synced(VersionedSession session, SessionRecord rec, StoredState state) {
        session.synced(rec.version(), rec.lastAccess(), rec.expiresAt(), rec.maxInactive(), storedPrincipalKey(state),
                AttributeValues.synced(state.encoded(), config.saveMode() == SaveMode.SET_ATTRIBUTE), Map.of());
    }

    /** The authentication fingerprint of a stored frame (not of the live session, which may differ). */
    String storedPrincipalKey(StoredState state) {
        SessionFrame frame = state.frame();
        if (PrincipalAttribute.AUTH_TYPE.equals(frame.authType()) && frame.principal() != null) {
            return PrincipalAttribute.key(frame.principal().name());
        }
        return AttributeValues.principalKey(AttributeValues.toPrincipal(frame.principal()), frame.authType(),
                config.persistAuthentication());
    }

    /**
     * Lays a stored state over the live session, silently (listeners fired on the node that made
     * the change), except attributes in {@code keep} or changed here and not yet written: the
     * attributes whose stored bytes differ from this node's snapshot, the removals, and the
     * maxInactiveInterval and authentication where this node has not changed them. A value laid
     * over gets {@code sessionDidActivate}. Callers hold the session's
     * {@link VersionedSession#syncLock()} and have checked that the state is not older than the
     * session's stored view.
     */
    void applyStoredState(VersionedSession session, StoredState state, Set<String> keep) {
        Set<String> pending = session.setSinceSync();
        for (Map.Entry<String, Object> e : state.changed().entrySet()) {
            if (!keep.contains(e.getKey()) && !pending.contains(e.getKey())) {
                session.putAttributeSilently(e.getKey(), e.getValue());
                if (e.getValue() instanceof HttpSessionActivationListener listener) {
                    listener.sessionDidActivate(new HttpSessionEvent(session.getSession()));
                }
            }
        }
        for (String name : session.synced().keySet()) {
            if (!state.encoded().containsKey(name) && !keep.contains(name) && !pending.contains(name)) {
                session.putAttributeSilently(name, null); // removed by another writer
            }
        }
        applyStoredMetadata(session, state);
    }

    /**
     * Takes the stored maxInactiveInterval and authentication where this node has not changed
     * them since its last sync, exactly as attributes are merged: a logout, login or timeout
     * change made here and not yet written stays, one made elsewhere is taken.
     */
    private void applyStoredMetadata(VersionedSession session, StoredState state) {
        if (session.getMaxInactiveInterval() == session.storedMaxInactive()) {
            session.refreshMaxInactive(state.frame().header().maxInactive());
        }
        if (config.persistAuthentication() && Objects.equals(session.storedPrincipal(), principalKeyOf(session))) {
            // a principal slot holding only principalAttribute's user never authenticates a session
            boolean attributeOnly = PrincipalAttribute.AUTH_TYPE.equals(state.frame().authType());
            session.refreshAuthentication(attributeOnly ? null : state.frame().authType(),
                    attributeOnly ? null : AttributeValues.toPrincipal(state.frame().principal()));
        }
    }

    String principalKeyOf(VersionedSession session) {
        String key = AttributeValues.principalKey(session.getPrincipal(), session.getAuthType(),
                config.persistAuthentication());
        if (key == null && config.principalAttribute() != null) {
            String user = PrincipalAttribute.name(session.attributeInternal(config.principalAttribute()));
            return user == null ? null : PrincipalAttribute.key(user);
        }
        return key;
    }
}
