package io.sessionstores.core;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import io.sessionstores.core.engine.LocalSessions;

/**
 * Saves what an error page changed. Tomcat runs error pages in its host valve, after the
 * context's pipeline (and the Manager's {@link SessionSaveValve}) has returned. A forwarded error
 * page is saved when Tomcat closes the response after it ({@link SaveBeforeCompletionResponse});
 * an error page included into an already committed response closes nothing. Tomcat then tells
 * the context's request listeners that the request is over: this listener, which the Manager adds
 * to its context at start, saves the request's session then (only what changed since is
 * written), but only when an error page ran (the request carries {@code jakarta.servlet.error.*}
 * attributes), so other requests cost nothing; a session that neither the request nor its error
 * page used is not read. The write comes after the response went out.
 */
final class ErrorPageSaveListener implements ServletRequestListener {

    private final SessionStoreManager manager;

    ErrorPageSaveListener(SessionStoreManager manager) {
        this.manager = manager;
    }

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        ServletRequest request = event.getServletRequest();
        if (!(request instanceof HttpServletRequest http) || !errorPageRan(request)) {
            return;
        }
        // The request's own session, as the error page left it: no store read for a session that
        // neither the request nor its error page used.
        SessionUseRequest use = SessionUseRequest.in(request);
        String id;
        if (use != null) {
            id = use.heldSessionId();
        } else {
            HttpSession session = http.getSession(false);
            id = session == null ? null : session.getId();
        }
        LocalSessions local = manager.running();
        if (id != null && local != null) {
            local.saveAfterErrorPage(id);
        }
    }

    private static boolean errorPageRan(ServletRequest request) {
        return request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) != null
                || request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) != null;
    }

    /** Whether this listener saves for {@code other}. */
    boolean savesFor(SessionStoreManager other) {
        return manager == other;
    }

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        // nothing to do before the request
    }
}
