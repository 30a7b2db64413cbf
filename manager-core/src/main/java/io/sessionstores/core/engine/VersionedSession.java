package io.sessionstores.core.engine;

import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.catalina.Manager;
import org.apache.catalina.session.StandardSession;

import io.sessionstores.core.store.ChangeStream;


/**
 * A Tomcat session that knows what the store holds for it: the record version it was loaded at
 * (or last written), the stored access and expiry times, and a digest per attribute of what was
 * loaded. The Manager compares against that after each request to decide between "write",
 * "touch" and "nothing", and uses the version for the compare-and-set write.
 *
 * <p>Expiry is decided from the store's view as well as this node's: a session is expired when
 * both the stored expiry (which another node may have extended) and this node's last access plus
 * maxInactiveInterval are past, so a session used on another node is never expired here early.
 *
 * <p>Over 400 lines for one reason: it is the one object every path of a copy meets (the request,
 * the save, the near cache, the expiry, Tomcat's own session API it overrides), and each field of
 * that state is guarded with the others it changes with; split, the guards would span classes.
 */
public class VersionedSession extends StandardSession {

    private static final long serialVersionUID = 1L;

    /** What the store holds of one attribute as this node last synced it (loaded or wrote): value, digest, bytes. */
    record SyncedAttribute(Object value, long digest, byte[] encoded) {
    }

    private final transient SessionHost host;

    /** Record version in the store; 0 when the session has never been written. */
    private volatile long storedVersion;
    private volatile long storedLastAccess;
    private volatile long storedExpiresAt;
    private volatile int storedMaxInactive;
    private volatile String storedPrincipal;
    private transient volatile Map<String, SyncedAttribute> synced = Map.of();
    /** Names set or removed through the API and not yet written, each with the number of its last change. */
    private final transient Map<String, Long> changedSinceSync = new ConcurrentHashMap<>();
    private final transient AtomicLong changeNumbers = new AtomicLong();
    private final transient AtomicLong accesses = new AtomicLong();
    private final transient Coalesced<SessionSaver.Outcome> saves = new Coalesced<>();
    private final transient Coalesced<LocalSessions.SharedRead> reads = new Coalesced<>();
    /** A save of this copy failed: it holds changes the store does not have, and is no longer this node's copy. */
    private transient volatile boolean discarded;
    private final transient AtomicInteger requestsInFlight = new AtomicInteger();
    private final transient Object syncLock = new Object();
    private transient volatile boolean invalidating;
    private transient volatile boolean expiryHandledByStore;
    /** This node's clock when the store last confirmed this copy (load, write, touch, check). */
    private transient volatile long confirmedAt;
    /** Guards the change key and the announced version together ({@link NearCache}). */
    private final transient Object nearLock = new Object();
    /** The id the change key was computed for, and the key ({@link NearCache}). */
    private transient String changeKeyId;
    private transient String changeKey;
    /** The greatest version the change stream announced under {@link #changeKey}. */
    private transient volatile long announcedVersion;
    /** The stream epoch in which the store last confirmed this copy ({@link NearCache}); -1: none. */
    private transient volatile long confirmedEpoch = -1;
    /**
     * The record the change stream carried with its announcement of {@link #pushedVersion} (a
     * write made on another node), the stream epoch it came in, or {@code null} ({@link NearCache#pushed}).
     */
    private transient ChangeStream.PushedRecord pushed;
    private transient long pushedVersion;
    private transient long pushedEpoch = -1;
    /** {@link System#nanoTime()} when a request on this node last used the object (LRU eviction). */
    private transient volatile long lastUsedNanos = System.nanoTime();
    /** Writes of this copy that skip LZ4 because its last try did not shrink the section ({@link SessionSaver}). */
    private transient volatile int compressionSkips;
    /** The version this node's write in flight gives the copy, 0 for none ({@link #writing}). */
    private transient volatile long writingVersion;

    /**
     * A session of {@code manager}, which is also the engine's {@link SessionHost}: the session
     * reaches it through that interface only.
     */
    public <M extends Manager & SessionHost> VersionedSession(M manager) {
        super(manager);
        this.host = manager;
    }

    // ---- what the store holds -------------------------------------------------------------

    public long storedVersion() {
        return storedVersion;
    }

    long storedLastAccess() {
        return storedLastAccess;
    }

    int storedMaxInactive() {
        return storedMaxInactive;
    }

    String storedPrincipal() {
        return storedPrincipal;
    }

    Map<String, SyncedAttribute> synced() {
        return synced;
    }

