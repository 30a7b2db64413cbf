package io.sessionstores.core;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

import io.sessionstores.core.store.InMemorySessionStore;

/**
 * One embedded Tomcat with a tiny servlet on the {@link SessionStoreManager} and an
 * {@link InMemorySessionStore}: enough to drive the Manager through real requests in tests.
 * Two nodes built with the same store name share their sessions.
 *
 * <p>The servlet understands {@code ?op=}: {@code get&name=}, {@code set&name=&value=},
 * {@code incr&name=}, {@code append&name=&value=} (mutates a List in place, no setAttribute),
 * {@code invalidate}, {@code changeId}, {@code none} (does not touch the session),
 * {@code attrs} (all attribute names and values), {@code widget&name=&value=} (stores a
 * {@link Widget}, a class outside the default allowlist), {@code async&name=&value=} (sets the
 * attribute from another thread after the valve has returned, then completes).
 */
final class EmbeddedNode implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Tomcat tomcat;
    final SessionStoreManager manager;
    final InMemorySessionStore store;
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final int port;

    EmbeddedNode(String storeName, Consumer<SessionStoreManager> configure) throws LifecycleException, IOException {
        File base = Files.createTempDirectory("ss-node").toFile();
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.getAbsolutePath());
        tomcat.setPort(0);
        tomcat.getConnector();
        tomcat.getServer().setPort(-1);
        Context ctx = tomcat.addContext("", base.getAbsolutePath());
        manager = new SessionStoreManager();
        store = new InMemorySessionStore();
        store.setName(storeName);
        manager.setStore(store);
        configure.accept(manager);
        ctx.setManager(manager);
        Tomcat.addServlet(ctx, "session", new SessionServlet()).setAsyncSupported(true);
        ctx.addServletMappingDecoded("/*", "session");
        ctx.addApplicationListener(Listener.class.getName());
        ctx.setRealm(new TestRealm());
        ctx.getServletContext();
        tomcat.start();
        ctx.getServletContext().setAttribute("events", events);
        port = tomcat.getConnector().getLocalPort();
    }

    String url(String query) {
        return "http://127.0.0.1:" + port + "/s?" + query;
    }

    /** Sends a GET with the given session cookie (may be null); returns the response. */
    HttpResponse<String> get(String sessionId, String query) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(query))).timeout(Duration.ofSeconds(30));
        if (sessionId != null) {
            b.header("Cookie", "JSESSIONID=" + sessionId);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSESSIONID a response set, or {@code null}. */
    static String cookie(HttpResponse<?> response) {
        for (String c : response.headers().allValues("Set-Cookie")) {
            if (c.startsWith("JSESSIONID=")) {
                return c.substring("JSESSIONID=".length(), c.indexOf(';'));
            }
        }
        return null;
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    /** Records session lifecycle events in the context attribute "events". */
    public static final class Listener implements HttpSessionListener {
        @Override
        public void sessionCreated(HttpSessionEvent se) {
            log(se, "created");
        }

        @Override
        public void sessionDestroyed(HttpSessionEvent se) {
            log(se, "destroyed");
        }

        @SuppressWarnings("unchecked")
        private static void log(HttpSessionEvent se, String what) {
            Object events = se.getSession().getServletContext().getAttribute("events");
            if (events != null) {
                ((List<String>) events).add(what);
            }
        }
    }

    /** Knows one user, alice (password "secret"), with the role admin. */
    static final class TestRealm extends org.apache.catalina.realm.RealmBase {
        @Override
        protected String getPassword(String username) {
            return "alice".equals(username) ? "secret" : null;
        }

        @Override
        protected java.security.Principal getPrincipal(String username) {
            return "alice".equals(username)
                    ? new org.apache.catalina.realm.GenericPrincipal(username, List.of("admin")) : null;
        }
    }

    /** An application class: allowed only where {@code allowedClassNames} names it. */
    public static final class Widget implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final String label;

        public Widget(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return "Widget(" + label + ")";
        }
    }

    private static final class SessionServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String op = req.getParameter("op");
            String name = req.getParameter("name");
            String value = req.getParameter("value");
            resp.setContentType("text/plain");
            if ("none".equals(op)) {
                resp.getWriter().write("none");
                return;
            }
            HttpSession s = req.getSession(!"get".equals(op) && !"attrs".equals(op));
            if (s == null) {
                resp.getWriter().write("no-session");
                return;
            }
            String out;
            switch (op) {
                case "get" -> out = String.valueOf(s.getAttribute(name));
                case "set" -> {
                    s.setAttribute(name, value);
                    out = "ok";
                }
                case "incr" -> {
                    Integer n = (Integer) s.getAttribute(name);
                    int next = n == null ? 1 : n + 1;
                    s.setAttribute(name, next);
                    out = String.valueOf(next);
                }
                case "append" -> {
                    @SuppressWarnings("unchecked")
                    List<String> list = (List<String>) s.getAttribute(name);
                    if (list == null) {
                        s.setAttribute(name, new ArrayList<>(List.of(value)));
                    } else {
                        list.add(value);
                    }
                    out = "ok";
                }
                case "invalidate" -> {
                    s.invalidate();
                    out = "invalidated";
                }
                case "changeId" -> out = req.changeSessionId();
                case "login" -> {
                    try {
                        req.login(name, value);
                        out = "ok";
                    } catch (jakarta.servlet.ServletException e) {
                        out = "login failed";
                    }
                }
                case "whoami" -> out = req.getRemoteUser() + " admin=" + req.isUserInRole("admin");
                case "maxInactive" -> {
                    s.setMaxInactiveInterval(Integer.parseInt(value));
                    out = "ok";
                }
                case "widget" -> {
                    s.setAttribute(name, new Widget(value));
                    out = "ok";
                }
                case "async" -> {
                    jakarta.servlet.AsyncContext async = req.startAsync();
                    new Thread(() -> {
                        try {
                            Thread.sleep(200);
                            s.setAttribute(name, value);
                            async.getResponse().getWriter().write("async-ok");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        } finally {
                            async.complete();
                        }
                    }).start();
                    return;
                }
                case "attrs" -> {
                    Map<String, Object> all = new TreeMap<>();
                    for (String n : Collections.list(s.getAttributeNames())) {
                        all.put(n, s.getAttribute(n));
                    }
                    out = all.toString();
                }
                default -> out = "unknown op";
            }
            resp.getWriter().write(out);
        }
    }
}
