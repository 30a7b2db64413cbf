package io.sessionstores.core.engine;

/** How a request used its session, which decides what the save after it may do. */
public enum SessionUse {
    /** Nobody looked the session up: nothing is encoded, written or touched (unless set through the API). */
    NONE,
    /**
     * Tomcat looked it up (an authenticator restoring the user, say) but the application never
     * got it: the stored expiry is touched when due, nothing is encoded.
     */
    ACCESSED,
    /** The application got the session: its attributes are checked for changes, and a touch is due. */
    USED;

    /** The use from the session's access count before and after the request, and the application's use. */
    public static SessionUse of(boolean accessed, boolean usedByApplication) {
        if (usedByApplication) {
            return USED;
        }
        return accessed ? ACCESSED : NONE;
    }
}
