package io.sessionstores.redis;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.juli.logging.Log;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;

import io.sessionstores.core.store.SessionIds;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.store.UserNames;

/**
 * The operations on one session's record of a started {@link RedisSessionStore}: a read is one
 * GET or HGET (the {@link StoreMode layout} decides which), a change one script call
 * ({@link SessionScripts}), a delete one DEL or HDEL; a change of id is three of them. Values are
 * {@link StoredValues}: the frame behind the record's numbers.
 */
final class RedisRecords {

    private static final int CHANGE_ID_ATTEMPTS = 3;
    /** {@code write.lua}'s answer: not written, the user's index must list the session first. */
    private static final long USER_NOT_LISTED = 2L;
    private static final byte[] NO_USER = new byte[0];
    private static final byte[] NOT_LISTED = {'0'};
    private static final byte[] LISTED = {'1'};
    private static final byte[] CARRIED = {'1'};
    private static final byte[] NOT_CARRIED = {'0'};

    private final RedisConnection connection;
    private final KeyLayout layout;
    private final ServerScripts scripts;
    private final SessionScripts sessionScripts;
    private final ReplicaAcks acks;
    private final StoreContext context;
    private final Log log;
    private final AtomicLong corruptFrames;
    private final RedisUserIndex users;

    /**
     * @param acks          the {@code replicaAcks} setting, {@code null} when off
     * @param corruptFrames the store's counter of values that were not frames (it outlives a restart)
     */
    RedisRecords(RedisConnection connection, KeyLayout layout, ServerScripts scripts, SessionScripts sessionScripts,
                 ReplicaAcks acks, StoreContext context, Log log, AtomicLong corruptFrames, RedisUserIndex users) {
        this.connection = connection;
        this.layout = layout;
        this.scripts = scripts;
        this.sessionScripts = sessionScripts;
        this.acks = acks;
        this.context = context;
        this.log = log;
        this.corruptFrames = corruptFrames;
        this.users = users;
    }

    SessionRecord read(String id) throws StoreException {
        SessionLocation at = layout.locate(id);
        byte[] value = sessionScripts.holdsCopies() ? sessionScripts.readHolding(id, context.now())
                : connection.call("read", id, client -> layout.mode().read(client, at));
        if (value == null) {
            return null;
        }
        if (!StoredValues.isStoredValue(value)) {
            corruptFrames.incrementAndGet();
            log.warn(context.logName() + ": value of session " + SessionIds.hash(id) + " is not a session frame ("
                    + value.length + " bytes); treated as no session");
            return null;
        }
        SessionRecord stored = StoredValues.decode(id, value);
        return stored.isExpired(context.now()) ? null : stored;
    }

    boolean write(SessionRecord record, long expectedVersion) throws StoreException {
        StoredValues.requireConsistent(record);
        if (record.version() <= expectedVersion) {
            throw new IllegalArgumentException("new version " + record.version() + " must exceed " + expectedVersion);
        }
        String user = UserNames.principalOf(record.frame());
        byte[] userArg = user == null ? NO_USER : user.getBytes(StandardCharsets.UTF_8);
        byte[] value = StoredValues.encode(record);
        long written = writeScript(record, expectedVersion, value, userArg, NOT_LISTED);
        if (written == USER_NOT_LISTED) {
            // the session gets a user its stored record does not carry: list it first (RedisUserIndex)
            users.add(user, record.id());
            written = writeScript(record, expectedVersion, value, userArg, LISTED);
        }
        return written == 1L;
    }

    private long writeScript(SessionRecord record, long expectedVersion, byte[] value, byte[] user, byte[] listed)
            throws StoreException {
        return sessionScripts.result(scripts.write, record.id(), LuaScript.arg(context.now()),
                LuaScript.arg(expectedVersion), value, LuaScript.arg(record.expiresAt()), user, listed,
                sessionScripts.carries(value.length) ? CARRIED : NOT_CARRIED, sessionScripts.holder());
    }