    /**
     * Names set or removed through the API and not yet written. Only these count as removals
     * (an attribute missing from the map is otherwise not deleted from the store), and a merge
     * never overwrites them with another node's value.
     */
    Set<String> setSinceSync() {
        return changedSinceSync.keySet();
    }

    /**
     * The pending names ({@link #setSinceSync()}) now, each with the number of its last change: a
     * write that took this copy clears a name only if it was not set again meanwhile.
     */
    Map<String, Long> pendingChanges() {
        return Map.copyOf(changedSinceSync);
    }

    /** Whether anything was set or removed through the API since the last write. */
    boolean hasPendingChanges() {
        return !changedSinceSync.isEmpty();
    }

    /** The group commit of this session's saves on this node. */
    Coalesced<SessionSaver.Outcome> saves() {
        return saves;
    }

    /** The shared reads of this session's stored record by the requests of this node. */
    Coalesced<LocalSessions.SharedRead> reads() {
        return reads;
    }

    /**
     * Marks this copy as holding changes that could not be stored: it is no longer this node's
     * copy (the next request reads the stored state), and nothing of it is written any more.
     */
    void discard() {
        this.discarded = true;
    }

    boolean discarded() {
        return discarded;
    }

    /**
     * Records that the store now holds this state for the session.
     *
     * @param written the pending changes ({@link #pendingChanges()}) that this write included
     */
    void synced(long version, long lastAccess, long expiresAt, int maxInactive, String principalKey,
                Map<String, SyncedAttribute> attributeSnapshots, Map<String, Long> written) {
        synchronized (syncLock) {
            if (version < storedVersion) {
                return; // a slower thread reporting an older write: the newer state stays
            }
            this.storedVersion = version;
            this.storedLastAccess = lastAccess;
            this.storedExpiresAt = expiresAt;
            this.storedMaxInactive = maxInactive;
            this.storedPrincipal = principalKey;
            this.synced = Map.copyOf(attributeSnapshots);
            written.forEach(changedSinceSync::remove);
            this.confirmedAt = host.now();
        }
    }

    /**
     * Guards the stored view (version, synced attributes, pending names) while another stored state is
     * laid over the live attributes, so a refresh never applies an older state than the one
     * another request has just written.
     */
    /**
     * Whether this write should try to compress the attribute section: not while a recent try on
     * this copy found it incompressible (counted down by each write that skips).
     */
    boolean triesCompression() {
        int skips = compressionSkips;
        if (skips > 0) {
            compressionSkips = skips - 1;
            return false;
        }
        return true;
    }

    /** A try found the section incompressible: skip the next {@code writes} tries. */
    void skipCompression(int writes) {
        compressionSkips = writes;
    }

    Object syncLock() {
        return syncLock;
    }

    /** Records a touch (or another node's touch seen on a load) without a data change. */
    void touched(long lastAccess, long expiresAt) {
        this.storedLastAccess = Math.max(storedLastAccess, lastAccess);
        if (expiresAt == 0 || storedExpiresAt == 0) {
            this.storedExpiresAt = expiresAt;
        } else {
            this.storedExpiresAt = Math.max(storedExpiresAt, expiresAt);
        }
        this.confirmedAt = host.now();
    }

    /** This node's clock (epoch ms) when the store last confirmed this copy's state. */
    long confirmedAt() {
        return confirmedAt;
    }

    // ---- the near cache (NearCache) -------------------------------------------------------------

    /** The change stream's key of this copy under {@code id}, computed once per id. */
    String changeKey(String id, java.util.function.Function<String, String> keyOf) {
        synchronized (nearLock) {
            if (!id.equals(changeKeyId)) {
                changeKey = keyOf.apply(id);
                changeKeyId = id;
                announcedVersion = 0;
                confirmedEpoch = -1;
                pushed = null;
            }
            return changeKey;
        }
    }

    /**
     * The stream announced {@code version} under {@code key}.
     *
     * @return whether that makes this copy stale (the key is this copy's and the version newer)
     */
    boolean announced(String key, long version) {
        synchronized (nearLock) {
            if (!key.equals(changeKey)) {
                return false;
            }
            if (version > announcedVersion) {
                announcedVersion = version;
            }
            if (version > pushedVersion) {
                pushed = null; // a newer change, whose record did not come with it
            }
            return version > storedVersion && version != writingVersion;
        }
    }

