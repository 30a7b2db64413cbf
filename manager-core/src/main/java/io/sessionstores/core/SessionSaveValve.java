package io.sessionstores.core;

import java.io.IOException;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.engine.LocalSessions;
import io.sessionstores.core.engine.SessionUse;
import io.sessionstores.core.engine.VersionedSession;

/**
 * The {@link SessionStoreManager}'s request valve, added to the context's pipeline by the Manager
 * (do not configure it yourself). Before the application runs it makes the requested session
 * current with at most one store read; after the application returns, and before the response
 * completes, it saves what changed. An asynchronous request is saved when it completes. A request
 * whose change could not be stored is answered with the Manager's {@code unsavedStatus} (503)
 * instead, as long as its response is not committed.
 */
public final class SessionSaveValve extends ValveBase {

    private final SessionStoreManager manager;

    SessionSaveValve(SessionStoreManager manager) {
        super(true);
        this.manager = manager;
    }

    /**
     * Always {@code true}: asynchronous requests must pass this valve, which saves their session
     * when they complete. Tomcat's modeler offers the setter in JMX even for an attribute its
     * descriptor marks read-only; a change is refused.
     */
    @Override
    public void setAsyncSupported(boolean asyncSupported) {
        super.setAsyncSupported(ConfigCheck.fixedWhileRunning(true, "asyncSupported", true, asyncSupported));
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        String requestedId = request.getRequestedSessionId();
        SessionUseRequest use = new SessionUseRequest(request.getRequest());
        request.setRequest(use);
        long carried = requestedId == null ? 0 : VersionCookie.carried(request, requestedId);
        RequestSaves saves = new RequestSaves(request, response, use, requestedId, beginRequest(requestedId, carried));
        response.setResponse(new SaveBeforeCompletionResponse(response, saves::saveNow));
        boolean async = false;
        try {
            getNext().invoke(request, response);
            if (request.isAsync()) {
                request.getAsyncContextInternal().addListener(new SaveOnComplete(saves));
                async = true;
            }
        } finally {
            if (!async) {
                saves.end();
            }
        }
    }

    /**
     * Before the application runs: makes the requested session current (one store read, or none
     * in sticky mode) and marks it in use.
     *
     * @return the session, or {@code null}
     */
    private VersionedSession beginRequest(String requestedId, long carried) {
        LocalSessions local = manager.running();
        if (requestedId == null || local == null || !manager.acceptsId(requestedId)) {
            return null;
        }
        return local.beginRequest(requestedId, carried);
    }

    /** The saves of one request: early (the application completes the response) and at its end. */
    private final class RequestSaves {
        private final Request request;
        private final Response response;
        private final SessionUseRequest use;
        private final String requestedId;
        private final VersionedSession requested;
        private final long accessesBefore;
        private boolean refused;
        private boolean ended;

        RequestSaves(Request request, Response response, SessionUseRequest use, String requestedId,
                     VersionedSession requested) {
            this.request = request;
            this.response = response;
            this.use = use;
            this.requestedId = requestedId;
            this.requested = requested;
            this.accessesBefore = requested == null ? 0 : requested.accessCount();
        }

        private SessionUse use() {
            return SessionUse.of(requested != null && requested.accessCount() > accessesBefore, use.used());
        }

        /**
         * Saves before the application completes the response.
         *
         * @return whether the response may complete as the application wrote it
         */
        boolean saveNow() {
            endedAfterLogout();
            LocalSessions local = manager.running();
            return answer(local == null || local.saveRequestSessions(request, requestedId, requested, use(),
                    this::acknowledge));
        }

        /** Saves after the application returned, then releases the session. */
        void end() {
            endedAfterLogout();
            LocalSessions local = manager.running();
            if (local != null) {
                answer(local.endRequest(request, requestedId, requested, use(), this::acknowledge));
            } else if (requested != null) {
                requested.requestEnded();
            }
        }

        /** The request ended its session (a logout): the version cookie says so to every node. */
        private void endedAfterLogout() {
            if (!ended && requested != null && !requested.alive()) {
                ended = true;
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

    /** Saves an asynchronous request's session once, when it completes, errs or times out. */
    private static final class SaveOnComplete implements AsyncListener {
        private final RequestSaves saves;
        private boolean done;

        SaveOnComplete(RequestSaves saves) {
            this.saves = saves;
        }

        private synchronized void finish() {
            if (!done) {
                done = true;
                saves.end();
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            finish();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // completion follows a timeout; nothing to do yet
        }

        @Override
        public void onError(AsyncEvent event) {
            // completion follows an error; nothing to do yet
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
