package io.sessionstores.core.store;

import java.util.Collection;
import java.util.List;

/**
 * Where sessions live between requests: the only I/O the Manager does.
 *
 * <p>A store moves opaque {@link SessionRecord records} (the frame bytes plus the few numbers a
 * store needs to index, expire and version them). It never deserializes anything. The Manager
 * decides what to write and when; the store decides how.
 *
 * <h2>Promises under concurrency</h2>
 * Several Tomcat nodes call the same store at once, for the same session. Every method is one
 * atomic operation on the backend (one SQL statement or transaction, one Redis script):
 * <ul>
 *   <li>{@link #write} is a compare-and-set on the record version: it writes only when the stored
 *       version is the expected one, so two writers never silently overwrite each other;</li>
 *   <li>{@link #touch} only ever moves the expiry later and never changes data or version;</li>
 *   <li>{@link #changeId} moves a record so that no reader sees it under both ids or neither
 *       (other than a reader that sees the old id just before the move);</li>
 *   <li>a {@link #deleteLeavingTombstone tombstone} (left by a delete or an id change while the
 *       store is the new store of a migration) makes {@link #write write(record, 0)} under its id
 *       fail until it ends: a copy of the session read from the old store before the delete can
 *       never be inserted after it. A tombstone is no session: reads, touches, id changes and
 *       version-checked deletes do not find it, and {@link #scan}, {@link #lookup} and the size
 *       analysis never return it. It goes away by itself (raw expiry, a TTL or the sweep) once
 *       it has ended.</li>
 * </ul>
 *
 * <h2>Session ids are untrusted input</h2>
 * The Manager rejects malformed ids before calling a store, but a store must still treat every
 * id as hostile text: bind it as a statement parameter, never splice it into SQL or a key name
 * unencoded, never log it in clear (log {@link io.sessionstores.core.store.SessionIds#hash}).
 *
 * <h2>Time</h2>
 * Times are epoch milliseconds. {@code expiresAt == }{@link SessionRecord#NEVER_EXPIRES} means
 * the session never expires (maxInactiveInterval &lt;= 0): no store may delete such a record on
 * its own. A store that deletes expired records on its own (a sweep, a TTL) keeps each one for
 * {@link #EXPIRED_RECORD_GRACE_MILLIS} past its expiry: the node that holds the session finds it
 * with {@link #deleteIfVersion} and fires its listeners (an expired record is never read).
 *
 * <h2>Errors</h2>
 * A backend that is unreachable, times out or answers with an error raises
 * {@link StoreException}. Calls must be bounded in time (driver/client timeouts): no request
 * thread may hang on a store.
 */
public interface SessionStore {

    /**
     * How long a store keeps an expired record before deleting it on its own (5 minutes): longer
     * than the Manager's expiry period (processExpiresFrequency x backgroundProcessorDelay, 60 s by
     * default), so the node holding the session removes it by compare-and-delete, which tells
     * exactly one node to fire {@code sessionDestroyed} and {@code valueUnbound}.
     */
    long EXPIRED_RECORD_GRACE_MILLIS = 5 * 60_000L;

    /**
     * How long a migration's new store keeps a {@link #deleteLeavingTombstone tombstone} (20
     * minutes): far longer than a copy or move may take from its read of the old store to its
     * insert into the new one (the migration gives up on a read older than one minute), plus the
     * clock difference between nodes that {@link #EXPIRED_RECORD_GRACE_MILLIS} already allows,
     * plus the time a store call may take (docs/migration.md gives the argument).
     */
    long MIGRATION_TOMBSTONE_MILLIS = 20 * 60_000L;

    /**
     * Prepares the store for one web application. Called once by the Manager's start. A store
     * that cannot reach its backend should still start (Tomcat must start while the database is
     * down) and raise {@link StoreException} from the calls instead, unless its configuration is
     * invalid, which it reports here with a message naming the attribute, the bad value and what
     * is allowed.
     */
    void start(StoreContext context) throws StoreException;

    /** Releases connections and clients. Never throws. */
    void stop();

    /**
     * Reads one session. One round trip.
     *
     * @return the record, or {@code null} when there is none or it has expired
     *         ({@code expiresAt <= now}); an expired record is never returned.
     */
    SessionRecord read(String id) throws StoreException;

