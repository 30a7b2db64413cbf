package io.sessionstores.core.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.catalina.Session;
import org.apache.juli.logging.Log;

import io.sessionstores.core.store.ChangeStream;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.support.RateLimitedLog;

/**
 * Which of this node's copies may be served without reading the store: those the store's
 * {@link ChangeStream} vouches for. A copy is <em>confirmed</em> when this node read or wrote it
 * while following the stream, and no change of a newer version has been announced for it since.
 * The stream's {@link ChangeStream.Listener#missed missed} ends every confirmation at once (a new
 * epoch): the next request for each copy reads the store.
 *
 * <p><b>A message racing a read.</b> A change announced while this node's read of the session is
 * in flight must not be lost: every announcement is kept for at least {@link #RECENT_MILLIS}
 * (two generations of a map, swapped at most that often), and a read confirms its copy only if it
 * took less than that. The copy is listed under its key <em>before</em> the recent announcements
 * are looked up, and an announcement is recorded <em>before</em> the copies are looked up, so of
 * a read and a message that cross, at least one sees the other. Conversely, an announcement no
 * longer remembered was made before a read that confirms a copy began: that read reflects it, and
 * the copy no longer carries it (a session announced as ended, then found by a later read, is
 * served unread again).
 */
public final class NearCache implements ChangeStream.Listener {

    /** How long an announcement is remembered at least, for reads in flight when it came. */
    static final long RECENT_MILLIS = 10_000;
    /**
     * Most announcements remembered in one generation (about 100 MB at most): beyond it (a flood on
     * the channel) they are forgotten and every copy is read again, as after a missed message.
     */
    static final int MAX_RECENT = 1_000_000;

    /** When a store call began, and in which epoch of the stream ({@link #NONE}: not following). */
    public record Ticket(long epoch, long startedNanos) {
    }

    static final Ticket NONE = new Ticket(-1, 0);

    private final ChangeStream stream;
    private final ManagerStats stats;
    private final Log log;
    private final RateLimitedLog warnings;
    private final String logName;
    private final AtomicLong epoch = new AtomicLong();
    private volatile boolean following;
    private volatile String lastReset = "not followed yet";
    private volatile Map<String, Long> recent = new ConcurrentHashMap<>();
    private volatile Map<String, Long> previous = new ConcurrentHashMap<>();
    private volatile long rotatedAtNanos = System.nanoTime();
    private final Object rotation = new Object();
    /** The copies under their change keys (a copy dropped from the Manager leaves at the next sweep). */
    private final ConcurrentHashMap<String, VersionedSession> copies = new ConcurrentHashMap<>();

    public NearCache(ChangeStream stream, ManagerStats stats, Log log, RateLimitedLog warnings, String logName) {
        this.stream = stream;
        this.stats = stats;
        this.log = log;
        this.warnings = warnings;
        this.logName = logName;
    }

    /** Starts following the stream. */
    public void start() {
        stream.follow(this);
    }

    public void stop() {
        following = false;
        epoch.incrementAndGet();
        stream.stop();
        copies.clear();
    }

    /** Whether the stream is followed now (copies may be confirmed). */
    public boolean isFollowing() {
        return following;
    }

    /** Why the stream was last reset (JMX). */
    public String lastReset() {
        return lastReset;
    }

    /** Taken before a store call whose answer may confirm a copy. */
    Ticket ticket() {
        return following ? new Ticket(epoch.get(), System.nanoTime()) : NONE;
    }

    /**
     * The store holds {@code session}'s stored version now (it was just read or written, by a
     * call that began at {@code ticket}): confirms the copy if nothing was missed since.
     */
    void confirm(VersionedSession session, String id, Ticket ticket) {
        if (ticket == NONE || id == null) {
            return;
        }
        String key = session.changeKey(id, stream::keyOf);
        copies.put(key, session);
        boolean inTime = System.nanoTime() - ticket.startedNanos() < RECENT_MILLIS * 1_000_000L;
        if (inTime) {
            // what is no longer remembered was announced before the call began: the call reflects it
            session.forgetAnnouncedAbove(key, remembered(key));
        }
        session.announced(key, remembered(key));
        if (following && epoch.get() == ticket.epoch() && inTime) {
            session.confirmed(ticket.epoch());
        }
    }

    /** The greatest version announced under {@code key} that this node still remembers (0: none). */
    private long remembered(String key) {
        Long seen = recent.get(key);
        Long before = previous.get(key);
        return Math.max(seen == null ? 0 : seen, before == null ? 0 : before);
    }

