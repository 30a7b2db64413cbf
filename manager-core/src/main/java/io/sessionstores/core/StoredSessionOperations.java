package io.sessionstores.core;

import java.util.Date;
import java.util.Set;
import java.util.function.Function;

import org.apache.catalina.Session;

import io.sessionstores.core.engine.StoredSessions;
import io.sessionstores.core.store.SessionIds;
import io.sessionstores.core.store.StoreException;

/**
 * Tomcat's standard Manager operations on JMX ({@code listSessionIds}, {@code getSessionAttribute},
 * {@code getCreationTime}, {@code getLastAccessedTime} and their {@code ...Timestamp} forms),
 * answered from the store, so they see every session of the application and not only the copies
 * this node holds ({@code ManagerBase} reads its own map). Same answers as Tomcat's for a session
 * that is not there: {@code ""}, {@code -1} or {@code null}, logged with the id's hash.
 * {@code expireSession} is the Manager's own method.
 */
final class StoredSessionOperations {

    /** The operations answered here, by name. */
    static final Set<String> NAMES = Set.of("listSessionIds", "getSessionAttribute", "getCreationTime",
            "getCreationTimestamp", "getLastAccessedTime", "getLastAccessedTimestamp");

    private StoredSessionOperations() {
    }

    /** Runs the operation {@code name} (one of {@link #NAMES}) on {@code manager}. */
    static Object invoke(SessionStoreManager manager, String name, Object[] params) {
        return switch (name) {
            case "listSessionIds" -> listSessionIds(manager);
            case "getSessionAttribute" -> attribute(manager, (String) params[0], (String) params[1]);
            case "getCreationTime" -> of(manager, params, "", s -> new Date(s.getCreationTimeInternal()).toString());
            case "getCreationTimestamp" -> of(manager, params, -1L, Session::getCreationTimeInternal);
            case "getLastAccessedTime" -> of(manager, params, "", s -> new Date(s.getLastAccessedTimeInternal()).toString());
            case "getLastAccessedTimestamp" -> of(manager, params, -1L, Session::getLastAccessedTimeInternal);
            default -> throw new IllegalArgumentException("not a stored-session operation: " + name);
        };
    }

    private static String listSessionIds(SessionStoreManager manager) {
        StoredSessions stored = manager.storedSessions();
        if (stored == null) {
            return manager.listSessionIds();
        }
        try {
            return stored.listIds();
        } catch (StoreException e) {
            throw new IllegalStateException("the store could not list the sessions: " + e.getMessage(), e);
        }
    }

    private static String attribute(SessionStoreManager manager, String id, String key) {
        Object value = of(manager, new Object[] {id}, null, s -> s.getSession().getAttribute(key));
        return value == null ? null : value.toString();
    }

    private static <T> T of(SessionStoreManager manager, Object[] params, T missing, Function<Session, T> answer) {
        String id = (String) params[0];
        Session session = manager.storedSession(id);
        if (session == null) {
            manager.notFound(id);
            return missing;
        }
        return answer.apply(session);
    }
}
