package io.sessionstores.core;

import java.util.function.Supplier;

import org.apache.catalina.Authenticator;
import org.apache.catalina.Context;
import org.apache.catalina.Realm;
import org.apache.catalina.Session;
import org.apache.catalina.authenticator.AuthenticatorBase;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;

import io.sessionstores.core.engine.LocalSessions;
import io.sessionstores.core.engine.SessionUse;
import io.sessionstores.core.engine.VersionedSession;

/**
 * One request's session, as the {@link SessionSaveValve} serves it: the requested session is read
 * from the store the first time the request looks it up (not at all when it never does), and
 * saved early (the application completes the response) and when the request ends.
 *
 * <p>Who looks it up: the application, through the {@link SessionUseRequest} (on any thread), and
 * Tomcat's own code on the valve's thread, through {@link SessionStoreManager#findSession}
 * ({@link #allowsLookup}). One lookup is not served: Tomcat's authenticator, which every context
 * has, looks the session up on every request, before the application runs, to restore the user
 * it keeps there; for a request the authenticator does not authenticate (no security constraint
 * covers it, it is not a FORM login's {@code j_security_check}, the context does not authenticate
 * preemptively), that lookup finds nothing, and the user is restored when the application asks
 * for it ({@link #beforeUserLookup}).
 *
 * <p>Thread-safe: an asynchronous request's application may look the session up on another thread
 * while the valve's thread saves; the saves hold this object's lock.
 */
final class RequestSaves implements SessionUseRequest.Lookups {

    private final SessionStoreManager manager;
    /** The valve's: which request the thread is serving, for the Manager's lookups. */
    private final ThreadLocal<RequestSaves> current;
    private final Request request;
    private final Response response;
    private final String requestedId;
    /** Whether Tomcat's authenticator authenticates this request, and so needs its user before the application. */
    private final boolean authenticates;
    private final SessionUseRequest use;
    private boolean applicationRuns;
    private boolean begun;
    /** The id {@link LocalSessions#beginRequest} was called for; {@code null} when it was not. */
    private String begunId;
    private VersionedSession requested;
    private long accessesBefore;
    private boolean userAsked;
    private boolean saving;
    private boolean ended;
    private boolean refused;
    /** The version cookie already says the requested session ended (see {@link #endedAfterLogout}). */
    private boolean endedSaid;

    RequestSaves(SessionStoreManager manager, ThreadLocal<RequestSaves> current, Request request, Response response) {
        this.manager = manager;
        this.current = current;
        this.request = request;
        this.response = response;
        this.requestedId = request.getRequestedSessionId();
        this.authenticates = requestedId != null && authenticates(request);
        this.use = new SessionUseRequest(request.getRequest(), this);
    }

    /** The request the application sees. */
    SessionUseRequest use() {
        return use;
    }

    /**
     * Whether Tomcat's authenticator authenticates this request, reading the user from the session:
     * a security constraint covers it, it is a FORM login's {@code j_security_check}, or the context
     * authenticates preemptively.
     */
    private static boolean authenticates(Request request) {
        Context context = request.getContext();
        if (context == null) {
            return true;
        }
        if (context.getPreemptiveAuthentication()) {
            return true;
        }
        // The realm finds constraints only among the context's own; reading them is lock-free, while
        // getRealm() takes the context's read lock on every request (seen in the hot-read profile).
        SecurityConstraint[] constraints = context.findConstraints();
        if (constraints != null && constraints.length > 0) {
            Realm realm = context.getRealm();
            if (realm != null && realm.findSecurityConstraints(request, context) != null) {
                return true;
            }
        }
        String uri = request.getDecodedRequestURI();
        return uri != null && uri.endsWith(org.apache.catalina.authenticator.Constants.FORM_ACTION);
    }

    /** The pipeline has reached the application (see {@link ApplicationStartValve}). */
    synchronized void applicationStarts() {
        applicationRuns = true;
    }

    /**
     * Before Tomcat's lookup of {@code id} on the valve's thread ({@link SessionStoreManager#findSession}).
     *
     * @return whether the lookup may go on to this node's copies and the store; {@code false}: it
     * finds nothing (the request has not used the session and does not need it now)
     */
    synchronized boolean allowsLookup(String id) {
        if (begun || !id.equals(requestedId)) {
            return true;
        }
        if (saving || ended) {
            return false; // the request is done without its session: nothing to read
        }
        if (!applicationRuns && !authenticates) {
            return false; // the authenticator restoring a user this request does not need yet
        }
        begin();
        return true;
    }

    @Override
    public synchronized void beforeSessionLookup() {
        if (!begun && !saving && !ended) {
            begin();
        }
    }

