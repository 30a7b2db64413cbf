package io.sessionstores.core;

import java.io.IOException;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * The {@link SessionStoreManager}'s request valve, added to the context's pipeline by the Manager
 * (do not configure it yourself). Before the application runs it makes the requested session
 * current with at most one store read; after the application returns, and before the response
 * completes, it saves what changed. An asynchronous request is saved when it completes.
 */
public final class SessionSaveValve extends ValveBase {

    private final SessionStoreManager manager;

    SessionSaveValve(SessionStoreManager manager) {
        super(true);
        this.manager = manager;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        String requestedId = request.getRequestedSessionId();
        VersionedSession requested = manager.beginRequest(requestedId);
        long start = requested == null ? 0 : requested.accessCount();
        response.setResponse(new SaveBeforeCompletionResponse(response,
                () -> manager.saveRequestSessions(request, requestedId, requested, start)));
        boolean async = false;
        try {
            getNext().invoke(request, response);
            if (request.isAsync()) {
                request.getAsyncContextInternal().addListener(new SaveOnComplete(request, requestedId, requested, start));
                async = true;
            }
        } finally {
            if (!async) {
                manager.endRequest(request, requestedId, requested, start);
            }
        }
    }

    /** Saves an asynchronous request's session once, when it completes, errs or times out. */
    private final class SaveOnComplete implements AsyncListener {
        private final Request request;
        private final String requestedId;
        private final VersionedSession requested;
        private final long start;
        private boolean done;

        SaveOnComplete(Request request, String requestedId, VersionedSession requested, long start) {
            this.request = request;
            this.requestedId = requestedId;
            this.requested = requested;
            this.start = start;
        }

        private synchronized void finish() {
            if (!done) {
                done = true;
                manager.endRequest(request, requestedId, requested, start);
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
