package io.sessionstores.core;

import java.security.Principal;
import java.util.List;

import jakarta.servlet.http.HttpSession;

import org.apache.catalina.Context;
import org.apache.catalina.Session;

import io.sessionstores.core.engine.PrincipalAttribute;
import io.sessionstores.core.engine.UserSessionsEngine;
import io.sessionstores.core.store.ChangeStream;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.store.UserSession;

/**
 * The Manager's sessions by user: the {@link UserSessions} it puts in the servlet context, and
 * how it ends one session of a user (read from the store whichever node holds it, invalidated
 * with the application's class loader bound, as a logout would).
 */
final class ManagerUsers implements UserSessions {

    private final SessionStoreManager manager;
    private final Context context;
    private final UserSessionsEngine engine;

    ManagerUsers(SessionStoreManager manager, Context context, UserSessionsEngine engine) {
        this.manager = manager;
        this.context = context;
        this.engine = engine;
    }

    UserSessionsEngine engine() {
        return engine;
    }

    /**
     * Ends the session {@code id} on this node: its listeners fire here, its record goes.
     *
     * @return {@code false} when no live session has that id (ended meanwhile)
     */
    boolean end(String id) {
        Session session = manager.findSession(id);
        if (session == null) {
            return false;
        }
        ClassLoader previous = context == null ? null : context.bind(false, null);
        try {
            session.getSession().invalidate();
            manager.awaitCarried(id, ChangeStream.GONE);
            return true;
        } catch (IllegalStateException alreadyInvalid) {
            return false;
        } finally {
            if (context != null) {
                context.unbind(false, previous);
            }
        }
    }

    @Override
    public List<UserSession> sessionsOf(String user) {
        try {
            return engine.sessionsOf(user);
        } catch (StoreException e) {
            throw new IllegalStateException("sessions of a user: the store failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int logout(String user) {
        return logout(user, null);
    }

    @Override
    public int logoutOthers(HttpSession current) {
        if (current == null) {
            return 0;
        }
        Session session = manager.findSession(current.getId());
        Principal principal = session == null ? null : session.getPrincipal();
        String user = principal != null ? principal.getName() : manager.getPrincipalAttribute() == null ? null
                : PrincipalAttribute.name(current.getAttribute(manager.getPrincipalAttribute()));
        return user == null ? 0 : logout(user, current.getId());
    }

    private int logout(String user, String keepId) {
        try {
            return engine.logout(user, keepId);
        } catch (StoreException e) {
            throw new IllegalStateException("logout of a user: the store failed: " + e.getMessage(), e);
        }
    }
}
