package io.sessionstores.core;

import java.util.regex.Pattern;

import org.apache.catalina.SessionIdGenerator;

import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.store.SessionIds;

/**
 * The start-up check that the ids this context will generate pass the Manager's own id check
 * ({@link SessionIds#isWellFormed}). Without it, an Engine {@code jvmRoute} with other characters
 * or a custom {@code SessionIdGenerator} would make every id "malformed": each request would get a
 * fresh session and {@code changeSessionId} would fail at login.
 */
final class SessionIdCheck {

    private static final Pattern ROUTE = Pattern.compile("[A-Za-z0-9_-]{1," + SessionIds.MAX_ROUTE_LENGTH + "}");

    private SessionIdCheck() {
    }

    /**
     * Generates one id with {@code generator} and checks it.
     *
     * @throws ConfigException naming what is wrong and what is allowed
     */
    static void check(SessionIdGenerator generator, String jvmRoute) {
        if (jvmRoute != null && !jvmRoute.isEmpty() && !ROUTE.matcher(jvmRoute).matches()) {
            throw new ConfigException("jvmRoute", jvmRoute, "the Engine's jvmRoute must be 1 to "
                    + SessionIds.MAX_ROUTE_LENGTH + " characters of [A-Za-z0-9_-]: it ends every session id, and"
                    + " ids with other characters are refused as malformed");
        }
        String sample = generator.generateSessionId();
        if (!SessionIds.isWellFormed(sample, generator.getSessionIdLength(), jvmRoute)) {
            // The sample is a fresh random id no user holds; still, only its shape is logged.
            throw new ConfigException("SessionIdGenerator", generator.getClass().getName(),
                    "a generator whose ids are " + 2 * generator.getSessionIdLength() + " upper-case hex digits"
                            + " (sessionIdLength=" + generator.getSessionIdLength() + "), plus '.' and the jvmRoute"
                            + " when the Engine has one, as Tomcat's StandardSessionIdGenerator makes them; this one"
                            + " made an id of " + sample.length() + " characters that does not have that form");
        }
    }
}
