package io.sessionstores.core;

import java.io.IOException;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.engine.VersionedSession;

/**
 * The {@link SessionStoreManager}'s request valve, added to the context's pipeline by the Manager
 * (do not configure it yourself). It reads the requested session from the store only when the
 * request uses it (at most once, not at all in sticky mode when this node holds it): when the
 * application asks for the session or the user kept in it, or Tomcat's authenticator needs it to
 * authenticate the request. A request that never does (a static file, a health check, an image)
 * makes no store call, whatever session cookie it carries, and does not extend the session's
 * expiry. After the application returns, and before the response completes, it saves what
 * changed. An asynchronous request is saved when it completes. A request whose change could not be
 * stored is answered with the Manager's {@code unsavedStatus} (503) instead, as long as its
 * response is not committed.
 *
 * <p>How each request's session is served is {@link RequestSaves}'s; where the application starts
 * in the pipeline, the {@link ApplicationStartValve}'s, which the Manager adds after the
 * authenticator.
 */
public final class SessionSaveValve extends ValveBase {

    private final SessionStoreManager manager;
    /** The request this valve is serving on the thread, for Tomcat's lookups through the Manager. */
    private final ThreadLocal<RequestSaves> current = new ThreadLocal<>();

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
        RequestSaves saves = new RequestSaves(manager, current, request, response);
        request.setRequest(saves.use());
        response.setResponse(new SaveBeforeCompletionResponse(response, saves::saveNow));
        RequestSaves outer = current.get();
        current.set(saves);
        boolean async = false;
        try {
            getNext().invoke(request, response);
            if (request.isAsync()) {
                request.getAsyncContextInternal().addListener(new SaveOnComplete(saves));
                async = true;
            }
        } finally {
            try {
                if (!async) {
                    saves.end();
                }
            } finally {
                if (outer == null) {
                    current.remove();
                } else {
                    current.set(outer);
                }
            }
        }
    }

    /**
     * For the Manager's {@code findSession} (Tomcat's lookups, which bypass the request the
     * application sees): whether a lookup of {@code id} on this thread may read the store.
     */
    boolean allowsLookup(String id) {
        RequestSaves saves = current.get();
        return saves == null || saves.allowsLookup(id);
    }

    /** For the Manager's {@code findSession}: the copy of {@code id} the request on this thread began with, or {@code null}. */
    VersionedSession begunCopy(String id) {
        RequestSaves saves = current.get();
        return saves == null ? null : saves.begunCopy(id);
    }

    /** Called by the {@link ApplicationStartValve}: the request on this thread reaches the application. */
    void applicationStarts() {
        RequestSaves saves = current.get();
        if (saves != null) {
            saves.applicationStarts();
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
