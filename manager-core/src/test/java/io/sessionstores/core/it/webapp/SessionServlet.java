package io.sessionstores.core.it.webapp;

import io.sessionstores.core.it.Gates;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The session operations of the test webapp, one per path under {@code /session/}, all by GET
 * with query parameters, each answering with the session's state as JSON (see
 * {@link #state(HttpSession)}), or 404 {@code {"exists":false}} when the request has no session:
 * <ul>
 *   <li>{@code create}: {@code getSession(true)}; with {@code ?name=&value=} it also sets that
 *       String (an error page can then create and change a session in one dispatch);</li>
 *   <li>{@code get}: the existing session, never creates one;</li>
 *   <li>{@code set?name=&value=}: {@code setAttribute} of a String;</li>
 *   <li>{@code remove?name=}: {@code removeAttribute};</li>
 *   <li>{@code increment?name=}: an Integer counter, +1 via {@code setAttribute};</li>
 *   <li>{@code set-and-increment?name=&value=&counter=}: {@code set} and {@code increment} of
 *       {@code counter} in one request;</li>
 *   <li>{@code append?name=&value=}: adds to a List already in the session IN PLACE, with no
 *       {@code setAttribute} (the first call creates the list with {@code setAttribute});</li>
 *   <li>{@code append-held?name=&value=&gate=}: takes the existing list, waits at that
 *       {@link Gates gate}, then appends to the object it took;</li>
 *   <li>{@code listener?name=}: sets a {@link ListenerValue} (binding/activation events);</li>
 *   <li>{@code invalidate}: {@code invalidate()}, answers {@code {"invalidated":"<id>"}};</li>
 *   <li>{@code change-id}: {@code request.changeSessionId()}, the state has {@code previousId};</li>
 *   <li>{@code max-inactive?seconds=}: {@code setMaxInactiveInterval};</li>
 *   <li>{@code widget?name=&value=}: sets a {@link Widget} (an application class that an
 *       allowlist may refuse);</li>
 *   <li>{@code async?name=&value=}: starts async processing; another thread sets the attribute
 *       200 ms after the servlet returned, then completes the request;</li>
 *   <li>{@code async-lookup?name=&value=}: starts async processing without looking the session
 *       up; another thread ({@code AsyncContext.start}) gets the existing session, sets the
 *       attribute and completes the request (404 when there is no session);</li>
 *   <li>{@code login?name=&password=}: {@code request.login} (the state has {@code user});</li>
 *   <li>{@code whoami}: the state with {@code user} (remote user, or absent) and {@code admin}
 *       ({@code isUserInRole("admin")});</li>
 *   <li>{@code fail-after-commit}: writes and flushes {@code partial}, then throws a
 *       {@code ServletException} (Tomcat then includes the error page, as the response is
 *       committed);</li>
 *   <li>{@code logout}: {@code request.logout()}, the session stays (answers as {@code whoami}).</li>
 *   <li>{@code user}: {@code {"user": <remote user or null>}} without looking the session up (a page
 *       that asks only who is logged in).</li>
 * </ul>
 * Any operation also takes {@code hold=<gate>}: after the operation, the request waits at that
 * {@link Gates gate} until the test opens it (a slow request, played deterministically), and
 * {@code holdAfter=<gate>&late=<value>}: after responding, waits at that gate, then sets the
 * attribute {@code late} (work the application does after its response is out).
 * Any operation but {@code create} also takes {@code finish=close|length&linger=<ms>}: the
 * response reaches the client before the servlet returns (see {@link EarlyFinish}).
 */
@WebServlet(urlPatterns = "/session/*", asyncSupported = true)
public class SessionServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        // Included (an error page into a committed response), the request keeps the includer's path.
        Object included = req.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO);
        String pathInfo = included != null ? (String) included : req.getPathInfo();
        String op = pathInfo == null ? "" : pathInfo.substring(1);
        if ("fail-after-commit".equals(op)) {
            resp.getWriter().print("partial");
            resp.flushBuffer();
            throw new ServletException("failed after the response was committed");
        }
        if ("create".equals(op)) {
            HttpSession created = req.getSession(true);
            if (req.getParameter("name") != null) {
                created.setAttribute(req.getParameter("name"), req.getParameter("value"));
            }
            Json.write(resp, 200, state(created));
            return;
        }
        if ("user".equals(op)) {
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("user", req.getRemoteUser());
            Json.write(resp, 200, user);
            return;
        }
        if ("async-lookup".equals(op)) {
            lookUpLater(req);
            return;
        }
        HttpSession session = req.getSession(false);
        if (session == null) {
            Json.write(resp, 404, Map.of("exists", false));
            return;
        }
        if ("async".equals(op)) {
            setLater(req, session);
            return;
        }
        Map<String, Object> answer = apply(op, req, session);
        String hold = req.getParameter("hold");
        if (hold != null) {
            Gates.pass(hold);
        }
        if (answer == null) {
            Json.write(resp, 400, Map.of("error", "unknown operation '" + op + "'"));
        } else {
            EarlyFinish.respond(req, resp, answer);
            afterResponding(req, session);
        }
    }

    /** {@code holdAfter=<gate>}: waits at that gate after responding; {@code late=<v>}: then sets {@code late}. */
    private static void afterResponding(HttpServletRequest req, HttpSession session) {
        String holdAfter = req.getParameter("holdAfter");
        if (holdAfter != null) {
            Gates.pass(holdAfter);
        }
        String late = req.getParameter("late");
        if (late != null) {
            session.setAttribute("late", late);
        }
    }

    /** Served like GET, so that parameters (a password) may come in a form body instead of the URL. */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        doGet(req, resp);
    }

    private static Map<String, Object> apply(String op, HttpServletRequest req, HttpSession session) {
        String name = req.getParameter("name");
        switch (op) {
            case "get":
                return state(session);
            case "set":
                session.setAttribute(name, req.getParameter("value"));
                return state(session);
            case "remove":
                session.removeAttribute(name);
                return state(session);
            case "increment":
                increment(session, name);
                return state(session);
            case "set-and-increment":
                session.setAttribute(name, req.getParameter("value"));
                increment(session, req.getParameter("counter"));
                return state(session);
            case "append":
                appendInPlace(session, name, req.getParameter("value"));
                return state(session);
            case "append-held":
                appendHeld(session, name, req.getParameter("value"), req.getParameter("gate"));
                return state(session);
            case "listener":
                session.setAttribute(name, new ListenerValue(name));
                return state(session);
            case "invalidate":
                return invalidate(session);
            case "change-id":
                return changeId(req, session);
            case "max-inactive":
                session.setMaxInactiveInterval(Integer.parseInt(req.getParameter("seconds")));
                return state(session);
            case "widget":
                session.setAttribute(name, new Widget(req.getParameter("value")));
                return state(session);
            case "login":
                return login(req, name, req.getParameter("password"));
            case "whoami":
                return whoami(req, session);
            case "logout":
                return logout(req, session);
            default:
                return null;
        }
    }

    private static void increment(HttpSession session, String name) {
        Integer current = (Integer) session.getAttribute(name);
        session.setAttribute(name, current == null ? 1 : current + 1);
    }

    @SuppressWarnings("unchecked")
    private static void appendInPlace(HttpSession session, String name, String value) {
        List<String> list = (List<String>) session.getAttribute(name);
        if (list == null) {
            List<String> created = new ArrayList<>();
            created.add(value);
            session.setAttribute(name, created);
        } else {
            list.add(value);
        }
    }

    private static void setLater(HttpServletRequest req, HttpSession session) {
        AsyncContext async = req.startAsync();
        String name = req.getParameter("name");
        String value = req.getParameter("value");
        async.start(() -> {
            try {
                Thread.sleep(200);
                session.setAttribute(name, value);
                Json.write((HttpServletResponse) async.getResponse(), 200, state(session));
            } catch (InterruptedException | IOException e) {
                Thread.currentThread().interrupt();
            } finally {
                async.complete();
            }
        });
    }

    /** The session looked up on another thread than the servlet's, after it returned. */
    private static void lookUpLater(HttpServletRequest req) {
        AsyncContext async = req.startAsync();
        String name = req.getParameter("name");
        String value = req.getParameter("value");
        async.start(() -> {
            try {
                HttpSession session = ((HttpServletRequest) async.getRequest()).getSession(false);
                if (session == null) {
                    Json.write((HttpServletResponse) async.getResponse(), 404, Map.of("exists", false));
                } else {
                    session.setAttribute(name, value);
                    Json.write((HttpServletResponse) async.getResponse(), 200, state(session));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                async.complete();
            }
        });
    }

    /** Takes the list, waits at {@code gate}, then appends to that very object (a request holding a reference). */
    @SuppressWarnings("unchecked")
    private static void appendHeld(HttpSession session, String name, String value, String gate) {
        List<String> list = (List<String>) session.getAttribute(name);
        Gates.pass(gate);
        list.add(value);
    }

    private static Map<String, Object> login(HttpServletRequest req, String user, String password) {
        try {
            req.login(user, password);
        } catch (ServletException e) {
            return Map.of("error", "login failed");
        }
        return whoami(req, req.getSession(false));
    }

    private static Map<String, Object> logout(HttpServletRequest req, HttpSession session) {
        try {
            req.logout();
        } catch (ServletException e) {
            return Map.of("error", "logout failed");
        }
        return whoami(req, session);
    }

    private static Map<String, Object> whoami(HttpServletRequest req, HttpSession session) {
        Map<String, Object> state = state(session);
        if (req.getRemoteUser() != null) {
            state.put("user", req.getRemoteUser());
        }
        state.put("admin", req.isUserInRole("admin"));
        return state;
    }

    private static Map<String, Object> invalidate(HttpSession session) {
        String id = session.getId();
        session.invalidate();
        return Map.of("invalidated", id);
    }

    private static Map<String, Object> changeId(HttpServletRequest req, HttpSession session) {
        String previous = session.getId();
        req.changeSessionId();
        Map<String, Object> state = state(req.getSession(false));
        state.put("previousId", previous);
        return state;
    }

    /**
     * The session as JSON: {@code exists}, {@code id}, {@code new}, {@code creationTime},
     * {@code lastAccessedTime}, {@code maxInactiveInterval} and {@code attributes} (name to
     * {@code String.valueOf(value)}, sorted by name).
     */
    static Map<String, Object> state(HttpSession session) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("exists", true);
        state.put("id", session.getId());
        state.put("new", session.isNew());
        state.put("creationTime", session.getCreationTime());
        state.put("lastAccessedTime", session.getLastAccessedTime());
        state.put("maxInactiveInterval", session.getMaxInactiveInterval());
        Map<String, String> attributes = new TreeMap<>();
        for (String name : Collections.list(session.getAttributeNames())) {
            attributes.put(name, String.valueOf(session.getAttribute(name)));
        }
        state.put("attributes", attributes);
        return state;
    }
}
