package io.sessionstores.core;

import java.util.List;

import jakarta.servlet.http.HttpSession;

import io.sessionstores.core.store.UserSession;

/**
 * Sessions by user, for application code: the Manager puts one in the servlet context under
 * {@link #CONTEXT_ATTRIBUTE} when its store keeps a user index (every store of session-stores does). A "log out my
 * other devices" button:
 *
 * <pre>{@code
 * UserSessions users = (UserSessions) request.getServletContext().getAttribute(UserSessions.CONTEXT_ATTRIBUTE);
 * int ended = users.logoutOthers(request.getSession(false));
 * }</pre>
 *
 * A session counts as the user's once its write after the login has reached the store: with
 * container authentication ({@code persistAuthentication="true"}), the authenticated user's name.
 * Every session ended here is ended as a logout ends it: its listeners fire once, on this node,
 * and no node serves it again.
 */
public interface UserSessions {

    /** The servlet context attribute that holds the Manager's {@code UserSessions}. */
    String CONTEXT_ATTRIBUTE = "io.sessionstores.UserSessions";

    /** The user's live sessions on every node, most recently used first (at most 1,000). */
    List<UserSession> sessionsOf(String user);

    /**
     * Ends every session of {@code user} on every node.
     *
     * @return how many were ended
     */
    int logout(String user);

    /**
     * Ends every other session of the user {@code current} belongs to, keeping {@code current}.
     *
     * @return how many were ended; {@code 0} when {@code current} is {@code null} or belongs to no user
     */
    int logoutOthers(HttpSession current);
}
