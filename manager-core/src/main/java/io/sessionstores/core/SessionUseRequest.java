package io.sessionstores.core;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/**
 * The request the application sees while the {@link SessionSaveValve} is in the pipeline: it
 * notices whether the application (a servlet, filter or JSP) got the session. Tomcat's own
 * lookups (the authenticator's, for one) do not count: a request that never used the session
 * is neither encoded nor written nor touched after it.
 */
final class SessionUseRequest extends HttpServletRequestWrapper {

    private volatile boolean used;

    SessionUseRequest(HttpServletRequest request) {
        super(request);
    }

    /** Whether the application got a session from this request. */
    boolean used() {
        return used;
    }

    @Override
    public HttpSession getSession(boolean create) {
        return noticed(super.getSession(create));
    }

    @Override
    public HttpSession getSession() {
        return noticed(super.getSession());
    }

    private HttpSession noticed(HttpSession session) {
        if (session != null) {
            used = true;
        }
        return session;
    }
}