    /**
     * Writes a whole record if, and only if, the stored version is {@code expectedVersion}.
     * {@code expectedVersion == 0} means "no live record may exist" (a new session; an expired
     * leftover under the same id may be replaced), nor a live {@link #deleteLeavingTombstone
     * tombstone}. {@code record.version()} is the new version,
     * always greater than {@code expectedVersion}. One round trip.
     *
     * @return {@code true} when written, {@code false} on a version conflict (the Manager then
     *         reloads and retries)
     */
    boolean write(SessionRecord record, long expectedVersion) throws StoreException;

    /**
     * Records an access without rewriting the data: sets last-access and expiry of an existing,
     * unexpired record, but never moves its expiry earlier. Does not change the version.
     *
     * @return {@code false} when there is no live record under that id
     */
    boolean touch(String id, long lastAccess, long expiresAt) throws StoreException;

    /**
     * Moves a record to a new id atomically (session fixation protection at login).
     *
     * @return {@code false} when there is no live record under {@code oldId}
     */
    boolean changeId(String oldId, String newId) throws StoreException;

    /** Deletes a session; nothing happens when there is none. */
    void delete(String id) throws StoreException;

    /**
     * Deletes a session only if its stored version is still {@code version}, so that a session
     * written again by another node since is kept. Used when this node expires a session it holds.
     *
     * @return {@code true} when a record was deleted
     */
    boolean deleteIfVersion(String id, long version) throws StoreException;

    /**
     * Deletes a session and leaves a tombstone under its id until {@code tombstoneUntil}: one
     * atomic step. Used while this store is the new store of a migration, so that a session
     * logged out, expired or renamed during a copy or a move is never brought back by the copy's
     * insert of what it read from the old store before ({@code write(record, 0)} fails while the
     * tombstone lives, by the writer's clock). Not on the request path of a store that is not
     * migrated to.
     *
     * @param version        {@code 0}: whatever is stored under the id (nothing, a record, a
     *                       tombstone) is replaced by the tombstone; above {@code 0}: only a record
     *                       of that version (as {@link #deleteIfVersion}), otherwise nothing changes
     * @param tombstoneUntil when the tombstone ends, epoch ms
     * @return whether the tombstone was laid (always for version {@code 0})
     * @throws StoreException also when the store cannot keep tombstones (it cannot be the new
     *                        store of a migration)
     */
    default boolean deleteLeavingTombstone(String id, long version, long tombstoneUntil) throws StoreException {
        throw new StoreException(getClass().getName() + " keeps no tombstones: it cannot be the new store of a migration");
    }

    /**
     * {@link #changeId} that leaves a {@link #deleteLeavingTombstone tombstone} under {@code oldId}
     * until {@code tombstoneUntil}, in the same atomic step as the move, or (a store whose two ids
     * may live apart) replacing the old record only if it still is the version moved. Nothing
     * changes when there is no live record under {@code oldId}.
     *
     * @return {@code false} when there is no live record under {@code oldId}
     */
    default boolean changeIdLeavingTombstone(String oldId, String newId, long tombstoneUntil) throws StoreException {
        throw new StoreException(getClass().getName() + " keeps no tombstones: it cannot be the new store of a migration");
    }

    // ---------------------------------------------------------------- the user index

    /**
     * Whether this store keeps the user index: the principal name each record's frame carries
     * ({@link io.sessionstores.core.frame.FrameReader#principalName}, in its
     * {@link UserNames#indexed indexed form}) maintained by the same atomic step as every change
     * of the record (write, id change, delete, tombstone, raw expiry), so that
     * {@link #sessionsOfUser} lists exactly the live sessions of a user.
     */
    default boolean indexesUsers() {
        return false;
    }

    /**
     * The live sessions whose frame names {@code user} (already in its {@link UserNames#indexed
     * indexed form}), most recently used first, at most {@code limit} of them: one bounded,
     * indexed query. Never a tombstone, never an expired record.
     *
     * @throws StoreException also when the store keeps no user index ({@link #indexesUsers()})
     */
    default List<SessionRecord> sessionsOfUser(String user, int limit) throws StoreException {
        throw new StoreException(getClass().getSimpleName() + " keeps no index of users");
    }

    // ---------------------------------------------------------------- the change stream

    /**
     * This store's {@link ChangeStream}, or {@code null} when the backend has no notification
     * channel (then every request reads the store). Asked once, after {@link #start}.
     */
    default ChangeStream changeStream() {
        return null;
    }

    /** How many sessions of this application are stored (live or not yet swept). */
    long count() throws StoreException;

