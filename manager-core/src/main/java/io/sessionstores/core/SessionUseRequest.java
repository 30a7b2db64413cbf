package io.sessionstores.core;

import java.io.IOException;
import java.security.Principal;
import java.util.function.Supplier;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The request the application sees while the {@link SessionSaveValve} is in the pipeline. The
 * requested session is read from the store only when the application asks for it: before a call
 * that looks the session up ({@code getSession}, {@code isRequestedSessionIdValid},
 * {@code changeSessionId}, {@code login}, {@code logout}, {@code authenticate}) it tells the
 * valve's {@link Lookups}, on whatever thread the call comes (an asynchronous request's too);
 * before a call that asks for the user ({@code getUserPrincipal}, {@code getRemoteUser},
 * {@code isUserInRole}, {@code getAuthType}) likewise, so that the user Tomcat keeps in the session
 * is there. It also notices whether the application got the session: Tomcat's own lookups (the
 * authenticator's, for one) do not count, and a request that never used the session is neither
 * encoded nor written nor touched after it.
 */
final class SessionUseRequest extends HttpServletRequestWrapper {

    /** What the valve does before the application's session and user lookups. */
    interface Lookups {
        /** Before a call that looks the requested session up. */
        void beforeSessionLookup();

        /** {@link #beforeSessionLookup()}, then runs {@code lookup} as this request's lookup, on whatever thread. */
        <T> T lookUp(Supplier<T> lookup);

        /** Before a call that asks for the user, whom Tomcat may keep in the session. */
        void beforeUserLookup();

        /**
         * The id of the session the request holds now (one it used or created), without reading
         * the store for a requested session nobody used; {@code null} when it holds none.
         */
        String heldSessionId();
    }

    private final Lookups lookups;
    private volatile boolean used;

    SessionUseRequest(HttpServletRequest request, Lookups lookups) {
        super(request);
        this.lookups = lookups;
    }

    /** The request the Manager's valve served under {@code request}'s wrappers, or {@code null}. */
    static SessionUseRequest in(ServletRequest request) {
        for (ServletRequest r = request; r instanceof ServletRequestWrapper wrapper; r = wrapper.getRequest()) {
            if (wrapper instanceof SessionUseRequest use) {
                return use;
            }
        }
        return null;
    }

    /** See {@link Lookups#heldSessionId()}. */
    String heldSessionId() {
        return lookups.heldSessionId();
    }

    /** Whether the application got a session from this request. */
    boolean used() {
        return used;
    }

    @Override
    public HttpSession getSession(boolean create) {
        return noticed(lookups.lookUp(() -> super.getSession(create)));
    }

    @Override
    public HttpSession getSession() {
        return noticed(lookups.lookUp(super::getSession));
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return lookups.lookUp(super::isRequestedSessionIdValid);
    }

    @Override
    public String changeSessionId() {
        return lookups.lookUp(super::changeSessionId);
    }

    @Override
    public boolean authenticate(HttpServletResponse response) throws IOException, ServletException {
        lookups.beforeSessionLookup();
        return super.authenticate(response);
    }

    @Override
    public void login(String username, String password) throws ServletException {
        lookups.beforeSessionLookup();
        super.login(username, password);
    }

    @Override
    public void logout() throws ServletException {
        lookups.beforeSessionLookup();
        super.logout();
    }

    @Override
    public Principal getUserPrincipal() {
        lookups.beforeUserLookup();
        return super.getUserPrincipal();
    }

    @Override
    public String getRemoteUser() {
        lookups.beforeUserLookup();
        return super.getRemoteUser();
    }

    @Override
    public boolean isUserInRole(String role) {
        lookups.beforeUserLookup();
        return super.isUserInRole(role);
    }

    @Override
    public String getAuthType() {
        lookups.beforeUserLookup();
        return super.getAuthType();
    }

    private HttpSession noticed(HttpSession session) {
        if (session != null) {
            used = true;
        }
        return session;
    }
}