    /**
     * Whether {@code session} may be served without a store read: confirmed in this epoch, no
     * newer version announced, at least the version the request carries, and the stream vouching
     * for copies at this moment ({@link ChangeStream#vouchesNow()}).
     */
    boolean servable(VersionedSession session, long requiredVersion) {
        if (!following || !session.confirmedIn(epoch.get()) || !stream.vouchesNow()) {
            return false;
        }
        long stored = session.storedVersion();
        return stored >= requiredVersion && stored >= session.announcedVersion();
    }

    /** The session now has another id ({@code changeSessionId}): unconfirmed until read or written again. */
    void forget(VersionedSession session) {
        String key = session.forgetChangeKey();
        if (key != null) {
            copies.remove(key, session);
        }
    }

    /** Drops the entries of copies the Manager no longer holds (from the background thread). */
    void sweep(Map<String, Session> held) {
        copies.values().removeIf(s -> {
            String id = s.getIdInternal();
            return id == null || held.get(id) != s;
        });
        rotateIfDue();
    }

    // ---- the stream's side ----------------------------------------------------------------------

    @Override
    public void changed(String[] keys, long[] versions) {
        Map<String, Long> now = recentForAnnouncements();
        for (int i = 0; i < keys.length; i++) {
            announced(now, keys[i], versions[i], null);
        }
    }

    /** {@link #changed(String[], long[])} for one session, whose copy here keeps the record carried. */
    @Override
    public void changed(String key, long version, ChangeStream.PushedRecord record) {
        announced(recentForAnnouncements(), key, version, record);
    }

    /** The map that remembers announcements now: rotated when due, dropped (every copy read again) when flooded. */
    private Map<String, Long> recentForAnnouncements() {
        rotateIfDue();
        Map<String, Long> now = recent;
        if (now.size() > MAX_RECENT) {
            synchronized (rotation) {
                previous = new ConcurrentHashMap<>();
                recent = new ConcurrentHashMap<>();
            }
            missed("more than " + MAX_RECENT + " changes announced within " + RECENT_MILLIS / 1000 + " s");
            following();
            now = recent;
        }
        return now;
    }

    /**
     * Remembers that {@code key} now has {@code version} (before the copy is looked up: see
     * {@link #confirm}) and tells this node's copy of it, with the record the message carried ({@code null}: none).
     */
    private void announced(Map<String, Long> now, String key, long version, ChangeStream.PushedRecord record) {
        now.merge(key, version, Math::max);
        VersionedSession copy = copies.get(key);
        if (copy != null && (record == null ? copy.announced(key, version)
                : copy.announced(key, version, record, epoch.get()))) {
            stats.invalidations.increment();
        }
    }

    /**
     * The record the stream carried for this node's copy of session {@code id}, in place of a store
     * read: only while the stream vouches for it as for a copy served unread (followed, nothing
     * missed since it came, no newer version announced) and at least the version the request
     * carries. Taken once; {@code null} when there is none to take.
     */
    SessionRecord pushed(VersionedSession local, String id, long requiredVersion) {
        if (!following || !stream.vouchesNow()) {
            return null;
        }
        ChangeStream.PushedRecord record = local.takePushed(epoch.get(), requiredVersion);
        return record == null ? null : record.of(id);
    }

    @Override
    public void following() {
        epoch.incrementAndGet();
        following = true;
        log.info(logName + ": following the store's change stream: copies confirmed by it are served without a"
                + " store read");
    }

    @Override
    public void missed(String why) {
        boolean was = following;
        following = false;
        epoch.incrementAndGet();
        lastReset = why;
        stats.streamResets.increment();
        if (was) {
            warnings.warn(logName + ": the store's change stream may have missed changes (" + why + "): every copy is"
                    + " read again at its next request", null);
        }
    }

    private void rotateIfDue() {
        long nanos = System.nanoTime();
        if (nanos - rotatedAtNanos < RECENT_MILLIS * 1_000_000L) {
            return;
        }
        synchronized (rotation) {
            if (nanos - rotatedAtNanos >= RECENT_MILLIS * 1_000_000L) {
                previous = recent;
                recent = new ConcurrentHashMap<>();
                rotatedAtNanos = nanos;
            }
        }
    }

    /**
     * Waits until this node's stream has carried {@code version} of session {@code id}
     * ({@link ChangeStream#GONE}: its end), at most {@code timeoutMillis}, and only while the stream
     * is followed. For a change made outside a request (Tomcat's manager webapp, JMX, the user
     * index's logout), which no browser's version cookie names: the backend hands a message to
     * every subscriber at once, so once this node has it, the other nodes' connections have it too,
     * and the operator's next request elsewhere finds their copies already stale.
     *
     * @return whether it was carried in time
     */
    public boolean awaitCarried(String id, long version, long timeoutMillis) {
        String key = stream.keyOf(id);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (following) {
            if (remembered(key) >= version) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
        return false;
    }

    /** Copies listed under a change key (JMX, tests). */
    int listed() {
        return copies.size();
    }
}
