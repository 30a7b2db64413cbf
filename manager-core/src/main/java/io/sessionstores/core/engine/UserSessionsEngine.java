package io.sessionstores.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import org.apache.juli.logging.Log;

import io.sessionstores.core.store.SessionIds;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.store.UserNames;
import io.sessionstores.core.store.UserSession;

/**
 * Sessions by user, from the store's user index: list them, end them all (a password change),
 * and keep a user at {@code maxSessionsPerUser} sessions at each login. A session is ended the
 * way a logout ends it, on this node: read from the store (whichever node holds it), invalidated
 * with the application's class loader bound, so its listeners fire once, here, and its record is
 * deleted; another node that holds a copy finds the record gone at its next request for it and
 * drops the copy silently.
 */
public final class UserSessionsEngine {

    /** Most sessions of one user listed or ended by one call (each user's most recently used). */
    public static final int MAX_PER_CALL = 1000;

    /** Ends one session this node reads from the store; {@code false} when there was none to end. */
    public interface Ender {
        boolean end(String id) throws StoreException;
    }

    private final SessionStore store;
    private final Ender ender;
    private final IntSupplier maxSessionsPerUser;
    private final Log log;
    private final String logName;

    public UserSessionsEngine(SessionStore store, Ender ender, IntSupplier maxSessionsPerUser, Log log,
                              String logName) {
        this.store = store;
        this.ender = ender;
        this.maxSessionsPerUser = maxSessionsPerUser;
        this.log = log;
        this.logName = logName;
    }

    /** Whether the store keeps a user index (otherwise every call here fails, saying so). */
    public boolean available() {
        return store.indexesUsers();
    }

    /** The user's live sessions, most recently used first, never a raw id. */
    public List<UserSession> sessionsOf(String user) throws StoreException {
        String indexed = requireUser(user);
        List<UserSession> found = new ArrayList<>();
        for (SessionRecord r : store.sessionsOfUser(indexed, MAX_PER_CALL)) {
            found.add(UserSession.of(r));
        }
        return found;
    }

    /**
     * Ends every session of {@code user} but {@code keepId} (may be {@code null}).
     *
     * @return how many sessions this call ended
     */
    public int logout(String user, String keepId) throws StoreException {
        String indexed = requireUser(user);
        int ended = 0;
        for (SessionRecord r : store.sessionsOfUser(indexed, MAX_PER_CALL)) {
            if (!r.id().equals(keepId) && ender.end(r.id())) {
                ended++;
            }
        }
        log.info(logName + ": ended " + ended + " session(s) of a user" + (keepId == null ? "" : " (kept the current one)"));
        return ended;
    }

    /**
     * After a write that made {@code current} a session of {@code user} (a login): above
     * {@code maxSessionsPerUser}, ends the user's least recently used other sessions. A store
     * failure here does not undo the login; it is logged and the limit is enforced at the next.
     */
    public void loggedIn(String current, String user) {
        int max = maxSessionsPerUser.getAsInt();
        String indexed = UserNames.indexed(user);
        if (max <= 0 || indexed == null || !store.indexesUsers()) {
            return;
        }
        try {
            List<SessionRecord> sessions = store.sessionsOfUser(indexed, MAX_PER_CALL);
            int kept = 1; // the session that has just logged in
            for (SessionRecord r : sessions) {
                if (r.id().equals(current)) {
                    continue;
                }
                if (kept < max) {
                    kept++;
                } else if (ender.end(r.id())) {
                    log.info(logName + ": ended session " + SessionIds.hash(r.id()) + ", the least recently used of a"
                            + " user above maxSessionsPerUser=" + max);
                }
            }
        } catch (StoreException | RuntimeException e) {
            log.warn(logName + ": maxSessionsPerUser=" + max + " not enforced at this login: " + e.getMessage(), e);
        }
    }

    private String requireUser(String user) {
        String indexed = UserNames.indexed(user == null ? null : user.strip());
        if (indexed == null) {
            throw new IllegalArgumentException("user: a user name is required, got " + (user == null ? "none" : "'"
                    + user + "'"));
        }
        return indexed;
    }

}
