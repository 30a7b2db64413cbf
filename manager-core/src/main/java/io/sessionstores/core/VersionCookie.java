package io.sessionstores.core;

import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.Cookie;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.util.SessionConfig;

import io.sessionstores.core.store.SessionIds;

/**
 * The version cookie: read-your-own-writes across nodes. A response that stored a change of the
 * session tells the browser the session's new version in a second small cookie,
 * {@code <session cookie name>_VERSION}, whose value is the version and a tag of the session id
 * ({@code 42-1a2b3c4d}). A node serves its copy unread only if the copy is at least the version the
 * request carries, so a browser that got a response from node A never sees an older session on
 * node B, whatever the delay of the change stream. Tomcat's session cookie, its id handling, the
 * manager webapp and {@code jvmRoute} are untouched.
 *
 * <p>The value is untrusted input: a malformed value, one over 40 characters, or one whose tag
 * names another session counts as no version; a forged high version only makes the node read the
 * store (the store's record is the truth, whatever the cookie says). The cookie takes the session
 * cookie's path, domain, {@code HttpOnly}, {@code Secure} and max age.
 *
 * <p>A logout does not merely clear it: it sets it to {@code ended-<tag>}, so the browser's next
 * request with the old session cookie (browsers keep it; Tomcat does not clear it) is checked
 * against the store on every node, even on one the logout's announcement has not reached yet.
 * The next session's first write replaces it.
 */
final class VersionCookie {

    private static final int MAX_LENGTH = 40;
    private static final int TAG_LENGTH = 8;
    private static final String ENDED = "ended-";
    /** What a request carries for a session it ended: no copy is that recent. */
    static final long ENDED_VERSION = Long.MAX_VALUE;

    private VersionCookie() {
    }

    /** The cookie's name in {@code context}. */
    static String name(Context context) {
        return SessionConfig.getSessionCookieName(context) + "_VERSION";
    }

    /** The version the request carries for session {@code id}, or 0 for none (or a value not for it). */
    static long carried(Request request, String id) {
        if (id == null) {
            return 0;
        }
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return 0;
        }
        String name = name(request.getContext());
        for (Cookie cookie : cookies) {
            if (name.equals(cookie.getName())) {
                return parse(cookie.getValue(), id);
            }
        }
        return 0;
    }

    /** The version in {@code value} if it is well formed and tagged for {@code id}, else 0. */
    static long parse(String value, String id) {
        if (value == null || value.length() > MAX_LENGTH) {
            return 0;
        }
        if (value.startsWith(ENDED)) {
            return value.substring(ENDED.length()).equals(tag(id)) ? ENDED_VERSION : 0;
        }
        int dash = value.indexOf('-');
        if (dash < 1 || dash > 18 || !value.substring(dash + 1).equals(tag(id))) {
            return 0;
        }
        long version = 0;
        for (int i = 0; i < dash; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            version = version * 10 + (c - '0');
        }
        return version;
    }

    /** The value telling the browser it saw {@code version} of session {@code id}. */
    static String value(long version, String id) {
        return version + "-" + tag(id);
    }

    private static String tag(String id) {
        return SessionIds.hash(id).substring(0, TAG_LENGTH);
    }

    /** Sets the cookie to {@code version} of session {@code id}, unless the response is committed. */
    static void acknowledge(Request request, Response response, String id, long version) {
        if (!response.isCommitted()) {
            response.addCookie(cookie(request, value(version, id), -2));
        }
    }

    /** Marks session {@code id} ended for this browser (a logout), unless the response is committed. */
    static void ended(Request request, Response response, String id) {
        if (!response.isCommitted()) {
            response.addCookie(cookie(request, ENDED + tag(id), -2));
        }
    }

    /** @param maxAge -2 for the session cookie's own max age */
    private static Cookie cookie(Request request, String value, int maxAge) {
        Context context = request.getContext();
        SessionCookieConfig config = context.getServletContext().getSessionCookieConfig();
        Cookie cookie = new Cookie(name(context), value);
        cookie.setPath(SessionConfig.getSessionCookiePath(context));
        if (config.getDomain() != null) {
            cookie.setDomain(config.getDomain());
        }
        cookie.setHttpOnly(true);
        cookie.setSecure(request.isSecure() || config.isSecure());
        cookie.setMaxAge(maxAge == -2 ? config.getMaxAge() : maxAge);
        return cookie;
    }
}