    /**
     * The stream announced {@code version} under {@code key} with the record it stored, in stream
     * epoch {@code epoch}: kept (only the newest) until a request takes it ({@link #takePushed}).
     *
     * @return whether that makes this copy stale, as {@link #announced(String, long)}
     */
    boolean announced(String key, long version, ChangeStream.PushedRecord record, long epoch) {
        synchronized (nearLock) {
            boolean stale = announced(key, version);
            if (key.equals(changeKey) && version == announcedVersion && version > storedVersion
                    && version != writingVersion) {
                pushed = record;
                pushedVersion = version;
                pushedEpoch = epoch;
            }
            return stale;
        }
    }

    /**
     * The record the stream carried, once and only while it is this copy's current state by the
     * stream: the newest version announced, newer than the copy, at least {@code requiredVersion},
     * and carried in stream epoch {@code epoch} (nothing missed since). {@code null} otherwise.
     */
    ChangeStream.PushedRecord takePushed(long epoch, long requiredVersion) {
        synchronized (nearLock) {
            ChangeStream.PushedRecord record = pushed;
            pushed = null;
            if (record == null || pushedEpoch != epoch || pushedVersion != announcedVersion
                    || pushedVersion <= storedVersion || pushedVersion < requiredVersion) {
                return null;
            }
            return record;
        }
    }

    /**
     * This node is writing the copy as {@code version} ({@code 0}: no longer): the announcement of
     * that write, which may arrive before the write's reply, invalidates nothing, so it is not
     * counted as an invalidation.
     */
    void writing(long version) {
        writingVersion = version;
    }

    long announcedVersion() {
        return announcedVersion;
    }

    /**
     * Lowers the announced version to {@code remembered} (what the stream still remembers under
     * {@code key}) and ends the confirmation, when it is above: an announcement the stream no longer
     * remembers came before the store call now confirming this copy began, which therefore reflects
     * it ({@link NearCache#confirm}). So a session announced as ended that a later read still finds
     * (the cached-JDBC store announces a write Redis missed so) is served unread again.
     */
    void forgetAnnouncedAbove(String key, long remembered) {
        synchronized (nearLock) {
            if (key.equals(changeKey) && announcedVersion > remembered) {
                announcedVersion = remembered;
                confirmedEpoch = -1;
            }
        }
    }

    void confirmed(long epoch) {
        this.confirmedEpoch = epoch;
    }

    boolean confirmedIn(long epoch) {
        return confirmedEpoch == epoch;
    }

    /** Forgets the change key (the id changed): returns the old key, or {@code null}. */
    String forgetChangeKey() {
        synchronized (nearLock) {
            String key = changeKey;
            changeKey = null;
            changeKeyId = null;
            announcedVersion = 0;
            confirmedEpoch = -1;
            pushed = null;
            return key;
        }
    }

    /** Forgets the stored state (the record moved away or vanished): the next write creates it. */
    public void unsynced() {
        this.storedVersion = 0;
    }

    // ---- requests using this object ---------------------------------------------------------

    void requestStarted() {
        requestsInFlight.incrementAndGet();
    }

    public void requestEnded() {
        lastUsedNanos = System.nanoTime();
        requestsInFlight.decrementAndGet();
    }

    /** {@link System#nanoTime()} when a request on this node last released the object. */
    long lastUsedNanos() {
        return lastUsedNanos;
    }

    /**
     * Whether this copy may be dropped from memory without losing anything: no request uses it,
     * the store holds all of it (written at least once, nothing set since, last save succeeded).
     */
    boolean evictable() {
        return isValid && !inUse() && storedVersion > 0 && !discarded && changedSinceSync.isEmpty();
    }

    @Override
    public void access() {
        super.access();
        accesses.incrementAndGet();
    }

    /** How often Tomcat or the application has looked this session up in a request ({@link #access()}). */
    public long accessCount() {
        return accesses.get();
    }

    /** Whether a request on this node is using the object now (so it was refreshed for it). */
    boolean inUse() {
        return requestsInFlight.get() > 0;
    }

    // ---- attributes -------------------------------------------------------------------------

    @Override
    public void setAttribute(String name, Object value, boolean notify) {
        super.setAttribute(name, value, notify);
        if (name != null) {
            changedSinceSync.put(name, changeNumbers.incrementAndGet());
        }
    }

    @Override
    public void removeAttribute(String name, boolean notify) {
        super.removeAttribute(name, notify);
        if (name != null) {
            changedSinceSync.put(name, changeNumbers.incrementAndGet());
        }
    }

    /** The live attribute map (values as the application set them). */
    Map<String, Object> attributeMap() {
        return attributes;
    }

