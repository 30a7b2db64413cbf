package io.sessionstores.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.catalina.Manager;
import org.apache.catalina.Session;

import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionIds;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.support.RateLimitedLog;

/**
 * The application's sessions as the store holds them, for Tomcat's manager webapp
 * ({@code findSessions()}: the session list, a session's page, "invalidate selected", "remove
 * attribute", {@code /manager/text/sessions} and {@code expire}) and the Manager's JMX operations
 * by id. Never on a request's way, and never called by Tomcat's background expiry (the Manager
 * overrides {@code processExpires}).
 *
 * <p>A listing walks the store with its {@link SessionStore#scan scan} in keyset order, in
 * batches, and stops at {@code maxListed} live sessions: bounded cost however many are stored.
 * Each listed session is this node's copy when it holds the record's version (the same state,
 * and the copy's own idle judgment), otherwise a {@link StoredSessionView} of the record, which
 * is never registered as this node's copy and decodes its attributes only when asked. A lookup
 * by id is one store read.
 */
public final class StoredSessions {

    /** Records asked of the store per scan call while listing. */
    static final int SCAN_BATCH = 500;

    private final Map<String, Session> copies;
    private final SessionHost host;
    private final SessionStore store;
    private final StoreCalls calls;
    private final RecordLoader loader;
    private final SessionSaver saver;
    private final int maxListed;
    private final RateLimitedLog errors;
    private final String logName;
    private final Function<SessionRecord, StoredSessionView> newView;

    /**
     * @param manager   the Manager whose sessions these are (each view's Manager)
     * @param copies    this node's copies (the Manager's map)
     * @param maxListed most sessions a listing returns ({@code maxListedSessions}); {@code 0}: only
     *                  this node's copies, as Tomcat's own Managers list them
     */
    public <M extends Manager & SessionHost> StoredSessions(M manager, Map<String, Session> copies, StoreCalls calls,
            RecordLoader loader, SessionSaver saver, int maxListed, RateLimitedLog errors, String logName) {
        this.copies = copies;
        this.store = calls.store();
        this.calls = calls;
        this.loader = loader;
        this.saver = saver;
        this.maxListed = maxListed;
        this.errors = errors;
        this.logName = logName;
        this.newView = rec -> new StoredSessionView(manager, this, rec);
        this.host = manager;
    }

    /**
     * Up to {@code maxListed} live sessions of the application, from the store. When the store
     * fails, this node's copies (logged): the manager webapp still shows what this node has.
     */
    public Session[] list() {
        if (maxListed == 0) {
            return copies.values().toArray(new Session[0]);
        }
        List<Session> listed = new ArrayList<>();
        try {
            for (ScannedRecord r : liveRecords()) {
                listed.add(sessionOf(r.record()));
            }
        } catch (StoreException e) {
            errors.warn(logName + ": the store could not list the sessions; listing this node's copies only", e);
            return copies.values().toArray(new Session[0]);
        }
        return listed.toArray(new Session[0]);
    }

    /** The ids of up to {@code maxListed} live sessions, from the store (space separated, as Tomcat's {@code listSessionIds}). */
    public String listIds() throws StoreException {
        if (maxListed == 0) {
            return String.join(" ", copies.keySet());
        }
        StringBuilder ids = new StringBuilder();
        for (ScannedRecord r : liveRecords()) {
            ids.append(r.record().id()).append(' ');
        }
        return ids.toString();
    }

    private List<ScannedRecord> liveRecords() throws StoreException {
        List<ScannedRecord> live = new ArrayList<>();
        ScanRequest request = ScanRequest.all(Math.min(SCAN_BATCH, maxListed));
        while (live.size() < maxListed) {
            ScanBatch batch = store.scan(request);
            for (ScannedRecord r : batch.records()) {
                if (!r.expired() && !r.isPartial() && live.size() < maxListed) {
                    live.add(r);
                }
            }
            if (batch.isLast()) {
                break;
            }
            request = request.next(batch);
        }
        return live;
    }

    /**
     * The live session stored under {@code id} (one store read), or {@code null} when none is;
     * {@code null} also for a malformed id, which never reaches the store.
     */
    public Session find(String id) throws StoreException {
        SessionRecord rec = calls.read(id);
        return rec == null ? null : sessionOf(rec);
    }

    /** This node's copy when it holds exactly this record's version, otherwise a view of the record. */
    private Session sessionOf(SessionRecord rec) {
        Session held = copies.get(rec.id());
        if (held instanceof VersionedSession copy && copy.alive() && copy.storedVersion() == rec.version()) {
            return copy;
        }
        return newView.apply(rec);
    }

    /** Decodes {@code rec} into {@code view} (attributes without listeners, creation time, authentication). */
    boolean decode(SessionRecord rec, StoredSessionView view) {
        return loader.materialize(rec, view);
    }

    /** Why a view whose frame did not decode here is not changed. */
    String unreadable(String id) {
        return logName + ": session " + SessionIds.hash(id) + " cannot be decoded here (see the log): not changed";
    }

    /**
     * Writes a view's attribute change now (compare-and-set, merged over a newer version), then
     * drops this node's copy, now older than the store.
     *
     * @throws IllegalStateException when the session is gone from the store or the write failed
     *                               (Tomcat's manager webapp reports it as not changed)
     */
    void saveNow(StoredSessionView view) {
        String id = view.getIdInternal();
        SessionSaver.Outcome outcome = saver.save(view, SessionUse.NONE);
        dropCopy(id);
        if (outcome == SessionSaver.Outcome.WRITTEN) {
            host.awaitCarried(id, view.storedVersion());
        }
        if (outcome == SessionSaver.Outcome.GONE) {
            throw new IllegalStateException(logName + ": session " + SessionIds.hash(id)
                    + " is no longer in the store (invalidated or expired meanwhile): nothing changed");
        }
        if (outcome == SessionSaver.Outcome.FAILED) {
            throw new IllegalStateException(logName + ": the change to session " + SessionIds.hash(id)
                    + " could not be stored (see the log): nothing changed");
        }
    }

    /** An operator ended the session through a view: drops this node's copy, and waits for the stream to carry it. */
    void ended(String id) {
        dropCopy(id);
        host.awaitCarried(id, io.sessionstores.core.store.ChangeStream.GONE);
    }

    /**
     * Drops this node's copy of a session an operator changed or ended through a view (silently:
     * the view fired the listeners); a copy a request is using stays, and its save meets the
     * store's newer state.
     */
    void dropCopy(String id) {
        Session held = copies.get(id);
        if (held instanceof VersionedSession copy && !(held instanceof StoredSessionView) && !copy.inUse()) {
            copies.remove(id, copy);
        }
    }
}
