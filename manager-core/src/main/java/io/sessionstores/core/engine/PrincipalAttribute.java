package io.sessionstores.core.engine;

import java.lang.reflect.Method;
import java.security.Principal;

/**
 * The user of a session whose application logs in on its own, from the attribute named by the
 * Manager's {@code principalAttribute}: a {@code String} (the name), a {@link Principal}, or an
 * object with {@code getAuthentication().getName()} (Spring Security's {@code SecurityContext},
 * read by reflection, so no Spring class is needed here). The name is stored in the frame's
 * principal slot under {@link #AUTH_TYPE}, for the store's user index only: such a frame never
 * gives a session Tomcat's authentication on any node.
 */
public final class PrincipalAttribute {

    /** The frame's authType of a principal slot that holds only the attribute's user. */
    static final String AUTH_TYPE = "session-stores:principalAttribute";

    private PrincipalAttribute() {
    }

    /** The user the attribute's value names, or {@code null} (nobody, or a value of no known kind). */
    public static String name(Object value) {
        if (value instanceof String text) {
            return text.isBlank() ? null : text;
        }
        if (value instanceof Principal principal) {
            return principal.getName();
        }
        if (value == null) {
            return null;
        }
        try {
            Method getAuthentication = value.getClass().getMethod("getAuthentication");
            Object authentication = getAuthentication.invoke(value);
            if (authentication == null || isAnonymous(authentication)) {
                return null;
            }
            Object name = authentication.getClass().getMethod("getName").invoke(authentication);
            return name instanceof String text && !text.isBlank() ? text : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Spring Security's anonymous authentication names a user that is nobody. */
    private static boolean isAnonymous(Object authentication) {
        return authentication.getClass().getName().endsWith(".AnonymousAuthenticationToken");
    }

    /** The authentication fingerprint of a session known by the attribute's user only. */
    static String key(String name) {
        return AUTH_TYPE + '\u0000' + name;
    }
}