    /**
     * Replaces attributes without firing listeners: used when another node's changes are merged
     * in after a version conflict, or when a reload brings a newer state.
     */
    void putAttributeSilently(String name, Object value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    /** Restores Tomcat's stored fields from a frame (no listener fires). */
    void restore(long creationTime, long lastAccess, int maxInactive, boolean isNew, String authType,
                 Principal principal) {
        this.creationTime = creationTime;
        this.lastAccessedTime = lastAccess;
        this.thisAccessedTime = lastAccess;
        this.maxInactiveInterval = maxInactive;
        this.isNew = isNew;
        this.isValid = true;
        this.authType = authType;
        this.principal = principal;
    }

    /** Takes a newer stored maxInactiveInterval (written on another node), silently. */
    void refreshMaxInactive(int maxInactive) {
        this.maxInactiveInterval = maxInactive;
    }

    /** An attribute's value without the validity check of {@code getAttribute} (for saving a session). */
    Object attributeInternal(String name) {
        return attributes.get(name);
    }

    /** Takes a newer stored authentication (a login or logout on another node), silently. */
    void refreshAuthentication(String authType, Principal principal) {
        this.authType = authType;
        this.principal = principal;
    }

    /** Sets the id of a session rebuilt from the store, registering it without sessionCreated. */
    void setLoadedId(String id) {
        setId(id, false);
    }

    // ---- validity and expiry ----------------------------------------------------------------

    /** Whether the session is still valid, without checking (and acting on) its expiry. */
    public boolean alive() {
        return this.isValid;
    }

    /** Epoch ms at which this session is dead, from both the store's and this node's view. */
    long expiryTime() {
        int maxInactive = maxInactiveInterval;
        if (maxInactive <= 0) {
            return Long.MAX_VALUE;
        }
        long local = thisAccessedTime + maxInactive * 1000L;
        long stored = storedVersion > 0 && storedExpiresAt != 0 ? storedExpiresAt : Long.MIN_VALUE;
        return Math.max(local, stored);
    }

    /**
     * The latest moment the session may have been used, by what this node knows: its own last
     * access, and the last access the store recorded (as this copy last saw it) plus the touch
     * window, since a node records an access only when the stored one is a window old (the
     * stored expiry, {@code access + maxInactive + window}, holds exactly that bound).
     */
    long lastUseBound() {
        long stored = Long.MIN_VALUE;
        if (storedVersion > 0) {
            stored = storedExpiresAt != 0 && storedMaxInactive > 0
                    ? storedExpiresAt - storedMaxInactive * 1000L
                    : storedLastAccess;
        }
        return Math.max(thisAccessedTime, stored);
    }

    /**
     * Idle time as the store knows it too: another node's use of the session, recorded in the
     * store, counts. What Tomcat's manager webapp lists and judges {@code expire?idle=} by.
     */
    @Override
    public long getIdleTimeInternal() {
        return Math.min(super.getIdleTimeInternal(), host.now() - lastUseBound());
    }

    @Override
    public boolean isValid() {
        if (!this.isValid) {
            return false;
        }
        if (this.expiring) {
            return true;
        }
        if (activityCheck && accessCount.get() > 0) {
            return true;
        }
        if (maxInactiveInterval > 0 && host.now() >= expiryTime()) {
            if (inUse()) {
                expire(true); // the store was read for the request using this copy: its view is current
            } else {
                expire(); // an idle copy's view may be stale: the store decides
            }
        }
        return this.isValid;
    }

    /**
     * Ends the session, unless the decision was taken on a stale copy: Tomcat's manager webapp
     * ({@code expire?idle=}), JMX {@code expireSession} and a validity check of an idle copy
     * judge from what this node holds, while another node may have served the session since.
     * So the store is asked first, and only a session whose stored record shows no use later than
     * this copy knew of is ended ({@link SessionHost#idleInStore}). An
     * {@link #invalidate()} (a logout) ends the session at once.
     */
    @Override
    public void expire() {
        if (!invalidating && this.isValid && !this.expiring && !host.idleInStore(this)) {
            return;
        }
        super.expire();
    }

    @Override
    public void invalidate() {
        invalidating = true;
        super.invalidate();
    }

    /** The background expiry already removed the record from the store (compare-and-delete). */
    void expiryHandledByStore() {
        this.expiryHandledByStore = true;
    }

    @Override
    public void expire(boolean notify) {
        boolean wasValid = this.isValid;
        String id = getIdInternal();
        super.expire(notify);
        if (wasValid && !this.isValid && !expiryHandledByStore) {
            host.expired(this, id, invalidating);
        }
    }
}