    boolean touch(String id, long lastAccess, long expiresAt) throws StoreException {
        return sessionScripts.run(scripts.touch, id, LuaScript.arg(context.now()), LuaScript.arg(expiresAt),
                LuaScript.arg(lastAccess), StoredValues.int64(expiresAt), StoredValues.int64(lastAccess));
    }

    /**
     * Moves a session in three calls, because the two ids may live in different buckets (and
     * Cluster slots): read the old record, write it under the new id (compare-and-set: no live
     * record may be there), then delete the old one only if its version is still the one copied
     * ({@code tombstoneUntil} above 0: replace it by a tombstone). Between the last two calls a
     * reader can find the session under both ids, never under neither. If the old record was
     * saved meanwhile, the record under the new id is withdrawn and the move retried.
     */
    boolean move(String oldId, String newId, long tombstoneUntil) throws StoreException {
        for (int attempt = 0; attempt < CHANGE_ID_ATTEMPTS; attempt++) {
            SessionRecord current = read(oldId);
            if (current == null) {
                return false;
            }
            SessionRecord moved = new SessionRecord(newId, current.frame(), current.version(), current.expiresAt(),
                    current.lastAccess(), current.maxInactive(), current.rawBytes());
            if (!write(moved, 0)) {
                throw new StoreException("changeId: the new id " + SessionIds.hash(newId) + " already holds a session");
            }
            if (tombstoneUntil > 0 ? deleteLeavingTombstone(oldId, current.version(), tombstoneUntil)
                    : deleteIfVersion(oldId, current.version())) {
                return true;
            }
            deleteIfVersion(newId, current.version());
        }
        throw new StoreException("changeId: session " + SessionIds.hash(oldId) + " kept changing during the move");
    }

    /**
     * One script call that deletes the record and announces it on the change stream (and its
     * {@code WAIT} when {@code replicaAcks} asks for it, whether or not there was a record).
     */
    void delete(String id) throws StoreException {
        sessionScripts.result(scripts.delete, id);
    }

    boolean deleteIfVersion(String id, long version) throws StoreException {
        return sessionScripts.run(scripts.deleteIfVersion, id, LuaScript.arg(version));
    }

    /** One script call on the id's key: the tombstone replaces the value (of the version given). */
    boolean deleteLeavingTombstone(String id, long version, long tombstoneUntil) throws StoreException {
        long now = context.now();
        return sessionScripts.run(scripts.tombstone, id, LuaScript.arg(now), LuaScript.arg(version),
                StoredValues.encode(StoredValues.tombstone(id, now, tombstoneUntil)), LuaScript.arg(tombstoneUntil));
    }

    /**
     * Stores {@code record} unless Redis holds a greater version of it: the write of a cache
     * whose source of truth (the database) has already accepted the record, or the fill after a
     * database read. One script call. A cold or stale cache (no record, an older version) takes
     * the record; a newer one, or an {@link #evict eviction marker}, is kept.
     *
     * @return whether the record was stored
     */
    boolean putUnlessNewer(SessionRecord record) throws StoreException {
        StoredValues.requireConsistent(record);
        return sessionScripts.run(scripts.putUnlessNewer, record.id(), LuaScript.arg(context.now()),
                LuaScript.arg(record.version()), StoredValues.encode(record), LuaScript.arg(record.expiresAt()));
    }

    /**
     * Removes a session from the cache so that no fill can bring it back: replaces it by an
     * {@link StoredValues#evictionMarker eviction marker}, an expired record of the greatest
     * version, which reads treat as no session and {@link #putUnlessNewer} never overwrites; it
     * lives {@link SessionStore#EXPIRED_RECORD_GRACE_MILLIS} (as every expired record does) and
     * a new session may take its id (a compare-and-set write treats it as absent).
     */
    void evict(String id) throws StoreException {
        putUnlessNewer(StoredValues.evictionMarker(id, context.now()));
    }

    /**
     * Keys (string mode) or fields (hash mode) of this application: live sessions, and leftovers
     * Redis or the sweep has not removed yet (expired records, eviction markers, tombstones).
     */
    long count() throws StoreException {
        return connection.call("count", null, client -> layout.mode().count(client, layout));
    }
}
