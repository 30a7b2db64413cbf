package io.sessionstores.core.engine;

import java.io.IOException;
import java.io.NotSerializableException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

import org.apache.catalina.realm.GenericPrincipal;

import io.sessionstores.core.codec.AttributeCodec;
import io.sessionstores.core.codec.ForbiddenClassException;
import io.sessionstores.core.frame.EncodedAttribute;
import io.sessionstores.core.frame.FrameHeader;
import io.sessionstores.core.frame.PrincipalInfo;
import io.sessionstores.core.frame.SessionFrame;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Turns a {@link VersionedSession} into a {@link SessionFrame} and back: encodes each attribute with
 * the configured codec, computes its digest for change detection, and rebuilds a session from a
 * frame, dropping (and reporting) any attribute that may not or cannot be decoded.
 */
public final class AttributeValues {

    /** Types whose instances cannot change in place: an unreplaced value need not be re-encoded. */
    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Integer.class, Long.class, Short.class,
            Byte.class, Character.class, Boolean.class, Double.class, Float.class, BigInteger.class, BigDecimal.class,
            UUID.class, Locale.class, Instant.class, LocalDate.class, LocalDateTime.class,
            LocalTime.class, ZonedDateTime.class, OffsetDateTime.class,
            Duration.class, Period.class, ZoneOffset.class);

    private static final XXHash64 HASH = XXHashFactory.fastestJavaInstance().hash64();
    private static final long SEED = 0x5E5510A5L;

    /** Why an attribute was left out of the stored session. */
    interface Problems {
        void unserializable(String attribute, Object value, IOException cause);

        void forbidden(String attribute, String className);

        void undecodable(String attribute, IOException cause);
    }

    /**
     * One attribute ready to store.
     *
     * @param value the object these bytes encode, or {@code null} when it was not decoded (an
     *              attribute this node cannot read, kept as stored bytes)
     */
    record EncodedValue(String name, byte[] bytes, long digest, Object value) {
    }

    private final AttributeCodec codec;
    private final Map<Integer, AttributeCodec> readers = new ConcurrentHashMap<>();
    private final IntFunction<AttributeCodec> codecsById;
    private final Pattern attributeNameFilter;

    /**
     * @param codec      the configured codec: every frame is written with it
     * @param codecsById the codec a frame's header names ({@code null} for an unknown id), so that
     *                   frames written before a change of the {@code codec} attribute stay readable
     */
    public AttributeValues(AttributeCodec codec, IntFunction<AttributeCodec> codecsById, Pattern attributeNameFilter) {
        this.codec = codec;
        this.codecsById = codecsById;
        this.attributeNameFilter = attributeNameFilter;
        readers.put(codec.id(), codec);
    }

    AttributeCodec codec() {
        return codec;
    }

    /** Whether codec {@code codecId} is the one this Manager writes with (its bytes can be kept as they are). */
    boolean writes(int codecId) {
        return codec.id() == codecId;
    }

    /** Whether frames written with codec {@code codecId} can be decoded here. */
    boolean reads(int codecId) {
        return reader(codecId) != null;
    }

    private AttributeCodec reader(int codecId) {
        AttributeCodec known = readers.get(codecId);
        if (known != null) {
            return known;
        }
        AttributeCodec other = codecsById.apply(codecId);
        if (other != null) {
            readers.putIfAbsent(codecId, other);
        }
        return other;
    }

    static long digest(byte[] bytes) {
        return HASH.hash(bytes, 0, bytes.length, SEED);
    }

    /**
     * Encodes every storable attribute. A value that is still the very object last synced, and
     * whose encoding was kept then (see {@link #synced}), keeps that encoding instead of being
     * serialized again, unless it was set again through the API since ({@code setAgain}): setting
     * a mutable value again is how an application says it changed in place.
     *
     * @param setAgain the names set or removed through the API since the last sync
     */
    Map<String, EncodedValue> encode(VersionedSession session, Set<String> setAgain, Problems problems) {
        Map<String, VersionedSession.SyncedAttribute> synced = session.synced();
        Map<String, EncodedValue> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : session.attributeMap().entrySet()) {
            String name = e.getKey();
            Object value = e.getValue();
            if (!storable(name)) {
                continue;
            }
            VersionedSession.SyncedAttribute old = synced.get(name);
            if (old != null && old.value() == value && old.encoded() != null && !setAgain.contains(name)) {
                result.put(name, new EncodedValue(name, old.encoded(), old.digest(), value));
                continue;
            }
            try {
                byte[] bytes = codec.encode(value);
                result.put(name, new EncodedValue(name, bytes, digest(bytes), value));
            } catch (IOException | RuntimeException ex) {
                IOException cause = ex instanceof IOException io ? io : new NotSerializableException(ex.toString());
                problems.unserializable(name, value, cause);
            }
        }
        return result;
    }

    /**
     * Whether every storable attribute is still the very immutable object whose encoding is
     * stored, so that {@link #encode} would give back the stored bytes and find no change, without
     * encoding anything; {@code false} as soon as one value is mutable, replaced or new.
     */
    boolean unchangedInPlace(VersionedSession session) {
        Map<String, VersionedSession.SyncedAttribute> synced = session.synced();
        for (Map.Entry<String, Object> e : session.attributeMap().entrySet()) {
            if (!storable(e.getKey())) {
                continue;
            }
            VersionedSession.SyncedAttribute old = synced.get(e.getKey());
            if (old == null || old.value() != e.getValue() || old.encoded() == null) {
                return false;
            }
        }
        return true;
    }

    private boolean storable(String name) {
        return attributeNameFilter == null || attributeNameFilter.matcher(name).matches();
    }

    /**
     * Snapshots of what is now stored: each value paired with the very bytes it was encoded to
     * (never with a value set since), keeping the encoding for reuse by {@link #encode} where it
     * is still the value's: always for immutable values; for mutable ones only when
     * {@code keepMutable} ({@link SaveMode#SET_ATTRIBUTE}, where a change in place is not saved
     * until the attribute is set again, so a value's bytes from the last sync are what it is
     * stored as). Under {@link SaveMode#DIGEST} a mutable value is encoded again after every
     * request, to notice a change in place. Attributes this node could not decode have no snapshot.
     */
    static Map<String, VersionedSession.SyncedAttribute> synced(Map<String, EncodedValue> encoded,
                                                                 boolean keepMutable) {
        Map<String, VersionedSession.SyncedAttribute> snaps = new HashMap<>(encoded.size() * 2);
        for (EncodedValue e : encoded.values()) {
            Object value = e.value();
            if (value != null) {
                byte[] keep = keepMutable || isImmutable(value) ? e.bytes() : null;
                snaps.put(e.name(), new VersionedSession.SyncedAttribute(value, e.digest(), keep));
            }
        }
        return snaps;
    }

    static boolean isImmutable(Object value) {
        return IMMUTABLE.contains(value.getClass()) || value instanceof Enum<?>;
    }

    /** Builds the frame for {@code session} with these encoded attributes and stored numbers. */
    SessionFrame toFrame(VersionedSession session, Map<String, EncodedValue> encoded, long version, long lastAccess,
                         long expiresAt, boolean persistAuthentication, String principalAttribute) {
        List<EncodedAttribute> attrs = new ArrayList<>(encoded.size());
        for (EncodedValue e : encoded.values()) {
            attrs.add(new EncodedAttribute(e.name(), e.bytes()));
        }
        FrameHeader header = new FrameHeader(codec.id(), expiresAt, lastAccess, version,
                session.getCreationTimeInternal(), session.getMaxInactiveInterval());
        Principal principal = persistAuthentication ? session.getPrincipal() : null;
        String authType = persistAuthentication ? session.getAuthType() : null;
        PrincipalInfo info = principalInfo(principal);
        if (info == null && principalAttribute != null) {
            String user = PrincipalAttribute.name(session.attributeInternal(principalAttribute));
            if (user != null) {
                info = new PrincipalInfo(user, List.of());
                authType = PrincipalAttribute.AUTH_TYPE;
            }
        }
        // isNew is stored false: once this response is out, the client knows the session.
        return new SessionFrame(header, false, authType, info, attrs);
    }

    static PrincipalInfo principalInfo(Principal principal) {
        if (principal == null) {
            return null;
        }
        List<String> roles = principal instanceof GenericPrincipal gp ? List.of(gp.getRoles()) : List.of();
        return new PrincipalInfo(principal.getName(), roles);
    }

    /** A compact fingerprint of the authentication state, to notice a login or logout. */
    static String principalKey(Principal principal, String authType, boolean persistAuthentication) {
        if (!persistAuthentication || principal == null) {
            return null;
        }
        PrincipalInfo info = principalInfo(principal);
        return authType + '\u0000' + info.name() + '\u0000' + String.join("\u0000", info.roles());
    }

    static Principal toPrincipal(PrincipalInfo info) {
        return info == null ? null : new GenericPrincipal(info.name(), info.roles());
    }

    /**
     * Decodes one stored attribute of a frame written by codec {@code codecId} (see
     * {@link #reads}) with the webapp class loader. An attribute whose class is not allowed, or
     * whose bytes do not decode, is reported and answered with {@code null}.
     *
     * @return the value with its encoding by this Manager's codec
     */
    EncodedValue decode(EncodedAttribute attribute, int codecId, ClassLoader loader, Problems problems) {
        AttributeCodec frameCodec = reader(codecId);
        try {
            Object value = frameCodec.decode(attribute.value(), loader);
            if (value == null) {
                return null;
            }
            // Another codec's bytes never go into a frame of this one: re-encoded here, they are
            // what a merge writes and what the change detection compares with.
            byte[] bytes = frameCodec == codec ? attribute.value() : codec.encode(value);
            return new EncodedValue(attribute.name(), bytes, digest(bytes), value);
        } catch (ForbiddenClassException ex) {
            problems.forbidden(attribute.name(), ex.className());
        } catch (IOException ex) {
            problems.undecodable(attribute.name(), ex);
        } catch (RuntimeException ex) {
            problems.undecodable(attribute.name(), new IOException(ex.toString(), ex));
        }
        return null;
    }
}