    /**
     * Runs the application's lookup on this thread as this request's (an asynchronous request's
     * thread is not the valve's), so that {@link SessionStoreManager#findSession} serves it the
     * copy the request began with ({@link #begunCopy}). Once the request has ended (an error page
     * Tomcat runs after the valve), the lookup is an ordinary one.
     */
    @Override
    public <T> T lookUp(Supplier<T> lookup) {
        boolean holdsCopy;
        synchronized (this) {
            beforeSessionLookup();
            holdsCopy = requested != null && !ended;
        }
        return holdsCopy ? onThisThread(lookup) : lookup.get();
    }

    /**
     * The copy of {@code id} this request began with, while it is alive under that id: every
     * lookup of the request gets that one object, which the request saves. Reading the node's map
     * again could find a newer object, if a save refused meanwhile dropped the begun one, and the
     * application's changes would then go where the request does not save them.
     */
    synchronized VersionedSession begunCopy(String id) {
        VersionedSession copy = requested;
        return copy != null && id.equals(begunId) && copy.alive() && id.equals(copy.getIdInternal()) ? copy : null;
    }

    /**
     * Restores the user Tomcat's authenticator keeps in the session (its {@code cache}), as the
     * authenticator would have before the application, had this request needed it then.
     */
    @Override
    public synchronized void beforeUserLookup() {
        if (userAsked || authenticates || saving || ended) {
            return;
        }
        userAsked = true;
        if (requestedId == null || request.getPrincipal() != null || !authenticatorKeepsUser(request.getContext())) {
            return;
        }
        beforeSessionLookup();
        Session session = request.getSessionInternal(false);
        if (session != null && session.getPrincipal() != null) {
            request.setAuthType(session.getAuthType());
            request.setUserPrincipal(session.getPrincipal());
        }
    }

    private static boolean authenticatorKeepsUser(Context context) {
        Authenticator authenticator = context == null ? null : context.getAuthenticator();
        return authenticator instanceof AuthenticatorBase base && base.getCache();
    }

    /** Makes the requested session current (one store read, or none in sticky mode) and marks it in use. */
    private void begin() {
        begun = true;
        LocalSessions local = manager.running();
        if (requestedId == null || local == null || !manager.acceptsId(requestedId)) {
            return;
        }
        begunId = requestedId;
        requested = local.beginRequest(requestedId, VersionCookie.carried(request, requestedId));
        accessesBefore = requested == null ? 0 : requested.accessCount();
    }

    private SessionUse sessionUse() {
        return SessionUse.of(requested != null && requested.accessCount() > accessesBefore, use.used());
    }

    /**
     * Saves before the application completes the response.
     *
     * @return whether the response may complete as the application wrote it
     */
    synchronized boolean saveNow() {
        endedAfterLogout();
        LocalSessions local = manager.running();
        return answer(local == null || withoutReading(() -> local.saveRequestSessions(request, begunId, requested,
                sessionUse(), this::acknowledge)));
    }

    /** Saves after the application returned (or the asynchronous request completed), then releases the session. */
    synchronized void end() {
        ended = true;
        endedAfterLogout();
        LocalSessions local = manager.running();
        if (local != null) {
            answer(withoutReading(() -> local.endRequest(request, begunId, requested, sessionUse(),
                    this::acknowledge)));
        } else if (requested != null) {
            requested.requestEnded();
        }
    }

    /** After the request: an error page may have used or created a session since (see {@link ErrorPageSaveListener}). */
    @Override
    public synchronized String heldSessionId() {
        Session held = withoutReading(() -> request.getSessionInternal(false));
        return held == null ? null : held.getIdInternal();
    }

    /**
     * Runs a save, during which the lookups of the request's session (on this thread, whichever it
     * is) do not begin it: a session the request never used is not read to be saved.
     */
    private <T> T withoutReading(Supplier<T> save) {
        saving = true;
        try {
            return onThisThread(save);
        } finally {
            saving = false;
        }
    }

    /** Runs {@code call} with this request as the thread's current one (see {@link SessionSaveValve}). */
    private <T> T onThisThread(Supplier<T> call) {
        RequestSaves outer = current.get();
        if (outer == this) {
            return call.get();
        }
        current.set(this);
        try {
            return call.get();
        } finally {
            if (outer == null) {
                current.remove();
            } else {
                current.set(outer);
            }
        }
    }

    /**
     * The request ended its session (a logout): the version cookie says so to every node, before
     * a session the request created sets it to that session's version.
     */
    private void endedAfterLogout() {
        if (!endedSaid && requested != null && !requested.alive()) {
            endedSaid = true;
            VersionCookie.ended(request, response, requestedId);
        }
    }

    /** A write of a session this request used: the version cookie tells the browser its version. */
    private void acknowledge(String id, long version) {
        VersionCookie.acknowledge(request, response, id, version);
    }

    private boolean answer(boolean stored) {
        if (!stored && !refused) {
            refused = manager.unsavedResponses().refuse(response);
        }
        return !refused;
    }
}