    // ---------------------------------------------------------------- scan and lookup (tools)

    /**
     * One batch of a walk over every stored record of this application, for tools (size analysis,
     * migration copy), never for a request. Records come in the store's keyset order (never by
     * offset), expired ones included and {@link ScannedRecord#expired() flagged}; a walk resumes
     * from {@link ScanRequest#cursor()}, so it may pause between batches and may even continue in
     * another process. Each call is bounded work that takes no lock a request could wait on (one
     * indexed SELECT; Redis {@code HSCAN}/{@code SCAN} with a {@code COUNT}, never {@code KEYS} or
     * a whole-hash {@code HGETALL}). A record written during the walk may be seen in its old or
     * new state, or, if its position in the order changed, missed or seen twice; a record present
     * from the start to the end of the walk and not changed is seen (once in SQL; Redis' SCAN may
     * repeat an element while a hash table grows). When the request asks for
     * {@link ScanRequest#headBytes() heads}, a store may return just the first bytes of each
     * frame ({@link ScannedRecord#isPartial()}); a store that cannot returns whole frames.
     */
    ScanBatch scan(ScanRequest request) throws StoreException;

    /**
     * Reads the records stored under {@code ids}, for tools: expired ones are returned, flagged;
     * an id with nothing stored is simply absent from the result. Whole frames. Bounded round
     * trips (pipelined or one connection), whatever the number of ids.
     */
    List<ScannedRecord> lookup(Collection<String> ids) throws StoreException;

    /**
     * Periodic housekeeping (for example removing expired records), called from Tomcat's
     * background thread with the webapp class loader bound, every {@code backgroundProcessorDelay}
     * (10 s by default). That thread serves every context: work here must be bounded in time.
     * Failures are the store's to log; nothing may escape. Does nothing by default.
     */
    default void backgroundProcess() {
    }

    // ---- raw expiry (the expiry valve) ----------------------------------------------------

    /**
     * Raw expiry, one bounded batch: deletes expired records of this application without loading
     * them (no listener fires). Never deletes a record that never expires, nor one that is live
     * when the backend decides (the check and the delete are one atomic step per record, so a
     * session written or touched meanwhile stays).
     *
     * <p><b>Whose clock.</b> A record is deleted only once it has expired both by this node's
     * clock ({@link StoreContext#now()}) and by the backend's own clock (the database's
     * {@code now()}, Redis {@code TIME}), so a node whose clock runs ahead deletes nobody's
     * session early.
     *
     * <p><b>Concurrency.</b> Safe to run on several nodes at once (they skip or repeat each
     * other's work, never delete a live record), but meant to run on one node at a time under
     * the {@link #acquireExpiryLease expiry lease}.
     *
     * @param previous  the previous batch of the same pass, or {@link ExpiryBatch#FIRST} to start
     *                  a pass (a store keeps its position in the pass there)
     * @param batchSize most records one batch may delete (a Redis hash store: most bucket hashes
     *                  it visits); each call is one short statement or a few pipelined calls
     * @return what the batch deleted, and whether the pass is complete
     */
    default ExpiryBatch deleteExpired(ExpiryBatch previous, int batchSize) throws StoreException {
        return ExpiryBatch.NOTHING_TO_DO;
    }

    /**
     * Takes or renews the expiry lease of this application for {@code ttlMillis}, so that one node
     * at a time deletes expired records: succeeds when no one holds it, when its last holder let
     * it lapse, or when {@code owner} holds it already (then it is renewed). One atomic step on
     * the backend, deadline by the backend's clock. By default (a store with nothing to delete)
     * always succeeds.
     *
     * @return whether {@code owner} holds the lease now
     */
    default boolean acquireExpiryLease(String owner, long ttlMillis) throws StoreException {
        return true;
    }

    /** Gives the lease back if {@code owner} holds it; nothing happens otherwise. */
    default void releaseExpiryLease(String owner) throws StoreException {
    }

    /** Who holds the expiry lease now, or {@code null} when no one does (for JMX). */
    default String expiryLeaseHolder() throws StoreException {
        return null;
    }

    /**
     * Set by the expiry valve while it covers this store's application: a store then leaves
     * expired records to the valve and its own {@link #backgroundProcess()} deletes none (other
     * housekeeping goes on). Set back to {@code false} when the valve stops.
     */
    default void setExpiryByValve(boolean byValve) {
    }
}
